from odoo import fields, models


class SurveyUserInput(models.Model):
    """An invitation of an evaluation campaign: an anonymous token of a respondent group.

    The group is all that links an answer to the campaign: no partner, no
    email, no name (target.evaluation.campaign).
    """

    _inherit = "survey.user_input"

    campaign_group_id = fields.Many2one(
        "target.evaluation.campaign.group",
        "Respondent group",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
