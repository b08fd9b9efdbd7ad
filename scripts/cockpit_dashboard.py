"""Write the leadership cockpit's spreadsheet: python3 scripts/cockpit_dashboard.py

The cockpit (target_reports/data/files/cockpit_dashboard.json) is a
spreadsheet in the 18.5.10 format of core's dashboards (Odoo 19): Odoo pivots,
lists and charts over the assessment's models, laid out on one sheet (驾驶舱)
with the scorecards' values on a second (Data). Community has no spreadsheet
editor: edit this script and run it, then upgrade target_reports. The cells
are in Chinese: a sheet's cells are not translated. Pivots that grow with the
data (lights by unit, late units) come last, side by side, so that they never
spill onto another block.
"""

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).parent.parent / "addons/target_reports/data/files/cockpit_dashboard.json"
# the cycle filter; target_reports.models.spreadsheet_dashboard sets its default
CYCLE_FILTER = "7c0c5b1e-3d4a-4f5e-9a61-2b8f0d6c4a10"
MATCH = {CYCLE_FILTER: {"chain": "cycle_id", "type": "many2one"}}


def measure(name, label=None):
    m = {"id": name, "fieldName": name}
    if label:
        m["userDefinedName"] = label
    return m


def pivot(pid, name, model, domain, rows, measures, columns=(), sorted_column=None):  # noqa: PLR0917
    p = {
        "type": "ODOO",
        "fieldMatching": MATCH,
        "context": {},
        "domain": domain,
        "id": str(pid),
        "measures": measures,
        "model": model,
        "name": name,
        "formulaId": str(pid),
        "columns": [{"fieldName": c} for c in columns],
        "rows": [{"fieldName": r} for r in rows],
    }
    if sorted_column:
        p["sortedColumn"] = sorted_column
    return p


pivots = {
    "1": pivot(
        1,
        "亮灯（按单位类别）",
        "target.report.unit.status",
        [],
        ["category_id"],
        [
            measure("goal_count", "目标数"),
            measure("green_count", "绿灯"),
            measure("yellow_count", "黄灯"),
            measure("red_count", "红灯"),
            measure("late_count", "逾期填报"),
        ],
    ),
    "2": pivot(
        2,
        "各单位目标亮灯",
        "target.goal",
        [["state", "=", "approved"]],
        ["unit_id"],
        [measure("__count", "目标数")],
        columns=["light"],
        sorted_column={
            "measure": "__count",
            "order": "desc",
            "domain": [{"field": "light", "value": "red"}],
        },
    ),
    "3": pivot(
        3,
        "逾期未报单位",
        "target.progress",
        [["is_overdue", "=", True]],
        ["unit_id"],
        [measure("__count", "逾期填报")],
        sorted_column={"measure": "__count", "order": "desc", "domain": []},
    ),
    "4": pivot(
        4, "KPI - 在考目标", "target.goal", [["state", "=", "approved"]], [], [measure("__count")]
    ),
    "5": pivot(
        5,
        "KPI - 红灯目标",
        "target.goal",
        [["state", "=", "approved"], ["light", "=", "red"]],
        [],
        [measure("__count")],
    ),
    "6": pivot(
        6,
        "KPI - 逾期填报",
        "target.progress",
        [["is_overdue", "=", True]],
        [],
        [measure("__count")],
    ),
    "7": pivot(
        7,
        "KPI - 待审核进度",
        "target.progress",
        [["state", "=", "submitted"]],
        [],
        [measure("__count")],
    ),
    "8": pivot(
        8,
        "目标亮灯分布",
        "target.goal",
        [["state", "=", "approved"]],
        ["light"],
        [measure("__count", "目标数")],
    ),
}

RANK_ROWS = 80
RED_ROWS = 20
lists = {
    "1": {
        "columns": [
            "unit_id",
            "category_id",
            "rank",
            "previous_rank",
            "rank_change",
            "total",
            "grade",
            "result_stage",
        ],
        "domain": [["rank", ">", 0]],
        "model": "target.report.unit.status",
        "context": {},
        "orderBy": [{"name": "category_id", "asc": True}, {"name": "rank", "asc": True}],
        "id": "1",
        "name": "综合排名",
        "fieldMatching": MATCH,
    },
    "2": {
        "columns": [
            "name",
            "unit_id",
            "target_value",
            "expected_value",
            "actual_value",
            "completion",
            "uom",
        ],
        "domain": [["state", "=", "approved"], ["light", "=", "red"]],
        "model": "target.goal",
        "context": {},
        "orderBy": [{"name": "completion", "asc": True}],
        "id": "2",
        "name": "红灯目标",
        "fieldMatching": MATCH,
    },
}

