from odoo import api, fields, models


class TargetManagerChainMixin(models.AbstractModel):
    """Records about a person (``employee_id``) that the people above them read.

    ``below_me`` says whether the record's person is below the current user's
    own employee in the manager chain (hr.employee ``parent_id``, any depth);
    record rules search it. It is resolved when a query is built, so a change
    of the hierarchy or of the user's employee applies at once (no cached
    rule domain holds ids).
    """

    _name = "target.manager.chain.mixin"
    _description = "Readable by the Manager Chain"

    below_me = fields.Boolean(
        "Below me",
        compute="_compute_below_me",
        search="_search_below_me",
        help="The person is below you in the employees' manager chain.",
    )

    def _compute_below_me(self):
        below = self._subordinates_query()
        ids = set(self.env["hr.employee"].sudo().browse(below).ids) if below is not None else set()
        for record in self:
            record.below_me = record.employee_id.id in ids

    def _search_below_me(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        below = self._subordinates_query()
        positive = (operator == "in") == (True in value)
        if below is None:
            return [(0, "=", 1)] if positive else []
        return [("employee_id", "in" if positive else "not in", below)]

    @api.model
    def _subordinates_query(self):
        """The employees below the current user's own in the manager chain, as a
        query for an ``in`` condition; None when the user manages nobody."""
        managers = self.env.user.employee_ids
        if not managers:
            return None
        employees = self.env["hr.employee"].sudo().with_context(active_test=False)
        # ("id", "child_of", …) includes the managers themselves: only those below count
        return employees._search([("id", "child_of", managers.ids), ("id", "not in", managers.ids)])
