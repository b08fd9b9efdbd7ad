import base64
import csv
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.queue_job.job import Job

from ..tools import decomposition_sheet as sheet
from ..wizards.target_sheet_import_mixin import JOB_BYTES_PARAM
from .common import TargetCityCase
from .test_background_jobs import queued

HEADER = [
    "目标编号",
    "上级目标编号",
    "单位编码",
    "责任人",
    "指标编码",
    "目标名称",
    "目标值",
    "基期值",
    "分值",
    "完成时限",
    "考核板块",
]


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


@tagged("post_install", "-at_install")
class TestGoalImport(TargetCityCase):
    GOOD = [
        HEADER,
        ["C1", "", "city", "", "GDP", "全市地区生产总值", 1000, 900, 0, "2026-12-31", ""],
        ["A1", "C1", "ca", "", "GDP", "甲县地区生产总值", 600, 550, 10, "2026-12-31", "quant"],
        ["B1", "C1", "cb", "", "GDP", "乙县地区生产总值", 400, 350, 10, "", "quant"],
        ["A11", "A1", "ta1", "", "GDP", "一镇地区生产总值", 300, "", 8, "", "quant"],
        ["A12", "A1", "ta2", "", "GDP", "二镇地区生产总值", 300, "", 8, "", ""],
        ["A1P", "A1", "ca", "E001", "GDP", "县长包保", 50, "", 2, "", ""],
    ]

    def run_import(self, data, filename, user=None):
        Wizard = self.env["target.goal.import.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create(
            {"cycle_id": self.cycle.id, "file": base64.b64encode(data), "filename": filename}
        )
        wizard.action_import()
        return wizard

    def test_good_xlsx(self):
        wizard = self.run_import(xlsx(self.GOOD), "分解表.xlsx")
        self.assertEqual(wizard.state, "done", wizard.error_text)
        goals = {g.ref: g for g in wizard.goal_ids}
        self.assertEqual(len(goals), 6)
        self.assertEqual(goals["A11"].parent_id, goals["A1"])
        self.assertEqual(goals["A1"].parent_id, goals["C1"])
        self.assertEqual(goals["A1P"].employee_id, self.employee)
        self.assertEqual(goals["A1"].section_id, self.section(self.scheme_county, "quant"))
        self.assertEqual(goals["A11"].section_id, self.section(self.scheme_town, "quant"))
        self.assertEqual(str(goals["A1"].deadline), "2026-12-31")
        self.assertTrue(goals["C1"].is_covered)
        self.assertTrue(goals["A1"].is_covered)  # 300 + 300 + 50 >= 600

    def test_good_csv_in_gb18030_with_english_headers_and_existing_parent(self):
        parent = self.goal(self.county_a, target=100.0, ref="EXIST")
        rows = [
            ["ref", "parent_ref", "unit_code", "indicator_code", "name", "target_value", "points"],
            ["", "EXIST", "ta1", "GDP", "一镇", "55.5", "3"],
            ["", "EXIST", "ta2", "GDP", "二镇", "44.5", "3"],
        ]
        wizard = self.run_import(csv_bytes(rows, "gb18030"), "sheet.csv")
        self.assertEqual(wizard.state, "done", wizard.error_text)
        self.assertEqual(parent.child_ids, wizard.goal_ids)
        self.assertEqual(parent.decomposed_value, 100.0)
        self.assertTrue(all(g.ref.startswith("G") for g in wizard.goal_ids))

    def test_every_kind_of_bad_row_is_reported_and_nothing_written(self):
        self.goal(self.county_b, name="已有", ref="OLD")
        rows = [
            HEADER,
            ["C1", "", "city", "", "GDP", "全市", 1000, "", 0, "", ""],  # row 2: good
            ["X1", "C1", "nowhere", "", "GDP", "未知单位", 10, "", 1, "", ""],  # 3: unit
            ["X2", "C1", "ca", "", "NOPE", "未知指标", 10, "", 1, "", ""],  # 4: indicator
            ["X3", "C1", "ca", "", "GDP", "非数字", "十", "", 1, "", ""],  # 5: number
            ["X4", "C1", "ca", "", "GDP", "负分", 10, "", -1, "", ""],  # 6: negative points
            ["X5", "C1", "ca", "", "GDP", "日期", 10, "", 1, "明年", ""],  # 7: date
            ["X6", "ZZ", "ca", "", "GDP", "无上级", 10, "", 1, "", ""],  # 8: parent unknown
            ["X7", "C1", "ca", "", "GDP", "", 10, "", 1, "", ""],  # 9: required name
            ["X1", "C1", "cb", "", "GDP", "重号", 10, "", 1, "", ""],  # 10: duplicate number
            ["OLD", "C1", "cb", "", "GDP", "旧号", 10, "", 1, "", ""],  # 11: number exists
            ["X8", "C1", "cb", "", "GDP", "已有", 10, "", 1, "", ""],  # 12: goal exists
            ["X9", "X10", "ta1", "", "GDP", "环1", 10, "", 1, "", ""],  # 13: loop
            ["X10", "X9", "ta1", "", "GDP", "环2", 10, "", 1, "", ""],  # 14: loop
            ["X11", "C1", "ca", "", "GDP", "板块", 10, "", 1, "", "social"],  # 15: section
            ["X12", "X13", "ca", "", "GDP", "不在下级", 10, "", 1, "", ""],  # 16: not below
            ["X13", "C1", "cb", "", "GDP", "乙县", 10, "", 1, "", ""],  # 17: good
            ["X14", "C1", "ca", "王五", "GDP", "查无此人", 10, "", 1, "", ""],  # 18: person
            ["X15", "C1", "ca", "", "GDP", "完成时限", 10, "", 1, "2027-03-01", ""],  # 19
        ]
        count = self.env["target.goal"].search_count([])
        wizard = self.run_import(xlsx(rows), "bad.xlsx")
        self.assertEqual(wizard.state, "errors")
        self.assertEqual(self.env["target.goal"].search_count([]), count)
        text = wizard.error_text
        for expected in [
            "Row 3, column 单位编码: unknown unit code nowhere",
            "Row 4, column 指标编码: unknown indicator code NOPE",
            "Row 5, column 目标值: not a number: 十",
            "Row 6, column 分值: must be at least 0",
            "Row 7, column 完成时限: not a date (YYYY-MM-DD): 明年",
            "Row 8, column 上级目标编号: unknown parent goal number ZZ",
            "Row 9, column 目标名称: value required",
            "Row 10, column 目标编号: goal number X1 repeats row 3",
            "Row 11, column 目标编号: goal number OLD already exists in the cycle",
            "Row 12, column 目标名称: the unit already has this goal in the cycle",
            "column 上级目标编号: parent goal numbers form a loop through X",
            "Row 15, column 考核板块: section social is not in the scheme of unit ca",
            "Row 16, column 单位编码: unit ca is not below the parent goal's unit",
            "Row 18, column 责任人: unknown or ambiguous person 王五",
            "Row 19, column 完成时限: deadline 2027-03-01 lies outside the cycle",
        ]:
            self.assertIn(expected, text)
        self.assertNotIn("Row 2,", text)
        self.assertNotIn("Row 17,", text)
        # rows 13 and 14 also sit on the same unit as their (looping) parent: 2 more
        self.assertIn("Row 14, column 单位编码: unit ta1 is not below", text)
        self.assertEqual(wizard.error_count, 17, text)

    def test_header_and_format_errors(self):
        wizard = self.run_import(xlsx([["单位编码", "目标名称"], ["ca", "x"]]), "h.xlsx")
        self.assertIn("Row 1, column 指标编码: required column missing", wizard.error_text)
        with self.assertRaisesRegex(UserError, "only .xlsx and .csv"):
            self.run_import(b"hello", "sheet.txt")
        with self.assertRaisesRegex(UserError, "not a readable xlsx file"):
            self.run_import(b"not a zip", "sheet.xlsx")

    def test_the_errors_dialog_keeps_its_title(self):
        """The wizard shown again with its errors is titled as the import, in the
        user's language (it read "Odoo" without a name)."""
        wizard = self.env["target.goal.import.wizard"].create(
            {"cycle_id": self.cycle.id, "file": base64.b64encode(xlsx([["单位编码"]]))}
        )
        wizard.filename = "h.xlsx"
        self.assertEqual(wizard.action_import()["name"], "Import a Decomposition Sheet")
        action = wizard.with_context(lang="zh_CN").action_import()
        self.assertEqual((action["res_id"], action["name"]), (wizard.id, "导入目标分解表"))

    def test_unit_user_imports_only_for_own_subtree(self):
        rows = [
            HEADER,
            ["", "", "ta1", "", "GDP", "一镇", 10, "", 1, "", ""],
            ["", "", "cb", "", "GDP", "乙县", 10, "", 1, "", ""],
        ]
        wizard = self.run_import(xlsx(rows), "u.xlsx", user=self.users["unit_user"])
        self.assertEqual(wizard.state, "errors")
        self.assertIn("Row 3, column 单位编码: you cannot plan for unit cb", wizard.error_text)
        wizard = self.run_import(xlsx(rows[:2]), "u.xlsx", user=self.users["unit_user"])
        self.assertEqual(wizard.state, "done", wizard.error_text)
        with self.assertRaises(AccessError):
            self.run_import(xlsx(rows[:2]), "u.xlsx", user=self.users["leader"])

    def test_template_round_trip(self):
        wizard = self.env["target.goal.import.wizard"].create({"cycle_id": self.cycle.id})
        action = wizard.action_download_template()
        self.assertIn("/template_file/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        header = [c.value for c in book.worksheets[0][1]]
        self.assertEqual(header[2], "单位编码 *")
        codes = {row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
        self.assertTrue({"ca", "cb", "city"} <= codes)
        # the template's own header imports (the stars are ignored)
        index, errors = sheet.map_header(header)
        self.assertFalse(errors)
        self.assertEqual(index["unit_code"], 2)

    def test_large_sheet(self):
        towns = self.env["target.unit"].create(
            [
                {
                    "name": f"村{i}",
                    "code": f"v{i}",
                    "parent_id": self.town_a1.id,
                    "category_id": self.cat_town.id,
                }
                for i in range(50)
            ]
        )
        rows = [HEADER, ["P", "", "ta1", "", "GDP", "一镇", 100000, "", 0, "", ""]]
        for i in range(3000):
            town = towns[i % 50]
            rows.append([f"R{i}", "P", town.code, "", "GDP", f"任务{i}", 40, "", 1, "", ""])
        wizard = self.run_import(xlsx(rows), "big.xlsx")
        self.assertEqual(wizard.state, "done", wizard.error_text)
        self.assertEqual(len(wizard.goal_ids), 3001)
        parent = wizard.goal_ids.filtered(lambda g: g.ref == "P")
        self.assertEqual(parent.decomposed_value, 120000.0)

    def test_a_large_file_is_imported_by_a_background_job(self):
        """Over the size of the system parameter, the import is a job; all or nothing."""
        self.env["ir.config_parameter"].sudo().set_param(JOB_BYTES_PARAM, "1000")
        wizard = self.env["target.goal.import.wizard"].create(
            {
                "cycle_id": self.cycle.id,
                "file": base64.b64encode(xlsx(self.GOOD)),
                "filename": "分解表.xlsx",
            }
        )
        with queued():
            action = wizard.action_import()
            job = self.env["target.job"].search(
                [("res_model", "=", wizard._name), ("res_id", "=", wizard.id)]
            )
            self.assertEqual(job.state, "queued")
            self.assertEqual(action["tag"], "display_notification")
            self.assertEqual(wizard.state, "upload", "nothing imported before the job runs")
            Job.load(self.env, job.queue_job_id.uuid).perform()
        self.assertEqual(job.state, "done", job.result)
        self.assertEqual(job.result, "分解表.xlsx is imported.")
        self.assertEqual(len(wizard.goal_ids), 6)
        # a small file is imported at once, without a job
        self.env["ir.config_parameter"].sudo().set_param(JOB_BYTES_PARAM, str(10**6))
        row = ["Z1", "", "cb", "", "AIR", "乙县空气质量", 90, "", 2, "", "quant"]
        small = self.run_import(csv_bytes([HEADER, row]), "small.csv")
        self.assertEqual(small.state, "done", small.error_text)
        self.assertFalse(self.env["target.job"].search([("res_id", "=", small.id)]))

    def test_a_background_import_with_errors_fails_and_writes_nothing(self):
        self.env["ir.config_parameter"].sudo().set_param(JOB_BYTES_PARAM, "1000")
        rows = [*self.GOOD, ["BAD", "C1", "nowhere", "", "GDP", "坏行", 1, "", 1, "", ""]]
        wizard = self.env["target.goal.import.wizard"].create(
            {
                "cycle_id": self.cycle.id,
                "file": base64.b64encode(xlsx(rows)),
                "filename": "坏表.xlsx",
            }
        )
        goals = self.env["target.goal"].search_count([])
        with queued():
            wizard.action_import()
            job = self.env["target.job"].search(
                [("res_model", "=", wizard._name), ("res_id", "=", wizard.id)]
            )
            Job.load(self.env, job.queue_job_id.uuid).perform()
        self.assertEqual(job.state, "failed")
        self.assertIn("坏表.xlsx was not imported (1 errors)", job.result)
        self.assertIn("Row 8", job.result)
        self.assertEqual(self.env["target.goal"].search_count([]), goals)

    def test_odoo_import_on_goals(self):
        # Odoo's own import, with people's names for the relations: unit by name or code,
        # indicator by code
        result = self.env["target.goal"].load(
            ["ref", "cycle_id", "unit_id", "indicator_id", "name", "target_value", "points"],
            [
                ["IMP1", "2026年度", "乙县", "GDP", "导入", "12", "3"],
                ["IMP2", "2026年度", "ca", "AIR", "导入", "90", "2"],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        goals = self.env["target.goal"].browse(result["ids"])
        self.assertEqual(goals.mapped("unit_id"), self.county_b | self.county_a)
        self.assertEqual(goals[0].target_value, 12.0)
        self.assertEqual(goals[1].indicator_id, self.ind_air)
        self.assertTrue(all(goals.mapped("plan_id")))

    def test_form_upload(self):
        with Form(self.env["target.goal.import.wizard"]) as form:
            form.cycle_id = self.cycle
        self.assertEqual(form.record.state, "upload")