cells, styles = {}, {}
# title
cells["A1"] = "领导驾驶舱"
styles["A1"] = 1
cells["D1"] = "目标亮灯、综合排名及较上期变化、填报进度、红灯目标与逾期单位；点击数据可查看明细"
styles["D1"] = 7
# lights by category
cells["A8"] = "目标亮灯（按单位类别）"
styles["A8:I8"] = 2
cells["A9"] = "=PIVOT(1)"
# charts
cells["A20"] = "目标亮灯分布"
cells["E20"] = "各期进度填报情况"
styles["A20:I20"] = 2
# ranking
r = 36
cells[f"A{r}"] = "综合排名（按单位类别，较上期名次变化）"
cells[f"E{r}"] = "尚未计算考评结果的年度无排名，可在上方选择其他考核年度"
styles[f"E{r}"] = 7
styles[f"A{r}:D{r}"] = 2
h = r + 1
for col, field, label in (
    ("A", "unit_id", "单位"),
    ("B", "category_id", "类别"),
    ("C", "rank", "名次"),
    ("E", "total", "总分"),
    ("F", "grade", "等次"),
    ("G", "result_stage", "考评阶段"),
):
    cells[f"{col}{h}"] = f'=ODOO.LIST.HEADER(1, "{field}", "{label}")'
cells[f"D{h}"] = "较上期"
styles[f"A{h}:G{h}"] = 3
for i in range(1, RANK_ROWS + 1):
    row = h + i
    for col, field in (
        ("A", "unit_id"),
        ("B", "category_id"),
        ("C", "rank"),
        ("E", "total"),
        ("F", "grade"),
        ("G", "result_stage"),
    ):
        cells[f"{col}{row}"] = f'=ODOO.LIST(1,{i},"{field}")'
    change = f'ODOO.LIST(1,{i},"rank_change")'
    cells[f"D{row}"] = (
        f'=IF(C{row}="","",IF(ODOO.LIST(1,{i},"previous_rank")=0,"—",'
        f'IF({change}>0,"↑"&{change},IF({change}<0,"↓"&(0-{change}),"→"))))'
    )
end_rank = h + RANK_ROWS
moves = f"D{h + 1}:D{end_rank}"
conditional_formats = [
    {
        "id": f"cf-rank-{name}",
        "ranges": [moves],
        "rule": {
            "type": "CellIsRule",
            "operator": "containsText",
            "values": [arrow],
            "style": {"textColor": color, "bold": True},
        },
    }
    for name, arrow, color in (("up", "↑", "#28A745"), ("down", "↓", "#DC3545"))
]
# red goals
r = end_rank + 2
cells[f"A{r}"] = "红灯目标"
styles[f"A{r}:I{r}"] = 2
h = r + 1
red_cols = (
    ("A", "name", "目标任务"),
    ("B", "unit_id", "单位"),
    ("C", "target_value", "目标值"),
    ("D", "expected_value", "应达进度"),
    ("E", "actual_value", "实际完成"),
    ("F", "completion", "完成率（%）"),
    ("G", "uom", "计量单位"),
)
for col, field, label in red_cols:
    cells[f"{col}{h}"] = f'=ODOO.LIST.HEADER(2, "{field}", "{label}")'
styles[f"A{h}:G{h}"] = 3
for i in range(1, RED_ROWS + 1):
    for col, field, _label in red_cols:
        cells[f"{col}{h + i}"] = f'=ODOO.LIST(2,{i},"{field}")'
end_red = h + RED_ROWS
# lights by unit and late units, side by side (pivots that grow downwards)
r = end_red + 2
cells[f"A{r}"] = "各单位目标亮灯（红灯多者在前，前40个单位）"
cells[f"H{r}"] = "逾期未报单位"
styles[f"A{r}:I{r}"] = 2
cells[f"A{r + 1}"] = "=PIVOT(2, 40)"
cells[f"H{r + 1}"] = "=PIVOT(3)"
last_row = r + 1 + 200  # room for every unit's late reports

FIG_W = 200
scorecards = []
for index, (title, cell, color) in enumerate(
    (
        ("在考目标", "Data!B1", "#EFF6FF"),
        ("红灯目标", "Data!B2", "#FEF2F2"),
        ("逾期填报", "Data!B3", "#FFF7ED"),
        ("待审核进度", "Data!B4", "#F0FDF4"),
    )
):
    fid = f"5d1e0c3a-0000-4000-8000-00000000000{index + 1}"
    scorecards.append(
        {
            "id": fid,
            "width": FIG_W,
            "height": 106,
            "tag": "chart",
            "data": {
                "baselineColorDown": "#DC6965",
                "baselineColorUp": "#00A04A",
                "baselineMode": "difference",
                "title": {"text": title, "bold": True, "color": "#434343"},
                "type": "scorecard",
                "background": color,
                "keyValue": cell,
                "humanize": False,
                "chartId": fid,
            },
            "offset": {"x": index * (FIG_W + 10), "y": 12},
            "col": 0,
            "row": 1,
        }
    )
