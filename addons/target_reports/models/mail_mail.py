from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        """A scheduled export's mail went out (or failed): its run follows at once."""
        result = super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason, failure_type=failure_type
        )
        ours = self.filtered(lambda mail: mail.model == "target.export.run" and mail.exists())
        if ours:
            runs = self.env["target.export.run"].sudo().search([("mail_id", "in", ours.ids)])
            for run in runs.filtered(lambda r: r.state != "sent"):
                run._follow_delivery()
        return result
