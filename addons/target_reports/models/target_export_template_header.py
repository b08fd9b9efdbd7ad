from odoo import fields, models


class TargetExportTemplateHeader(models.Model):
    """A header line of an upload template: text merged over a range of cells.

    Access: follows the template (the assessment office).
    """

    _name = "target.export.template.header"
    _description = "Upload Template Header Row"
    _order = "template_id, row, col_from, id"

    template_id = fields.Many2one(
        "target.export.template", required=True, ondelete="cascade", index=True
    )
    row = fields.Integer(required=True, default=1, help="Row of the header block, from 1.")
    row_span = fields.Integer("Rows", required=True, default=1, help="How many rows it spans.")
    col_from = fields.Integer("From column", required=True, default=1)
    col_to = fields.Integer("To column", help="Last column it spans; the first when empty.")
    text = fields.Char(
        help="Placeholders: {cycle} {year} {category} {units} {date} {period}.",
    )
    style = fields.Selection(
        [("title", "Title"), ("header", "Column header"), ("text", "Plain text")],
        required=True,
        default="header",
    )