pie_id = "5d1e0c3a-0000-4000-8000-000000000011"
line_id = "5d1e0c3a-0000-4000-8000-000000000012"
LIGHTS = (
    ("green", "绿灯", "#28A745"),
    ("yellow", "黄灯", "#FFC107"),
    ("red", "红灯", "#DC3545"),
    ("none", "无数据", "#ADB5BD"),
)
pie = {
    "id": pie_id,
    "width": 400,
    "height": 320,
    "tag": "chart",
    "data": {
        "type": "bar",
        "title": {"text": ""},
        "background": "#FFFFFF",
        "legendPosition": "top",
        "dataSetsHaveTitle": False,
        "labelRange": "Data!A6",
        "dataSets": [
            {"dataRange": f"Data!{col}6", "backgroundColor": color, "label": label}
            for col, (_light, label, color) in zip("BCDE", LIGHTS, strict=True)
        ],
        "stacked": False,
        "aggregated": False,
        "horizontal": False,
        "axesDesign": {},
    },
    "offset": {"x": 0, "y": 4},
    "col": 0,
    "row": 20,
}
line = {
    "id": line_id,
    "width": 560,
    "height": 320,
    "tag": "chart",
    "data": {
        "title": {"text": ""},
        "background": "#FFFFFF",
        "legendPosition": "top",
        "metaData": {
            "groupBy": ["period_id", "state"],
            "measure": "__count",
            "order": None,
            "resModel": "target.progress",
            "mode": "line",
            "cumulatedStart": False,
        },
        "searchParams": {
            "comparison": None,
            "context": {},
            "domain": [],
            "groupBy": ["period_id", "state"],
            "orderBy": [],
        },
        "type": "odoo_line",
        "dataSets": [],
        "verticalAxisPosition": "left",
        "stacked": False,
        "cumulatedStart": False,
        "fillArea": False,
        "chartId": line_id,
        "fieldMatching": MATCH,
    },
    "offset": {"x": 0, "y": 4},
    "col": 4,
    "row": 20,
}

main = {
    "id": "cockpit",
    "name": "驾驶舱",
    "colNumber": 10,
    "rowNumber": last_row,
    "rows": {
        "0": {"size": 40},
        "7": {"size": 40},
        "19": {"size": 40},
        "35": {"size": 40},
        str(end_rank + 1): {"size": 40},
        str(end_red + 1): {"size": 40},
    },
    "cols": {
        "0": {"size": 220},
        "1": {"size": 150},
        "2": {"size": 80},
        "3": {"size": 80},
        "4": {"size": 80},
        "5": {"size": 90},
        "6": {"size": 90},
        "7": {"size": 200},
        "8": {"size": 80},
        "9": {"size": 40},
    },
    "merges": [],
    "cells": cells,
    "styles": styles,
    "formats": {},
    "borders": {},
    "conditionalFormats": conditional_formats,
    "dataValidationRules": [],
    "figures": scorecards + [pie, line],
    "tables": [],
    "areGridLinesVisible": False,
    "isVisible": True,
    "headerGroups": {"ROW": [], "COL": []},
    "comments": {},
}
data_sheet = {
    "id": "cockpit_data",
    "name": "Data",
    "colNumber": 6,
    "rowNumber": 10,
    "rows": {},
    "cols": {},
    "merges": [],
    "styles": {},
    "formats": {},
    "borders": {},
    "conditionalFormats": [],
    "dataValidationRules": [],
    "figures": [],
    "tables": [],
    "areGridLinesVisible": True,
    "isVisible": True,
    "headerGroups": {"ROW": [], "COL": []},
    "comments": {},
    "cells": {
        "A1": "在考目标",
        "B1": '=PIVOT.VALUE(4,"__count")',
        "A2": "红灯目标",
        "B2": '=PIVOT.VALUE(5,"__count")',
        "A3": "逾期填报",
        "B3": '=PIVOT.VALUE(6,"__count")',
        "A4": "待审核进度",
        "B4": '=PIVOT.VALUE(7,"__count")',
        "A6": "目标数",
        **{
            f"{col}6": f'=PIVOT.VALUE(8,"__count","light","{light}")'
            for col, (light, _label, _color) in zip("BCDE", LIGHTS, strict=True)
        },
    },
}
doc = {
    "version": "18.5.10",
    "sheets": [main, data_sheet],
    "styles": {
        "1": {"textColor": "#01666b", "bold": True, "fontSize": 18},
        "2": {"textColor": "#01666b", "bold": True, "fontSize": 14},
        "3": {"textColor": "#434343", "bold": True, "fillColor": "#f8f9fa"},
        "7": {"textColor": "#808080", "verticalAlign": "middle"},
    },
    "formats": {},
    "borders": {},
    "revisionId": "START_REVISION",
    "uniqueFigureIds": True,
    "settings": {
        "locale": {
            "name": "Chinese (Simplified)",
            "code": "zh_CN",
            "thousandsSeparator": ",",
            "decimalSeparator": ".",
            "dateFormat": "yyyy-mm-dd",
            "timeFormat": "hh:mm:ss",
            "formulaArgSeparator": ",",
            "weekStart": 1,
        }
    },
    "pivots": pivots,
    "pivotNextId": 9,
    "customTableStyles": {},
    "globalFilters": [
        {"id": CYCLE_FILTER, "type": "relation", "label": "考核年度", "modelName": "target.cycle"}
    ],
    "lists": lists,
    "listNextId": 3,
    "chartOdooMenusReferences": {},
}
path = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
