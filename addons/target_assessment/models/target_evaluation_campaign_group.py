from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import numbers


class TargetEvaluationCampaignGroup(models.Model):
    """A respondent group of a campaign (人大代表, 政协委员, 服务对象, 群众 …).

    Its sample size is the number of anonymous tokens the campaign hands out
    to it; its weight is relative to the other groups of the campaign (groups
    nobody answered for do not count). The campaign sees how many of its
    tokens were used, never who used them. The groups are fixed once the
    campaign is open.

    Access: as the campaign.
    """

    _name = "target.evaluation.campaign.group"
    _description = "Respondent Group"
    _inherit = ["target.number.mixin"]
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one(
        "target.evaluation.campaign", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char("Respondent group", required=True)
    sequence = fields.Integer(default=10)
    sample_size = fields.Integer(
        "Sample size", default=10, help="How many anonymous invitations the group gets."
    )
    weight = fields.Float(default=1.0, required=True, help="Relative weight of the group.")
    invitation_ids = fields.One2many("survey.user_input", "campaign_group_id", readonly=True)
    invitation_count = fields.Integer("Invitations", compute="_compute_counts")
    response_count = fields.Integer("Responses", compute="_compute_counts")

    _sample_size_check = models.Constraint(
        "CHECK(sample_size >= 0)", "A sample size cannot be negative."
    )
    _weight_check = models.Constraint(
        "CHECK(weight > 0)", "A respondent group's weight must be positive."
    )

    @api.depends_context("uid")
    def _compute_counts(self):
        # the invitations are the survey's: counted as superuser, as numbers only
        counts = {
            (group.id, state): count
            for group, state, count in self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("campaign_group_id", "in", self.ids)],
                ["campaign_group_id", "state"],
                ["__count"],
            )
        }
        for group in self:
            group.invitation_count = sum(
                count for (group_id, _state), count in counts.items() if group_id == group.id
            )
            group.response_count = counts.get((group.id, "done"), 0)

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        groups._ensure_draft()
        return groups

    def write(self, vals):
        self._ensure_draft()
        return super().write(vals)

    def unlink(self):
        self._ensure_draft()
        return super().unlink()

    def _ensure_draft(self):
        opened = self.campaign_id.filtered(lambda c: c.state != "draft")
        if opened:
            raise UserError(
                self.env._(
                    "The respondent groups of %(campaign)s are fixed: it has been opened.",
                    campaign=opened[0].name,
                )
            )

    def _create_invitations(self):
        """One anonymous single-use token per expected respondent (no partner, no email)."""
        self.env["survey.user_input"].sudo().create(
            [
                {"survey_id": group.campaign_id.survey_id.id, "campaign_group_id": group.id}
                for group in self
                for _index in range(group.sample_size)
            ]
        )

    def _number_limits(self):
        return dict.fromkeys(self, {"weight": numbers.POSITIVE})
