from odoo import api, fields, models

# The roles of DESIGN §1: the group target_assessment.group_<role> of each.
TARGET_ROLES = (
    "unit_user",
    "unit_leader",
    "assessor",
    "inspector",
    "evaluator",
    "office_local",
    "office",
    "leader",
    "hr",
    "admin",
)


class ResUsers(models.Model):
    """The role service: who a user is in the assessment, written once.

    ``target_unit_ids`` are the units a user reports for; the subtrees below
    them are the user's scope (``target_scope_unit_ids``, searchable, for
    record rules; ``_target_units()`` in code). ``_target_has_role()`` says
    whether the user plays one of the roles of DESIGN §1.
    """

    _inherit = "res.users"

    target_unit_ids = fields.Many2many(
        "target.unit",
        "target_unit_res_users_rel",
        "user_id",
        "unit_id",
        "Assessed units",
        help="Units this user reports for; record rules give access to their subtrees.",
    )
    target_scope_unit_ids = fields.Many2many(
        "target.unit",
        string="Units in scope",
        compute="_compute_target_scope_unit_ids",
        search="_search_target_scope_unit_ids",
        help="The user's units and every unit below them.",
    )

    @api.depends("target_unit_ids")
    def _compute_target_scope_unit_ids(self):
        for user in self:
            user.target_scope_unit_ids = user._target_units()

    def _search_target_scope_unit_ids(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        # a unit is in the scope of the users of it or of any unit above it
        units = self.env["target.unit"].sudo().browse([v for v in value if v])
        above = units.search([("id", "parent_of", units.ids)]) if units else units
        return [("target_unit_ids", operator, above.ids)]

    def write(self, vals):
        result = super().write(vals)
        if "target_unit_ids" in vals:
            # record rules read the user's units: their cached domains are stale
            self.env.registry.clear_cache()
        return result

    def _on_webclient_bootstrap(self):
        # OdooBot (mail_bot, installed with mail) greets a new user with a chat about
        # Odoo's features, half in English: not in a government office's tool
        if "odoobot_state" in self._fields and self.odoobot_state in (False, "not_initialized"):
            self.sudo().odoobot_state = "disabled"
        return super()._on_webclient_bootstrap()

    def _target_units(self):
        """The units of the user's subtrees (sudo): their units and every unit below."""
        self.ensure_one()
        Unit = self.env["target.unit"].sudo()
        units = self.sudo().target_unit_ids
        if not units:
            return Unit
        return Unit.search([("id", "child_of", units.ids)])

    def _target_conflict(self, units):
        """``(own unit, unit)`` of the first of ``units`` the user may not verify (回避), or None.

        A user belongs to a unit when it is one of their units, lies below one
        of them (a county clerk belongs to the county's townships), or lies
        above one of them (a township clerk belongs to its county, whose
        results include the township's work).
        """
        self.ensure_one()
        for own in self.sudo().target_unit_ids:
            for unit in units.sudo():
                if unit.parent_path.startswith(own.parent_path) or own.parent_path.startswith(
                    unit.parent_path
                ):
                    return own, unit
        return None

    def _target_has_role(self, *roles):
        """Whether the user plays one of ``roles`` (names of TARGET_ROLES)."""
        self.ensure_one()
        return any(self.has_group(f"target_assessment.group_{role}") for role in roles)

    def _target_office_of(self, records):
        """The records of ``records`` whose assessment the user runs as the office.

        The assessment office (``group_office``) runs every level's; a county
        office (``group_office_local``) those of the cycles organised by its
        units' subtree (``target.cycle.organizer_unit_id``: a cycle without
        one is the top level's); anybody else none. A record's cycle is
        itself for a cycle, else its ``_freeze_cycle_field`` (``cycle_id``,
        target.cycle.freeze.mixin).
        """
        self.ensure_one()
        if self._target_has_role("office"):
            return records
        if not records or not self._target_has_role("office_local"):
            return records.browse()
        records = records.exists()  # ids of a request: only a county office pays the query
        scope = self._target_units()
        path = getattr(records, "_freeze_cycle_field", "cycle_id")

        def cycle_of(record):
            return record.sudo() if record._name == "target.cycle" else record.sudo().mapped(path)

        # an empty organiser (the top level) is in no county's scope
        return records.filtered(lambda record: cycle_of(record).organizer_unit_id in scope)

    def _target_local_office_unit(self):
        """The unit whose level a county office works for (the organiser of its cycles, the
        owner of its indicators): its first unit; empty for the assessment office (the top
        level) and any other role."""
        self.ensure_one()
        if self._target_has_role("office") or not self._target_has_role("office_local"):
            return self.env["target.unit"]
        return self.target_unit_ids[:1]

    def _target_is_office_of(self, records):
        """Whether the user runs the assessment of every record of ``records`` as the office
        (of none: whether the user is the assessment office)."""
        self.ensure_one()
        if not records:
            return self._target_has_role("office")
        return self._target_office_of(records) == records

    @api.model
    def _target_local_offices(self, records):
        """The county offices' users (active, internal) who run the assessment of every
        record of ``records`` as its office (:meth:`_target_office_of`): those of the level
        that organises them; none for the top level's. The assessment office runs them
        too: callers add it as they address it."""
        return self._target_local_office_users().filtered(lambda u: u._target_is_office_of(records))

    @api.model
    def _target_local_office_users(self):
        """The county offices' users (active, internal), not the assessment office's."""
        office = self.env.ref("target_assessment.group_office").sudo().all_user_ids
        local = self.env.ref("target_assessment.group_office_local").sudo().all_user_ids - office
        return local.filtered(lambda u: u.active and not u.share)

    @api.model
    def _target_demo_passwords_set(self):
        """Hook: the demo city gave its users their logins as passwords (a demo database)."""

    def _target_home_action_id(self):
        """The id of the app tile's landing page for a user who plays a role of
        the assessment and has no home action of their own, else False."""
        self.ensure_one()
        if self.action_id or not self._is_internal() or not self._target_has_role(*TARGET_ROLES):
            return False
        return self.env.ref("target_assessment.target_assessment_home_action").id

    @api.model
    def _target_home_action(self):
        """The app tile's landing page: the current user's own work, by role.

        The office lands on the cycles, the leaders on the ranking board, HR on
        the personnel results, inspectors on their inspection groups, assessors
        on the lines to score, evaluators on the scores their bodies owe, the
        units' leaders on the approvals waiting for them, their clerks on the
        unit's to-do list (reports due or returned, the year-end
        self-assessment, rectifications, supervision tasks).
        """
        user = self.env.user
        Actions = self.env["ir.actions.act_window"]
        if user.has_group("target_assessment.group_office_local"):
            return Actions._for_xml_id("target_assessment.target_cycle_action")
        if user.has_group("target_assessment.group_leader"):
            return Actions._for_xml_id("target_assessment.target_evaluation_action_ranking")
        if user.has_group("target_assessment.group_hr"):
            return Actions._for_xml_id("target_assessment.target_personnel_result_action")
        if user.has_group("target_assessment.group_inspector"):
            return Actions._for_xml_id("target_assessment.target_inspection_action")
        if user.has_group("target_assessment.group_assessor"):
            return self.env["target.evaluation.line"].action_open_to_score()
        if user.has_group("target_assessment.group_evaluator"):
            return Actions._for_xml_id(
                "target_assessment.target_special_evaluation_expected_action"
            )
        if user.has_group("target_assessment.group_unit_leader"):
            return Actions._for_xml_id("target_assessment.tier_review_action_mine")
        if user.has_group("target_assessment.group_unit_user"):
            return Actions._for_xml_id("target_assessment.target_todo_action")
        return Actions._for_xml_id("target_assessment.target_goal_action")
