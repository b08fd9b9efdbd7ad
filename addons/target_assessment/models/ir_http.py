from odoo import models


class IrHttp(models.AbstractModel):
    """The web client's first page: a user of the assessment lands in their own work.

    Without a home action of their own, Odoo opens the first app of the menu
    (Discuss, for every user). A user who plays a role of the assessment and
    has chosen no home action lands instead on the app tile's page for their
    role (``res.users._target_home_action``); a home action set on the user
    (preferences, or the administrator) still wins.
    """

    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        if not info.get("home_action_id"):
            info["home_action_id"] = self.env.user._target_home_action_id()
        return info
