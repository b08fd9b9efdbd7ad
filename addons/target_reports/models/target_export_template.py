from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..builders.template import SOURCES
from ..tools.placeholders import placeholders

SOURCE_LABELS = [
    ("goal", "Goals"),
    ("evaluation", "Evaluations (unit results)"),
    ("line", "Evaluation lines"),
    ("progress", "Progress reports"),
]
#: What the header texts may say.
HEADER_PLACEHOLDERS = ("cycle", "year", "category", "units", "date", "period")


class TargetExportTemplate(models.Model):
    """A superior-level upload sheet (上报表) laid out as the province wants it.

    The header rows are merged titles (one line each: row, first and last
    column, how many rows it spans, text with ``{cycle}``-style
    placeholders); the columns take a field of the listed records (goals,
    evaluations, evaluation lines or progress reports), the row number, or a
    safe expression over the other columns. Everything is checked when saved,
    so that an export cannot fail on the layout.

    Access: the assessment office only (the templates, like the schedules
    that send them, are the office's); every other role is refused.
    """

    _name = "target.export.template"
    _description = "Superior-level Upload Template"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    source = fields.Selection(
        SOURCE_LABELS,
        "Rows are",
        required=True,
        default="evaluation",
        tracking=True,
        help="One row of the sheet per record of this kind, for the export's filter.",
    )
    sheet_name = fields.Char(help="Name of the worksheet; the template's name when empty.")
    header_ids = fields.One2many(
        "target.export.template.header", "template_id", "Header rows", copy=True
    )
    column_ids = fields.One2many(
        "target.export.template.column", "template_id", "Columns", copy=True
    )
    column_header = fields.Boolean(
        "Row of column headers",
        default=True,
        help="Write the columns' header texts as the last header row (untick when the "
        "header rows already name every column).",
    )
    freeze_cols = fields.Integer(
        "Frozen columns", default=1, help="Columns kept in view when scrolling right."
    )
    note = fields.Text()

    _freeze_check = models.Constraint(
        "CHECK(freeze_cols >= 0)", "The number of frozen columns cannot be negative."
    )

    @api.constrains("header_ids", "column_ids", "source", "freeze_cols", "column_header")
    def _check_layout(self):
        for template in self:
            template._check_columns()
            template._check_headers()

    def _check_columns(self):
        """Codes unique; every field path and expression valid for the source."""
        self.ensure_one()
        columns = self.column_ids.sorted(lambda c: (c.sequence, c.id))
        seen = {}
        for position, column in enumerate(columns, start=1):
            if column.code in seen:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s: columns %(first)s and %(second)s have the same "
                        "code %(code)s.",
                        template=self.name,
                        first=seen[column.code],
                        second=position,
                        code=column.code,
                    )
                )
            seen[column.code] = position
        known = set()
        for position, column in enumerate(columns, start=1):
            column._check_source(position, known)
            known.add(column.code)
        if self.freeze_cols > len(columns):
            raise ValidationError(
                self.env._(
                    "Template %(template)s freezes %(count)s columns but has %(columns)s.",
                    template=self.name,
                    count=self.freeze_cols,
                    columns=len(columns),
                )
            )

    def _check_headers(self):
        """Header rows inside the columns, not overlapping, known placeholders only."""
        self.ensure_one()
        ncols = len(self.column_ids)
        cells = {}
        for header in self.header_ids.sorted(lambda h: (h.row, h.col_from, h.id)):
            label = self.env._(
                "header row %(row)s, column %(col)s", row=header.row, col=header.col_from
            )
            last_col = header.col_to or header.col_from
            if header.row < 1 or header.col_from < 1 or header.row_span < 1:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(header)s: rows, columns and spans count from 1.",
                        template=self.name,
                        header=label,
                    )
                )
            if last_col < header.col_from:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(header)s: the last column %(last)s comes "
                        "before the first.",
                        template=self.name,
                        header=label,
                        last=last_col,
                    )
                )
            if ncols and last_col > ncols:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(header)s: column %(last)s is beyond the "
                        "template's %(count)s columns.",
                        template=self.name,
                        header=label,
                        last=last_col,
                        count=ncols,
                    )
                )
            for row in range(header.row, header.row + header.row_span):
                for col in range(header.col_from, last_col + 1):
                    if (row, col) in cells:
                        raise ValidationError(
                            self.env._(
                                "Template %(template)s: %(header)s overlaps %(other)s "
                                "(row %(row)s, column %(col)s).",
                                template=self.name,
                                header=label,
                                other=cells[row, col],
                                row=row,
                                col=col,
                            )
                        )
                    cells[row, col] = label
            try:
                names = placeholders(header.text)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(header)s: the braces of %(text)s do not pair up.",
                        template=self.name,
                        header=label,
                        text=header.text,
                    )
                ) from error
            unknown = [name for name in names if name not in HEADER_PLACEHOLDERS]
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(header)s: unknown placeholder {%(name)s}; "
                        "use %(known)s.",
                        template=self.name,
                        header=label,
                        name=unknown[0],
                        known=", ".join(f"{{{n}}}" for n in HEADER_PLACEHOLDERS),
                    )
                )

    def _source_model(self):
        self.ensure_one()
        return self.env[SOURCES[self.source][0]]

    def action_open_export_wizard(self):
        """Export this template for a cycle, category or units."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export %(template)s", template=self.name),
            "res_model": "target.report.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report": "template", "default_template_id": self.id},
        }
