"""What the views of both addons show (issue 16): years and draw seeds as written
(2026, not 2,026), never added up in the group rows of a list, and no sample
rows (Odoo's Latin names and made-up lights) behind an empty list."""

from datetime import date

from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TargetCityCase

# Integer fields that are names, not quantities.
UNFORMATTED = ("year", "cycle_year", "seed")
MODULES = ("target_assessment", "target_reports")
SHOWN_IN = ("list", "form", "kanban")


@tagged("post_install", "-at_install")
class TestNumberFormats(TransactionCase):
    def _views(self):
        ids = (
            self.env["ir.model.data"]
            .search([("module", "in", MODULES), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        return self.env["ir.ui.view"].browse(ids).filtered(lambda v: v.type in SHOWN_IN)

    def _field_nodes(self, view):
        """``(model, field node)`` of the combined view, a sub-list's fields with their model."""

        def walk(Model, element):
            for child in element:
                if child.tag == "field":
                    yield Model, child
                    field = Model._fields.get(child.get("name"))
                    if field and field.relational and len(child):
                        yield from walk(self.env[field.comodel_name], child)
                else:
                    yield from walk(Model, child)

        Model = self.env[view.model]
        return walk(Model, etree.fromstring(Model.get_view(view.id)["arch"]))

    def test_years_and_seeds_are_shown_as_written(self):
        shown = []
        for view in self._views():
            for Model, node in self._field_nodes(view):
                field = Model._fields.get(node.get("name"))
                if node.get("name") not in UNFORMATTED or not field or field.type != "integer":
                    continue
                options = safe_eval(node.get("options") or "{}")
                with self.subTest(view=view.xml_id, field=node.get("name")):
                    self.assertIs(options.get("enable_formatting"), False)
                shown.append(view.xml_id)
        self.assertIn("target_assessment.target_cycle_view_list", shown)
        self.assertIn("target_assessment.target_spot_check_view_form", shown)

    def test_years_are_never_added_up(self):
        for name in self.env.registry:
            if not name.startswith("target."):
                continue
            for field in self.env[name]._fields.values():
                if field.name in UNFORMATTED and field.type == "integer" and field.store:
                    with self.subTest(model=name, field=field.name):
                        self.assertFalse(field.aggregator)

    def test_measured_values_are_never_added_up(self):
        """A group row of goals, reports or worklist lines adds no targets or actuals:
        they are in different units of measure, units and years (issue 16)."""
        for model, names in (
            ("target.goal", ("target_value", "baseline_value", "actual_value", "own_actual")),
            ("target.progress", ("value",)),
            (
                "target.evaluation.line",
                ("target_value", "actual_value", "self_value", "assessor_value"),
            ),
        ):
            for name in names:
                with self.subTest(model=model, field=name):
                    self.assertFalse(self.env[model]._fields[name].aggregator)
        line = self.env["target.evaluation.line"]._fields
        self.assertEqual(line["assessor_score"].aggregator, "avg")
        self.assertEqual(line["completion"].aggregator, "avg")

    def test_values_are_shown_with_their_indicators_decimals(self):
        """Targets and actuals are shown with the decimals of their indicator (亿元 2,
        % 1, 个 0), not the field's four, wherever the record knows its indicator."""
        checked, wrong = set(), []
        for view in self._views():
            nodes = list(self._field_nodes(view))
            with_decimals = {Model._name for Model, node in nodes if node.get("name") == "decimals"}
            for Model, node in nodes:
                field = Model._fields.get(node.get("name"))
                if "decimals" not in Model._fields or field is None:
                    continue
                if field.type != "float" or field.get_digits(self.env) != (16, 4):
                    continue
                if node.get("widget") != "target_value" or Model._name not in with_decimals:
                    wrong.append((view.xml_id, Model._name, field.name))
                checked.add(view.xml_id)
        self.assertEqual(wrong, [])
        for xmlid in ("target_goal_view_list", "target_progress_view_form"):
            self.assertIn(f"target_assessment.{xmlid}", checked)

    def test_rankings_are_grouped_by_cycle_then_category(self):
        """Two rank 1s never share a group: last year's and this year's ranks apart."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_evaluation_action_ranking"
        )
        context = safe_eval(action["context"])
        self.assertEqual(context["group_by"], ["cycle_id", "category_id"])
        evaluation = self.env["target.evaluation"]._fields
        for name in ("rank",):
            self.assertFalse(evaluation[name].aggregator)
        for name in ("total", "goal_score", "bonus", "deduction"):
            with self.subTest(field=name):
                self.assertEqual(evaluation[name].aggregator, "avg")

    def test_goal_tree_cards_name_the_goal_in_numbered_order(self):
        view = self.env.ref("target_assessment.target_goal_view_hierarchy")
        arch = etree.fromstring(self.env["target.goal"].get_view(view.id, "hierarchy")["arch"])
        self.assertEqual(arch.get("default_order"), "sequence, ref, id")
        box = arch.xpath("//t[@t-name='hierarchy-box']")[0]
        self.assertTrue(box.xpath(".//field[@name='name']"))

    def test_no_sample_rows_behind_an_empty_list(self):
        views = self._views()
        self.assertTrue(views)
        for view in views:
            arch = etree.fromstring(self.env[view.model].get_view(view.id)["arch"])
            with self.subTest(view=view.xml_id):
                self.assertFalse(arch.get("sample"))

    def test_an_adjustment_line_creates_no_goal(self):
        """An adjustment changes or cancels existing goals: its lines' goal picker
        offers no 'Create …' (a new goal is decomposed, not typed in here)."""
        view = self.env.ref("target_assessment.target_adjustment_view_form")
        nodes = [
            node
            for Model, node in self._field_nodes(view)
            if Model._name == "target.adjustment.line" and node.get("name") == "goal_id"
        ]
        self.assertTrue(nodes)
        for node in nodes:
            self.assertTrue(safe_eval(node.get("options") or "{}").get("no_create"))


@tagged("post_install", "-at_install")
class TestGoalNumbersAndNames(TargetCityCase):
    def _goal(self, cycle=None, **vals):
        quant = self.section(self.scheme_county, "quant")
        return self.env["target.goal"].create(
            {
                "cycle_id": (cycle or self.cycle).id,
                "section_id": quant.id,
                "unit_id": self.county_a.id,
                "indicator_id": self.ind_gdp.id,
                "name": "甲县GDP",
                "target_value": 100.0,
                "points": 20.0,
                **vals,
            }
        )

    def test_numbered_when_saved_not_when_the_form_opens(self):
        for model, field, code in (
            ("target.goal", "ref", "target.goal"),
            ("target.adjustment", "name", "target.adjustment"),
        ):
            with self.subTest(model=model):
                sequence = self.env["ir.sequence"].search([("code", "=", code)])
                before = sequence.number_next_actual
                for _opened in range(3):  # three new forms, left unsaved
                    self.assertEqual(self.env[model].default_get([field])[field], "/")
                sequence.invalidate_recordset()  # read the database sequence again
                self.assertEqual(sequence.number_next_actual, before)
        sequence = self.env["ir.sequence"].search([("code", "=", "target.goal")])
        before = sequence.number_next_actual
        self.assertEqual(self._goal().ref, sequence.get_next_char(before))
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, before + 1)
        kept = self._goal(ref="X-1", name="甲县GDP（导入）")
        self.assertEqual(kept.ref, "X-1", "a number given is kept")

    def test_a_cycles_ranking_is_grouped_by_category(self):
        """From a cycle, its own ranking: grouped by category only (one cycle)."""
        action = self.cycle.action_view_evaluations()
        self.assertEqual(action["domain"], [("cycle_id", "=", self.cycle.id)])
        self.assertEqual(action["context"]["group_by"], ["category_id"])

    def test_this_years_records_come_first(self):
        """Lists open on this year's records: a many2one ordered ``desc`` reverses the
        cycle's own order (newest first), so the models order by ``cycle_id`` as is."""
        last_year = self.env["target.cycle"].create(
            {
                "name": "2025年度",
                "year": 2025,
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
            }
        )
        old = self._goal(cycle=last_year, ref="Y0", section_id=False)
        new = self._goal(ref="Y1")
        self.assertEqual(self.env["target.goal"].search([("id", "in", (old | new).ids)]), new | old)
        evaluations = self.env["target.evaluation"].create(
            [
                {"cycle_id": cycle.id, "unit_id": self.county_a.id, "stage": "year_end"}
                for cycle in (last_year, self.cycle)
            ]
        )
        found = self.env["target.evaluation"].search([("id", "in", evaluations.ids)])
        self.assertEqual(found.cycle_id.mapped("year"), [2026, 2025])
        for model in self.env.registry.values():
            if model._name.startswith("target.") and model._order:
                with self.subTest(model=model._name):
                    self.assertNotIn("cycle_id desc", model._order)

    def test_a_goals_name_carries_its_year(self):
        last_year = self.env["target.cycle"].create(
            {
                "name": "2025年度",
                "year": 2025,
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
            }
        )
        goals = self._goal(ref="Y1") | self._goal(cycle=last_year, ref="Y0", section_id=False)
        found = dict(self.env["target.goal"].name_search("甲县GDP"))
        self.assertEqual({found[goal.id] for goal in goals}, {"甲县GDP (2026)", "甲县GDP (2025)"})
