from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class TargetUnit(models.Model):
    """An assessed unit (被考核单位) in the tree 市 → 县区 → 乡镇; 市 → 市直部门 → 科室.

    Access: the office and the administrator maintain units; unit users and
    leaders read the units of their subtree; assessors, inspectors,
    evaluators, leaders and HR read all units (they work across units).
    """

    _name = "target.unit"
    _description = "Assessed Unit"
    _inherit = ["mail.thread"]
    _parent_store = True
    _parent_name = "parent_id"
    _order = "parent_path, sequence, id"
    _rec_name = "complete_name"
    # people type a unit's short name or code, not its full path
    _rec_names_search = ["complete_name", "name", "code"]

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, index=True)
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one("target.unit", "Parent unit", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("target.unit", "parent_id", "Sub-units")
    category_id = fields.Many2one("target.unit.category", "Category", index=True, tracking=True)
    is_assessed = fields.Boolean(
        "Assessed",
        default=True,
        help="Whether the unit is ranked and graded (the city itself, say, is not).",
    )
    department_id = fields.Many2one("hr.department", "HR department")
    leader_ids = fields.One2many("target.unit.leader", "unit_id", "Leadership team")
    principal_id = fields.Many2one(
        "hr.employee", "Principal leader", compute="_compute_principal", store=True
    )
    user_ids = fields.Many2many(
        "res.users",
        "target_unit_res_users_rel",
        "unit_id",
        "user_id",
        "Members",
        help="Users who report for this unit (and its sub-units).",
    )
    child_count = fields.Integer(compute="_compute_child_count")

    _code_unique = models.Constraint("UNIQUE(code)", "The unit code must be unique.")

    def write(self, vals):
        result = super().write(vals)
        if "user_ids" in vals or "parent_id" in vals:
            # record rules scope users by their units' subtrees: cached domains are stale
            self.env.registry.clear_cache()
        return result

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A unit cannot be its own ancestor."))

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for unit in self:
            if unit.parent_id:
                unit.complete_name = f"{unit.parent_id.complete_name} / {unit.name}"
            else:
                unit.complete_name = unit.name

    @api.depends("leader_ids.role", "leader_ids.sequence", "leader_ids.employee_id")
    def _compute_principal(self):
        for unit in self:
            principals = unit.leader_ids.filtered(lambda line: line.role == "principal")
            unit.principal_id = principals[:1].employee_id

    @api.model
    def _units_subquery(self, operator, value):
        """The SQL subquery of the ids of the units that ``("id", operator, value)``
        selects, for the search methods of the fields over units that record rules
        use (``involved_unit_ids``); None for another operator. ``child_of`` given ids
        (a record rule's ``user.target_unit_ids.ids``) compares the paths in the query
        itself, where the ORM would first read the units' paths: a query on every page."""
        Unit = self.with_context(active_test=False)
        if operator in ("any", "any!"):
            return (Unit.sudo() if operator == "any!" else Unit)._search(value).subselect()
        if operator not in ("in", "child_of"):
            return None
        ids = [value] if isinstance(value, (int, str)) else list(value)
        if operator == "child_of" and all(type(id_) is int for id_ in ids):
            return SQL(
                "(SELECT unit.id FROM target_unit unit JOIN target_unit top"
                " ON unit.parent_path LIKE top.parent_path || '%%' WHERE top.id = ANY(%s))",
                ids,
                to_flush=self._fields["parent_path"],
            )
        return Unit.sudo()._search([("id", operator, value)]).subselect()

    @api.model
    def _involved_domain(self, operator, value, query, to_flush):
        """The domain of the search of an ``involved_unit_ids`` field: the records whose
        ids ``query`` selects (SQL with the placeholder ``%(units)s`` for the units of
        ``("id", operator, value)``), one subquery the planner answers from the unit
        indexes; ``to_flush``: the fields of the columns ``query`` reads. NotImplemented
        for another operator."""
        units = self._units_subquery(operator, value)
        if units is None:
            return NotImplemented
        return [("id", "any!", SQL(query, units=units, to_flush=to_flush))]

    def _compute_child_count(self):
        counts = dict(self._read_group([("parent_id", "in", self.ids)], ["parent_id"], ["__count"]))
        for unit in self:
            unit.child_count = counts.get(unit, 0)

    def _leader_users(self, leader_group):
        """The users who lead this unit: its members in ``leader_group``, else its
        principal leader's user (none when it has neither)."""
        self.ensure_one()
        # an office's staff belong to their unit, but do not lead it (a county office
        # does not approve its county's letters to the city as its leader)
        offices = self.env.ref("target_assessment.group_office_local")
        users = self.user_ids.filtered(
            lambda u: leader_group in u.all_group_ids and offices not in u.all_group_ids
        )
        return users or self.principal_id.user_id

    def _approver_users(self, leader_group, records=None):
        """Who approves first for this unit: its leaders (:meth:`_leader_users`), else
        the assessment office (and the county office that runs ``records``, of a
        county's cycle)."""
        self.ensure_one()
        users = self._leader_users(leader_group)
        if users:
            return users
        office = self.env.ref("target_assessment.group_office").user_ids
        if records:
            office |= self.env["res.users"]._target_local_offices(records)
        return office
