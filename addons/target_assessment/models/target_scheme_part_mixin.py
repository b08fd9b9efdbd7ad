from odoo import api, models


class TargetSchemePartMixin(models.AbstractModel):
    """A part of a scheme (section, unit coefficient): changes while the scheme does.

    From the publication for comments on, the scheme's parts are what the
    units comment on, the leading group approves and the scoring applies:
    users create, change and delete them only while the scheme is a draft or
    returned (target.scheme's EDITABLE_STATES), as the scheme itself.
    """

    _name = "target.scheme.part.mixin"
    _description = "Part of an Assessment Scheme"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su:
            records.scheme_id._ensure_editable()
        return records

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            self.scheme_id._ensure_editable()
        result = super().write(vals)
        if not self.env.su and "scheme_id" in vals:
            self.scheme_id._ensure_editable()
        return result

    def unlink(self):
        if not self.env.su:
            self.check_access("unlink")
            self.scheme_id._ensure_editable()
        return super().unlink()
