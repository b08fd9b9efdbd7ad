import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import decomposition_sheet as sheet


class TargetSheetImportMixin(models.AbstractModel):
    """A spreadsheet import checked as a whole: the errors listed, or everything written.

    The wizard reads the uploaded xlsx/csv with ``_read_rows``; when any row is
    wrong it shows every error with row, column and reason (``_show_errors``)
    and writes nothing; otherwise it writes and shows what it did.
    """

    _name = "target.sheet.import.mixin"
    _description = "Spreadsheet Import (abstract)"

    cycle_id = fields.Many2one("target.cycle", required=True)
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("errors", "Errors"), ("done", "Done")], default="upload"
    )
    error_text = fields.Text("Errors", readonly=True)
    error_count = fields.Integer(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "cycle_id" in fields_list and not values.get("cycle_id"):
            cycle = self.env["target.cycle"].search([("phase", "!=", "closed")], limit=1)
            values["cycle_id"] = cycle.id
        return values

    def _read_rows(self):
        """The uploaded sheet as rows of strings, header first."""
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a file to import."))
        try:
            # the size is checked before the upload is even decoded
            if len(self.file) * 3 // 4 > sheet.MAX_FILE_BYTES:
                raise sheet.SheetFormatError(
                    sheet.FILE_TOO_BIG,
                    size=round(len(self.file) * 3 / 4 / (1024 * 1024), 1),
                    max=sheet.MAX_FILE_BYTES // (1024 * 1024),
                )
            return sheet.read_sheet(base64.b64decode(self.file), self.filename)
        except sheet.SheetFormatError as exc:
            raise UserError(self.env._(exc.reason, **exc.args_)) from exc

    def _show_errors(self, errors):
        lines = [
            self.env._(
                "Row %(row)s, column %(column)s: %(reason)s",
                row=e.row,
                column=e.column or "-",
                reason=self.env._(e.reason, **e.args) if e.args else self.env._(e.reason),
            )
            for e in sorted(errors, key=lambda e: (e.row, e.column))
        ]
        self.write({"state": "errors", "error_text": "\n".join(lines), "error_count": len(errors)})
        return self._reopen()

    def _reopen(self):
        """The wizard again, under its own title (the dialog read "Odoo" without one)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env["ir.model"]._get(self._name).name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
