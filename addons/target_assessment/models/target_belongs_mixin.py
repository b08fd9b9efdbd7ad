"""What a record belongs to: frozen once submitted, never out of its writer's scope."""

from odoo import models
from odoo.exceptions import AccessError


class TargetBelongsMixin(models.AbstractModel):
    """The belongs-to fields of a record (unit, cycle, goal, letter …; DESIGN §12).

    A model lists them in ``_belongs_fields``. A user (the office included)
    changes them only while the record is open (``_belongs_open()``: by
    default while ``_belongs_state`` is one of ``_belongs_open_states``),
    and the record must still be open and inside the user's scope after the
    change: the record rules are checked again on the records as written,
    so no write moves a record to a unit, goal or letter the user may not
    write. Creation needs no such check: Odoo checks the record rules on the
    records created. Trusted code (superuser) is not checked.
    """

    _name = "target.belongs.mixin"
    _description = "Target Belongs-to Fields (abstract)"

    _belongs_fields = ("unit_id", "cycle_id")
    _belongs_state = "state"  # a path: "goal_id.state"
    _belongs_open_states = ("draft",)

    def _belongs_open(self):
        """Hook: those of these records whose belongs-to fields may change."""
        return self.filtered(
            lambda record: (
                set(record.sudo().mapped(self._belongs_state)) <= set(self._belongs_open_states)
            )
        )

    def write(self, vals):
        moved = set(self._belongs_fields).intersection(vals)
        if not moved or self.env.su:
            return super().write(vals)
        self._belongs_ensure_open(moved)
        result = super().write(vals)
        self._belongs_ensure_open(moved)
        self.check_access("write")
        return result

    def _belongs_ensure_open(self, moved):
        closed = self - self._belongs_open()
        if closed:
            names = ", ".join(
                self._fields[name].get_description(self.env)["string"] for name in moved
            )
            raise AccessError(
                self.env._(
                    "%(record)s: %(fields)s can no longer change: it has been submitted "
                    "(or belongs to what has been).",
                    record=closed[0].sudo().display_name,
                    fields=names,
                )
            )
