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


class TierDefinition(models.Model):
    """Approval chains: the office manages those of the product's models.

    Access: every user reads tier definitions (base_tier_validation); the
    assessment office creates, changes and deletes those of the product's
    models (TARGET_TIER_MODELS, a record rule) from its Configuration menu,
    never another application's; system administrators manage all.
    """

    _inherit = "tier.definition"

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
