import base64
import io

from odoo import fields, models

from ..tools import decomposition_sheet as sheet


class TargetGoalImportWizard(models.TransientModel):
    """Import a decomposition sheet (目标分解表): every row checked, all or nothing.

    The sheet is read and checked as a whole; when any row is wrong, the
    errors are listed with row, column and reason and nothing is written.
    Otherwise the goals are created parents first, in a few batched creates,
    as the current user (so record rules decide what a unit user may import).
    """

    _name = "target.goal.import.wizard"
    _description = "Import a Decomposition Sheet"
    _inherit = ["target.sheet.import.mixin"]

    goal_ids = fields.Many2many("target.goal", string="Imported goals", readonly=True)
    template_file = fields.Binary(readonly=True, attachment=False)
    template_filename = fields.Char(default="decomposition_template.xlsx")

    # -- actions ---------------------------------------------------------------

    def action_download_template(self):
        self.ensure_one()
        self.template_file = base64.b64encode(self._template_xlsx())
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/{self.template_filename}"
            "?download=true",
            "target": "download",
        }

    def action_view_goals(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_goal_action"
        )
        action["domain"] = [("id", "in", self.goal_ids.ids)]
        return action

    # -- helpers ---------------------------------------------------------------

    def _import(self):
        """Check the rows against each other and the database; create the goals."""
        rows = self._read_rows()
        goals, errors, labels = sheet.parse_rows(rows)
        if labels:  # the header is fine: check the rows against each other and the database
            errors += sheet.check_rows(goals, labels, self._lookups(goals))
        if errors:
            return self._show_errors(errors)
        created = self._create_goals(goals)
        self.write({"state": "done", "goal_ids": [fields.Command.set(created.ids)]})
        return self._reopen()

    def _lookups(self, goals):
        """What the rows refer to, read in a fixed number of queries."""
        cycle = self.cycle_id
        units = self.env["target.unit"].search_fetch(
            [("code", "in", list({g.unit_code for g in goals}))],
            ["code", "parent_path", "category_id"],
        )
        parent_refs = {g.parent_ref for g in goals if g.parent_ref}
        existing = (
            self.env["target.goal"]
            .sudo()
            .search_fetch(
                [
                    ("cycle_id", "=", cycle.id),
                    ("ref", "in", list({g.ref for g in goals if g.ref} | parent_refs)),
                ],
                ["ref", "unit_id", "indicator_id"],
            )
        )
        # parents' units may lie outside the sheet's units
        units |= existing.unit_id
        indicators = self.env["target.indicator"].search_fetch(
            [("code", "in", list({g.indicator_code for g in goals}))],
            ["code", "scoring_method", "direction", "uom"],
        )
        wanted = list({g.employee for g in goals if g.employee})
        employees = {}
        if wanted:
            # badges are private to HR: only the mapping to ids is read
            for emp in (
                self.env["hr.employee"]
                .sudo()
                .search_fetch(
                    ["|", ("barcode", "in", wanted), ("name", "in", wanted)], ["barcode", "name"]
                )
            ):
                if emp.barcode:
                    employees[emp.barcode] = emp.id
                # a name shared by two people is ambiguous
                employees[emp.name] = None if emp.name in employees else emp.id
        keys = {
            (g.unit_id.id, g.employee_id.id or 0, g.indicator_id.id, g.name)
            for g in self.env["target.goal"]
            .sudo()
            .search_fetch(
                [("cycle_id", "=", cycle.id), ("unit_id", "in", units.ids)],
                ["unit_id", "employee_id", "indicator_id", "name"],
            )
        }
        section_records = self.env["target.scheme.section"].search_fetch(
            [("cycle_id", "=", cycle.id), ("kind", "=", "goals")], ["category_id", "code", "weight"]
        )
        schemes = self.env["target.scheme"].search_fetch(
            [("cycle_id", "=", cycle.id)], ["category_id", "total_score"]
        )
        library = self.env["target.indicator.library"]._applied_of(cycle).get(cycle)
        allowed = None
        if not self.env.user._target_is_office_of(cycle):
            allowed = self.env.user.target_unit_ids.mapped("parent_path")
        return sheet.Lookups(
            units={u.code: (u.id, u.parent_path, u.category_id.id) for u in units},
            indicators={i.code: i.id for i in indicators},
            employees=employees,
            existing_goals={g.ref: (g.id, g.unit_id.id, g.indicator_id.id) for g in existing},
            existing_keys=keys,
            sections={(s.category_id.id, s.code): s.id for s in section_records},
            allowed_unit_paths=allowed,
            date_start=cycle.date_start,
            date_end=cycle.date_end,
            indicator_rules={
                i.code: (i.scoring_method, i.direction, i.uom or "") for i in indicators
            },
            section_weights={s.id: s.weight for s in section_records},
            scheme_totals={s.category_id.id: s.total_score for s in schemes},
            library_codes=set(library.indicator_ids.mapped("code")) if library else None,
        )

    def _create_goals(self, goals):
        """Create the rows, parents before children, in one create per level."""
        lookups = self._lookups(goals)
        Goal = self.env["target.goal"].with_context(tracking_disable=True, mail_create_nolog=True)
        ids_by_ref = {ref: values[0] for ref, values in lookups.existing_goals.items()}
        created = Goal.browse()
        for level in sheet.creation_order(goals):
            vals_list = []
            for row in level:
                unit = lookups.units[row.unit_code]
                vals = {
                    "cycle_id": self.cycle_id.id,
                    "unit_id": unit[0],
                    "employee_id": lookups.employees.get(row.employee) or False,
                    "indicator_id": lookups.indicators[row.indicator_code],
                    "name": row.name,
                    "target_value": row.target_value,
                    "baseline_value": row.baseline_value,
                    "points": row.points,
                    "deadline": row.deadline,
                    "parent_id": ids_by_ref.get(row.parent_ref, False),
                    "section_id": lookups.sections.get((unit[2], row.section_code), False),
                }
                if row.ref:
                    vals["ref"] = row.ref
                vals_list.append(vals)
            records = Goal.create(vals_list)
            ids_by_ref.update({r.ref: r.id for r in records})
            created |= records
        return created

    def _template_xlsx(self):
        """The sheet to fill in: headers, an example row, and the codes to use."""
        import xlsxwriter  # noqa: PLC0415 - only when a template is asked for

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        goals = book.add_worksheet(self.env._("Goals"))
        for col, (_key, _english, chinese, required) in enumerate(sheet.COLUMNS):
            goals.write(0, col, chinese + (" *" if required else ""), bold)
            goals.set_column(col, col, 16)
        goals.freeze_panes(1, 0)
        codes = book.add_worksheet(self.env._("Codes"))
        codes.write_row(
            0,
            0,
            [
                self.env._("Unit code"),
                self.env._("Unit"),
                self.env._("Indicator code"),
                self.env._("Indicator"),
            ],
            bold,
        )
        units = self.env["target.unit"].search_fetch([], ["code", "complete_name"])
        indicators = self.env["target.indicator"].search_fetch([], ["code", "name"])
        for row, unit in enumerate(units, start=1):
            codes.write_row(row, 0, [unit.code, unit.complete_name])
        for row, indicator in enumerate(indicators, start=1):
            codes.write_row(row, 2, [indicator.code, indicator.name])
        codes.set_column(0, 3, 24)
        book.close()
        return buffer.getvalue()
