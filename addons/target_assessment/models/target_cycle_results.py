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
            publishing._start_applying_results()
        return result

    def _start_applying_results(self):
        """Apply each cycle's results as a background job (target.job); a job already
        queued for a cycle applies the latest results when it runs."""
        for cycle in self:
            self.env["target.job"]._enqueue(
                cycle,
                "_apply_results",
                self.env._("Results of %(cycle)s applied", cycle=cycle.name),
                channel="root.scoring",
                superuser=True,
                refuse=False,
            )

    def _apply_results(self):
        """Make or update the personnel results, target bonuses and reward and
        penalty proposals of these cycles' published results (idempotent)."""
        self.env["target.personnel.result"]._apply_publication(self)
        self.env["target.bonus"]._apply_publication(self)
        self.env["target.incentive"]._apply_publication(self)
