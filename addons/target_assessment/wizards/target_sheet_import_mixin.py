import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import decomposition_sheet as sheet

# Files over this size (as uploaded, in bytes) are imported by a background job;
# the system parameter JOB_BYTES_PARAM overrides it.
JOB_BYTES_PARAM = "target_assessment.import_job_bytes"
JOB_BYTES = 256 * 1024


class TargetSheetImportMixin(models.AbstractModel):
    """A spreadsheet import checked as a whole: the errors listed, or everything written.

    The wizard reads the uploaded xlsx/csv with ``_read_rows``; when any row is
    wrong it shows every error with row, column and reason (``_show_errors``)
    and writes nothing; otherwise it writes and shows what it did. A file over
    the size set by the system parameter ``target_assessment.import_job_bytes``
    (256 KiB by default) is imported by a background job (target.job), whose
    result lists the errors or says what was imported.
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

    # -- actions ---------------------------------------------------------------

    def action_import(self):
        """Import the sheet now, or as a background job when the file is large."""
        self.ensure_one()
        if not self._imports_in_background():
            return self._import()
        job = self.env["target.job"]._enqueue(
            self,
            "_import_in_background",
            self.env._("Import of %(file)s", file=self.filename or self._description),
        )
        return job._action_started()

    # -- hooks -----------------------------------------------------------------

    def _import(self):
        """Check the rows and write them, or show the errors; return the wizard's next action."""
        raise NotImplementedError

    # -- helpers ---------------------------------------------------------------

    def _imports_in_background(self):
        """Whether the uploaded file is over the size imported by a background job."""
        limit = self.env["ir.config_parameter"].sudo().get_param(JOB_BYTES_PARAM)
        return bool(self.file) and len(self.file) * 3 // 4 > int(limit or JOB_BYTES)

    def _import_in_background(self):
        """The background job of a large import: all or nothing, its outcome as the result."""
        self.ensure_one()
        self._import()
        if self.state == "errors":
            raise UserError(
                self.env._(
                    "%(file)s was not imported (%(count)s errors):\n%(errors)s",
                    file=self.filename,
                    count=self.error_count,
                    errors=self.error_text,
                )
            )
        return self.env._("%(file)s is imported.", file=self.filename)

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
