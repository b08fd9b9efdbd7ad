"""The superior-level upload sheet (上报表): the office's layout filled with
data; every mistake in a template refused when saved, naming where it is."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ReportsCase


def column(code, header, source_type="field", **values):
    return (0, 0, dict(code=code, header=header, source_type=source_type, **values))


def header(row, col_from, col_to, text, **values):
    return (0, 0, dict(row=row, col_from=col_from, col_to=col_to, text=text, **values))


@tagged("post_install", "-at_install")
class TestExportTemplate(ReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = (
            cls.env["target.export.template"]
            .with_user(cls.users["office"])
            .create(
                {
                    "name": "市县考核结果上报表",
                    "source": "evaluation",
                    "sheet_name": "上报表",
                    "freeze_cols": 2,
                    "header_ids": [
                        header(1, 1, 6, "{cycle}市县考核结果上报表（{category}）", style="title"),
                        header(2, 1, 2, "基本情况"),
                        header(2, 3, 6, "考核得分"),
                    ],
                    "column_ids": [
                        column("no", "序号", "sequence", sequence=1, width=6),
                        column("unit", "单位", field_path="unit_id.name", sequence=2),
                        column("total", "总分", field_path="total", num_format="0.00", sequence=3),
                        column("bonus", "加分", field_path="bonus", sequence=4),
                        column(
                            "net",
                            "扣除加减分",
                            "expression",
                            expression="round(total - bonus + deduction, 2)",
                            num_format="0.00",
                            sequence=5,
                        ),
                        column("grade", "等次", field_path="grade", sequence=6),
                        column("deduction", "减分", field_path="deduction", sequence=7),
                    ],
                }
            )
        )

    def export(self, template=None, role="office", **values):
        wizard = Form(self.env["target.report.wizard"].with_user(self.users[role]))
        wizard.report = "template"
        wizard.template_id = template or self.template
        wizard.cycle_id = self.cycle
        for name, value in values.items():
            setattr(wizard, name, value)
        wizard = wizard.save()
        action = wizard.action_export()
        self.assertEqual(action["report_name"], "target_reports.export_template_xlsx")
        content, name = wizard._render_report()
        self.assertEqual(name, (template or self.template).name)
        return self.workbook(content).worksheets[0]

    def test_layout_filled_with_data(self):
        sheet = self.export(category_id=self.cat_county)
        self.assertEqual(sheet.title, "上报表")
        self.assertEqual(sheet["A1"].value, f"{self.cycle.name}市县考核结果上报表（县区）")
        self.assertEqual(self.merged(sheet), {"A1:F1", "A2:B2", "C2:F2"})
        self.assertEqual(
            [c.value for c in sheet[3]],
            ["序号", "单位", "总分", "加分", "扣除加减分", "等次", "减分"],
        )
        self.assertEqual(sheet.freeze_panes, "C4")
        self.assertEqual(sheet.print_title_rows, "$1:$3")
        rows = self.rows(sheet, 4)
        by_unit = {row[1]: row for row in rows}
        self.assertEqual(set(by_unit), {"甲县", "乙县"}, "the county category only")
        self.assertEqual([row[0] for row in rows], [1, 2])
        a = self.evaluations.filtered(lambda e: e.unit_id == self.county_a)
        row = by_unit["甲县"]
        self.assertAlmostEqual(row[2], a.total)
        self.assertAlmostEqual(row[4], round(a.total - a.bonus + a.deduction, 2))
        grades = dict(a._fields["grade"]._description_selection(self.env))
        self.assertEqual(row[5], grades[a.grade])
        self.assertEqual(sheet["C4"].number_format, "0.00")
        self.assertEqual(sheet["E4"].number_format, "0.00")

    def test_headers_over_several_rows(self):
        template = self.template.copy({"name": "两行表头"})
        template.header_ids.unlink()
        template.write(
            {
                "column_header": False,
                "header_ids": [
                    header(1, 1, 1, "序号", row_span=2),
                    header(1, 2, 7, "考核结果"),
                    header(2, 2, 2, "单位"),
                    header(2, 3, 7, "得分与等次"),
                ],
            }
        )
        sheet = self.export(template, unit_ids=self.county_a)
        self.assertEqual(self.merged(sheet), {"A1:A2", "B1:G1", "C2:G2"})
        self.assertEqual(sheet["A1"].value, "序号")
        self.assertEqual(self.rows(sheet, 3)[0][:2], (1, "甲县"))

    def test_expression_failing_on_a_row(self):
        template = self.template.copy({"name": "除法"})
        template.column_ids.filtered(lambda c: c.code == "net").expression = "total / deduction"
        with self.assertRaisesRegex(UserError, r"data row 2, column 扣除加减分 \(net\).*division"):
            self.export(template, category_id=self.cat_county)

    def test_units_read_their_own_data_and_no_template(self):
        with self.assertRaises(AccessError):
            self.template.with_user(self.users["unit_user"]).read(["name"])
        with self.assertRaises(AccessError):
            self.template.with_user(self.users["assessor"]).read(["name"])
        with self.assertRaises(AccessError):
            self.env["target.export.template"].with_user(self.users["unit_user"]).create(
                {"name": "x", "source": "goal"}
            )

    def test_layout_mistakes_refused_with_their_place(self):
        Template = self.env["target.export.template"].with_user(self.users["office"])

        def refused(pattern, columns=(), headers=(), **values):
            with self.assertRaisesRegex(ValidationError, pattern):
                Template.create(
                    dict(
                        name="错表",
                        source=values.pop("source", "evaluation"),
                        column_ids=list(columns)
                        or [column("unit", "单位", field_path="unit_id.name")],
                        header_ids=list(headers),
                        **values,
                    )
                )

        refused(
            r"column 1 \(单位\): Evaluation has no field nope \(in nope.name\)",
            [column("unit", "单位", field_path="nope.name")],
        )
        refused(
            r"Assessed Unit has no field nope", [column("unit", "单位", field_path="unit_id.nope")]
        )
        refused(
            r"line_ids is not a many-to-one field",
            [column("x", "X", field_path="line_ids.final_score")],
        )
        refused(r"give the field path", [column("x", "X")])
        refused(
            r"column 2 \(率\): the expression uses rate, which is not the code",
            [
                column("total", "总分", field_path="total"),
                column("r", "率", "expression", expression="rate * 2"),
            ],
        )
        refused(
            r"the expression is not valid",
            [
                column("total", "总分", field_path="total"),
                column("r", "率", "expression", expression="total *"),
            ],
        )
        refused(
            r"columns 1 and 2 have the same code total",
            [
                column("total", "总分", field_path="total"),
                column("total", "又总分", field_path="bonus"),
            ],
        )
        refused(r"the code class is not a name", [column("class", "类", field_path="total")])
        refused(
            r"header row 2, column 1 overlaps header row 1, column 1 \(row 2, column 1\)",
            headers=[header(1, 1, 1, "A", row_span=2), header(2, 1, 1, "C")],
        )
        refused(r"column 3 is beyond the template's 1 columns", headers=[header(1, 1, 3, "A")])
        refused(r"unknown placeholder \{year2\}", headers=[header(1, 1, 1, "{year2}年")])
        refused(r"freezes 2 columns but has 1", freeze_cols=2)
        # an expression may use the columns before it and every field column
        Template.create(
            {
                "name": "对表",
                "source": "line",
                "column_ids": [
                    column("lost", "失分", "expression", expression="points - score"),
                    column("points", "分值", field_path="points"),
                    column("score", "得分", field_path="final_score"),
                    column(
                        "rate", "得分率", "expression", expression="score / points if points else 0"
                    ),
                ],
            }
        )
