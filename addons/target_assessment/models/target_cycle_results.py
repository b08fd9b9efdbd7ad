from odoo import models


class TargetCycle(models.Model):
    """Publication applies the results to people (结果运用, DESIGN.md §3 phase 10).

    Whatever the way a cycle enters the phase published (the office's
    Publish button, the next-phase button, a re-publication after a
    reopening), its results flow to the personnel results, the target
    bonuses and the reward and penalty proposals, all idempotent.
    """

    _inherit = "target.cycle"

    def write(self, vals):
        publishing = self.browse()
        if vals.get("phase") == "published":
            publishing = self.filtered(lambda cycle: cycle.phase != "published")
        result = super().write(vals)
        if publishing:
            publishing._apply_results()
        return result

    def _apply_results(self):
        """Make or update the personnel results, target bonuses and reward and
        penalty proposals of these cycles' published results (idempotent)."""
        self.env["target.personnel.result"]._apply_publication(self)
        self.env["target.bonus"]._apply_publication(self)
        self.env["target.incentive"]._apply_publication(self)
