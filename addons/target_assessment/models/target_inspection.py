from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

INSPECTION_STATES = [
    ("draft", "Draft"),
    ("in_progress", "In progress"),
    ("done", "Done"),
]
# Who inspects what: a change alters what the members may see (record rules).
SCOPE_FIELDS = {"leader_id", "member_ids", "unit_ids"}


class TargetInspection(models.Model):
    """A year-end inspection group (考核组) of a cycle.

    The group verifies its assigned units on site (听取汇报、实地查看、走访、
    查阅资料) and records a finding per evaluation line: the unit's value
    confirmed, corrected, or found false (虚报, which costs a deduction and
    opens a rectification item).

    Avoidance of conflicts of interest (回避): no member may be assigned a
    unit they belong to. A member belongs to a unit when it is one of their
    units (``res.users.target_unit_ids``), lies below one of them (a county
    clerk belongs to the county's townships), or lies above one of them (a
    township clerk belongs to its county, whose results include the
    township's work). The group's leader is always a member.

    Access: the office creates and staffs the groups; the leader (or the
    office) starts and closes them; members read their own groups and, through
    the rules of ``security/target_inspection_rules.xml``, the evaluations,
    lines and goals of the groups' units, never those of their own units;
    leaders read all. The workflow is the kernel's (target.workflow.mixin).
    """

    _name = "target.inspection"
    _description = "Inspection Group"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.mixin",
        "target.cycle.freeze.mixin",
    ]

    _workflow_transitions = {
        ("draft", "in_progress"): "manager",
        ("in_progress", "done"): "manager",
        ("in_progress", "draft"): "manager",
        ("done", "in_progress"): "manager",
    }
    _order = "cycle_id, date_from desc, name, id"

    name = fields.Char(required=True, tracking=True)
    cycle_id = fields.Many2one(
        "target.cycle", required=True, index=True, ondelete="restrict", tracking=True
    )
    state = fields.Selection(
        INSPECTION_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    leader_id = fields.Many2one(
        "res.users",
        "Group leader",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Leads the group and starts and closes the inspection; always a member.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "target_inspection_res_users_rel",
        "inspection_id",
        "user_id",
        "Members",
        domain="[('share', '=', False)]",
        help="Inspectors of the group. Nobody may inspect a unit they belong to (回避).",
    )
    unit_ids = fields.Many2many(
        "target.unit",
        "target_inspection_target_unit_rel",
        "inspection_id",
        "unit_id",
        "Assigned units",
        domain="[('is_assessed', '=', True)]",
    )
    date_from = fields.Date("From")
    date_to = fields.Date("To")
    method_report = fields.Boolean("Hearing reports", help="听取汇报")
    method_site = fields.Boolean("Site visits", help="实地查看")
    method_interview = fields.Boolean("Interviews", help="走访")
    method_records = fields.Boolean("Reviewing records", help="查阅资料")
    note = fields.Html("Notes")
    finding_ids = fields.One2many("target.inspection.finding", "inspection_id", "Findings")
    finding_count = fields.Integer(compute="_compute_counts")
    false_report_count = fields.Integer("False reports", compute="_compute_counts")
    line_count = fields.Integer("Lines to verify", compute="_compute_counts")
    can_manage = fields.Boolean(compute="_compute_can_manage")

    _dates_check = models.Constraint(
        "CHECK(date_to IS NULL OR date_from IS NULL OR date_to >= date_from)",
        "An inspection cannot end before it starts.",
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("leader_id", "member_ids", "unit_ids")
    def _check_avoidance(self):
        """回避: no member is assigned a unit they belong to (see the class docstring)."""
        for inspection in self.sudo():
            for member in inspection.member_ids | inspection.leader_id:
                conflict = inspection._conflict_of(member)
                if conflict:
                    own, unit = conflict
                    raise ValidationError(
                        self.env._(
                            "Conflict of interest: %(member)s belongs to %(own)s and may not "
                            "inspect %(unit)s. Remove the member or the unit from inspection "
                            "group %(group)s.",
                            member=member.name,
                            own=own.complete_name,
                            unit=unit.complete_name,
                            group=inspection.name,
                        )
                    )

    @api.constrains("unit_ids")
    def _check_finding_units(self):
        for inspection in self.sudo():
            orphans = inspection.finding_ids.unit_id - inspection.unit_ids
            if orphans:
                raise ValidationError(
                    self.env._(
                        "Inspection group %(group)s has findings on %(units)s: these units "
                        "stay assigned.",
                        group=inspection.name,
                        units=", ".join(orphans.mapped("complete_name")),
                    )
                )

    # -- computes --------------------------------------------------------------

    def _compute_counts(self):
        findings = dict(
            self.env["target.inspection.finding"]._read_group(
                [("inspection_id", "in", self.ids)], ["inspection_id"], ["__count"]
            )
        )
        false_reports = dict(
            self.env["target.inspection.finding"]._read_group(
                [("inspection_id", "in", self.ids), ("result", "=", "false_report")],
                ["inspection_id"],
                ["__count"],
            )
        )
        lines = {
            (cycle.id, unit.id): count
            for cycle, unit, count in self.env["target.evaluation.line"]._read_group(
                [
                    ("cycle_id", "in", self.cycle_id.ids),
                    ("stage", "=", "year_end"),
                    ("unit_id", "in", self.unit_ids.ids),
                ],
                ["cycle_id", "unit_id"],
                ["__count"],
            )
        }
        for inspection in self:
            inspection.finding_count = findings.get(inspection, 0)
            inspection.false_report_count = false_reports.get(inspection, 0)
            inspection.line_count = sum(
                lines.get((inspection.cycle_id.id, unit.id), 0) for unit in inspection.unit_ids
            )

    @api.depends("leader_id")
    @api.depends_context("uid")
    def _compute_can_manage(self):
        managing = self._workflow_role_manager()
        for inspection in self:
            inspection.can_manage = inspection in managing

    # -- onchange and CRUD -----------------------------------------------------

    @api.onchange("leader_id")
    def _onchange_leader_id(self):
        if self.leader_id and self.leader_id not in self.member_ids:
            self.member_ids |= self.leader_id

    @api.model_create_multi
    def create(self, vals_list):
        inspections = super().create(vals_list)
        inspections._add_leader_to_members()
        # the members' record rules read the groups: their cached domains are stale
        self.env.registry.clear_cache()
        return inspections

    def write(self, vals):
        result = super().write(vals)
        if "leader_id" in vals:
            self._add_leader_to_members()
        if SCOPE_FIELDS.intersection(vals):
            self.env.registry.clear_cache()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_findings(self):
        if self.finding_ids:
            raise UserError(
                self.env._("Inspection groups with findings cannot be deleted; archive the cycle.")
            )

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    # -- actions ---------------------------------------------------------------

    def action_start(self):
        """Begin the on-site inspection: members record findings from now on."""
        return self._workflow_move("in_progress")

    def action_done(self):
        """Close the inspection: its findings are final."""
        return self._workflow_move("done")

    def action_reset(self):
        """Back to draft (from in progress) or reopen (from done)."""
        running = self.filtered(lambda inspection: inspection.state == "in_progress")
        running._workflow_move("draft")
        return (self - running)._workflow_move("in_progress")

    def action_view_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_inspection_finding_action"
        )
        action["domain"] = [("inspection_id", "=", self.id)]
        action["context"] = {"default_inspection_id": self.id}
        return action

    def action_view_lines(self):
        """The year-end lines of the assigned units, to verify."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_inspection_line_action"
        )
        action["domain"] = self._lines_domain()
        return action

    # -- helpers ---------------------------------------------------------------

    def _workflow_role_manager(self):
        """The group's leader or the office starts and closes it."""
        return self.env.user._target_office_of(self) | self.filtered(
            lambda inspection: inspection.sudo().leader_id == self.env.user
        )

    def _workflow_role_error(self, role, to, field=None):
        self.ensure_one()
        return self.env._(
            "Only the leader of inspection group %(group)s or the assessment office starts and "
            "closes it.",
            group=self.name,
        )

    def _workflow_precheck_in_progress(self):
        """A group inspects with members and assigned units."""
        for inspection in self.sudo():
            if not (inspection.member_ids and inspection.unit_ids):
                raise UserError(
                    self.env._(
                        "Inspection group %(group)s needs members and assigned units first.",
                        group=inspection.name,
                    )
                )

    def _add_leader_to_members(self):
        for inspection in self:
            if inspection.leader_id and inspection.leader_id not in inspection.member_ids:
                inspection.member_ids = [fields.Command.link(inspection.leader_id.id)]

    def _lines_domain(self):
        self.ensure_one()
        return [
            ("cycle_id", "=", self.cycle_id.id),
            ("stage", "=", "year_end"),
            ("unit_id", "in", self.unit_ids.ids),
        ]

    def _conflict_of(self, user):
        """``(own unit, assigned unit)`` of the first conflict of ``user`` here, or None."""
        self.ensure_one()
        return user._target_conflict(self.unit_ids)

    @api.model
    def _units_inspected_by(self, user):
        """The units ``user`` inspects: those of their groups, minus any unit they belong to.

        Called by the inspectors' record rules (as superuser, ``user`` is sudo):
        a member who later joins an assigned unit sees nothing of it as an
        inspector.
        """
        inspections = self.sudo().search([("member_ids", "in", user.id)])
        units = inspections.unit_ids
        for own in user.sudo().target_unit_ids:
            units = units.filtered(
                lambda unit, own=own: (
                    not (
                        unit.parent_path.startswith(own.parent_path)
                        or own.parent_path.startswith(unit.parent_path)
                    )
                )
            )
        return units
