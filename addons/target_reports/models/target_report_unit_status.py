from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.target_assessment.models.target_evaluation import STAGES
from odoo.addons.target_assessment.models.target_plan import PLAN_STATES
from odoo.addons.target_assessment.models.target_scheme import GRADES
from odoo.addons.target_assessment.tools.sql_view import replace_view


class TargetReportUnitStatus(models.Model):
    """Where each unit stands in a cycle (a database view, one row per
    responsibility letter): goals, completion, lights, late reports,
    approvals waiting, and the latest computed result with its rank and the
    rank's movement since the unit's previous ranked evaluation.

    The office dashboard (graph, pivot, kanban ranking board, list) and the
    leadership cockpit's ranking read it.

    Access: the office, leaders and HR read every row; unit users the rows of
    their units' subtree.
    """

    _name = "target.report.unit.status"
    _description = "Unit Status (dashboard)"
    _auto = False
    _order = "cycle_id, category_id, rank, unit_id"
    _rec_name = "unit_id"

    cycle_id = fields.Many2one("target.cycle", readonly=True)
    cycle_year = fields.Integer("Year", readonly=True, aggregator=None)
    unit_id = fields.Many2one("target.unit", readonly=True)
    category_id = fields.Many2one("target.unit.category", "Unit category", readonly=True)
    plan_state = fields.Selection(PLAN_STATES, "Letter", readonly=True)
    goal_count = fields.Integer("Goals", readonly=True)
    completion = fields.Float(
        "Completion (%)",
        readonly=True,
        aggregator="avg",
        help="Average completion of the approved goals with an actual.",
    )
    green_count = fields.Integer("Green", readonly=True)
    yellow_count = fields.Integer("Yellow", readonly=True)
    red_count = fields.Integer("Red lights", readonly=True)
    late_count = fields.Integer("Late reports", readonly=True)
    to_review_count = fields.Integer("Reports to review", readonly=True)
    approval_count = fields.Integer(
        "Approvals waiting",
        readonly=True,
        help="Letters, adjustments and evaluations submitted and not yet approved.",
    )
    result_stage = fields.Selection(STAGES, "Result of", readonly=True)
    total = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    rank = fields.Integer(readonly=True, aggregator="min")
    rank_change = fields.Integer(
        "Rank movement",
        readonly=True,
        aggregator=None,
        help="Places gained since the previous rank (negative: places lost).",
    )
    previous_rank = fields.Integer(readonly=True, aggregator=None)
    grade = fields.Selection(GRADES, readonly=True)
    vetoed = fields.Boolean(readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT plan.id AS id,
                   plan.cycle_id AS cycle_id,
                   cycle.year AS cycle_year,
                   plan.unit_id AS unit_id,
                   unit.category_id AS category_id,
                   plan.state AS plan_state,
                   COALESCE(goals.goal_count, 0) AS goal_count,
                   goals.completion AS completion,
                   COALESCE(goals.green_count, 0) AS green_count,
                   COALESCE(goals.yellow_count, 0) AS yellow_count,
                   COALESCE(goals.red_count, 0) AS red_count,
                   COALESCE(reports.late_count, 0) AS late_count,
                   COALESCE(reports.to_review_count, 0) AS to_review_count,
                   COALESCE(approvals.approval_count, 0) AS approval_count,
                   result.stage AS result_stage,
                   result.total AS total,
                   result.rank AS rank,
                   result.rank_change AS rank_change,
                   result.previous_rank AS previous_rank,
                   result.grade AS grade,
                   COALESCE(result.vetoed, FALSE) AS vetoed
              FROM target_plan plan
              JOIN target_cycle cycle ON cycle.id = plan.cycle_id
              JOIN target_unit unit ON unit.id = plan.unit_id
              LEFT JOIN (
                    SELECT goal.plan_id,
                           COUNT(*) AS goal_count,
                           AVG(goal.completion) FILTER (
                               WHERE goal.state = 'approved' AND goal.has_actual
                           ) AS completion,
                           COUNT(*) FILTER (WHERE goal.light = 'green') AS green_count,
                           COUNT(*) FILTER (WHERE goal.light = 'yellow') AS yellow_count,
                           COUNT(*) FILTER (WHERE goal.light = 'red') AS red_count
                      FROM target_goal goal
                     WHERE goal.state != 'cancelled'
                     GROUP BY goal.plan_id
              ) goals ON goals.plan_id = plan.id
              LEFT JOIN (
                    SELECT progress.cycle_id,
                           progress.unit_id,
                           COUNT(*) FILTER (WHERE progress.is_overdue) AS late_count,
                           COUNT(*) FILTER (WHERE progress.state = 'submitted') AS to_review_count
                      FROM target_progress progress
                     GROUP BY progress.cycle_id, progress.unit_id
              ) reports ON reports.cycle_id = plan.cycle_id AND reports.unit_id = plan.unit_id
              LEFT JOIN (
                    SELECT waiting.cycle_id, waiting.unit_id, COUNT(*) AS approval_count
                      FROM (
                            SELECT cycle_id, unit_id FROM target_plan WHERE state = 'submitted'
                            UNION ALL
                            SELECT cycle_id, unit_id FROM target_adjustment
                             WHERE state = 'submitted'
                            UNION ALL
                            SELECT cycle_id, unit_id FROM target_evaluation
                             WHERE state = 'submitted'
                      ) waiting
                     GROUP BY waiting.cycle_id, waiting.unit_id
              ) approvals
                ON approvals.cycle_id = plan.cycle_id AND approvals.unit_id = plan.unit_id
              LEFT JOIN LATERAL (
                    SELECT evaluation.stage, evaluation.total, evaluation.rank,
                           evaluation.rank_change, evaluation.previous_rank,
                           evaluation.grade, evaluation.vetoed
                      FROM target_evaluation evaluation
                     WHERE evaluation.cycle_id = plan.cycle_id
                       AND evaluation.unit_id = plan.unit_id
                       AND evaluation.computed_at IS NOT NULL
                     ORDER BY array_position(
                              ARRAY['year_end', 'q3', 'midyear', 'q1']::varchar[],
                              evaluation.stage::varchar)
                     LIMIT 1
              ) result ON TRUE
            """
        )

    def init(self):
        replace_view(self.env.cr, self._table, self._query())
