from odoo import api, models
from odoo.exceptions import AccessError

# The product's models with approval tiers: the office manages their chains
# (security/target_assessment_rules.xml names the same list).
TARGET_TIER_MODELS = (
    "target.plan",
    "target.adjustment",
    "target.evaluation",
    "target.cycle",
    "target.supervision.bulletin",
    "target.scheme",
    "target.indicator.library",
)

# The default tiers of the leading group (schemes, indicator libraries, the
# results' sign-off) and the field naming it; before a county's own assessment
# was approved by its leaders, they asked the leader group.
LEADING_GROUP_TIERS = {
    "target_assessment.tier_definition_target_cycle_leadership": (
        "target_assessment.field_target_cycle__leading_group_user_ids"
    ),
    "target_assessment.tier_definition_target_scheme_leadership": (
        "target_assessment.field_target_scheme__leading_group_user_ids"
    ),
    "target_assessment.tier_definition_target_indicator_library_leadership": (
        "target_assessment.field_target_indicator_library__leading_group_user_ids"
    ),
}
# The head of the office approved every supervision bulletin before a county's own
# were approved by its leaders (a tier of their own): the head keeps the city's.
BULLETIN_HEAD_TIER = "target_assessment.tier_definition_target_supervision_bulletin_head"
CITY_BULLETINS = '[("cycle_id.organizer_unit_id.parent_id", "=", False)]'


class TierDefinition(models.Model):
    """Approval chains: the office manages those of the product's models.

    Access: every user reads tier definitions (base_tier_validation); the
    assessment office creates, changes and deletes those of the product's
    models (TARGET_TIER_MODELS, a record rule) from its Configuration menu,
    never another application's; system administrators manage all.
    """

    _inherit = "tier.definition"

    @api.model
    def _target_tiers_to_leading_group(self):
        """Point the leading group's default tiers at the record's leading group (a
        county's own assessment: the county's leaders) where they still ask the
        leader group, as earlier versions made them; called by the data on every
        install and upgrade (the tiers are noupdate: a chain the office changed is
        kept). The head of the office's tier of the bulletins, where it still takes
        every bulletin, is limited to the city's (a county's are its leaders')."""
        leaders = self.env.ref("target_assessment.group_leader")
        for xmlid, field in LEADING_GROUP_TIERS.items():
            tier = self.env.ref(xmlid, raise_if_not_found=False)
            if tier and tier.review_type == "group" and tier.reviewer_group_id == leaders:
                tier.write(
                    {
                        "review_type": "field",
                        "reviewer_field_id": self.env.ref(field).id,
                        "reviewer_group_id": False,  # OCA asks a group first, if one is set
                    }
                )
        head = self.env.ref(BULLETIN_HEAD_TIER, raise_if_not_found=False)
        admins = self.env.ref("target_assessment.group_admin")
        if head and head.reviewer_group_id == admins and head.definition_domain in (False, "[]"):
            head.definition_domain = CITY_BULLETINS

    @api.model
    def _get_tier_validation_model_names(self):
        return [*super()._get_tier_validation_model_names(), *TARGET_TIER_MODELS]

    def write(self, vals):
        # the record rule is checked on the definitions as they were: not moved out
        if "model_id" in vals and not (self.env.su or self.env.user.has_group("base.group_system")):
            model = self.env["ir.model"].browse(vals["model_id"]).sudo().model
            if model not in TARGET_TIER_MODELS:
                raise AccessError(
                    self.env._(
                        "You may only define the approval chains of the assessment's records."
                    )
                )
        return super().write(vals)
