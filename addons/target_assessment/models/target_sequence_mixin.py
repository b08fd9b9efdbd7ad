from odoo import api, models

# What a record's number reads until it is saved.
NEW_NUMBER = "/"


class TargetSequenceMixin(models.AbstractModel):
    """A number from a sequence (``_sequence_code``) given when the record is saved.

    Not when its form opens: a default that draws the number uses one up for
    every form opened and left unsaved, and leaves gaps in the numbering. The
    field (``_sequence_field``) reads "/" until then; a number given on
    creation (an import, the decomposition) is kept.
    """

    _name = "target.sequence.mixin"
    _description = "Numbered When Saved"

    _sequence_field = "name"
    _sequence_code = None

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get(self._sequence_field, NEW_NUMBER) in (NEW_NUMBER, False, None):
                number = self.env["ir.sequence"].next_by_code(self._sequence_code)
                vals[self._sequence_field] = number or NEW_NUMBER
        return super().create(vals_list)
