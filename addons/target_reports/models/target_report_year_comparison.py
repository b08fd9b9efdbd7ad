from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.target_assessment.models.target_cycle import PHASES
from odoo.addons.target_assessment.models.target_scheme import GRADES
from odoo.addons.target_assessment.tools.sql_view import replace_view

# Grades best first: a move to a lower index is a better grade.
GRADE_ORDER = [code for code, _label in GRADES]
TRENDS = [("up", "Better"), ("same", "Same"), ("down", "Worse"), ("new", "New")]


class TargetReportYearComparison(models.Model):
    """Each unit's year-end result beside its result of the year before
    (DESIGN §10, continuity): total, rank and grade of both years and how
    they moved. A database view, one row per year-end result of a cycle.

    The year before is the cycle's ``previous_cycle_id``, else the preceding
    year's cycle in which the unit has a year-end result. A rank moves up when
    its number falls: ``rank_change`` is last year's rank minus this year's
    (positive: moved up). Ranks are within
    a unit category, so they compare only where the category stayed the same
    (``rank_change`` is empty otherwise).

    Access: the office, leaders and HR read every row; unit users the rows of
    their units' subtree, once the year's results are published.
    """

    _name = "target.report.year.comparison"
    _description = "Year-on-Year Comparison of Units"
    _auto = False
    _order = "year desc, category_id, rank, unit_id"
    _rec_name = "unit_id"

    cycle_id = fields.Many2one("target.cycle", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    phase = fields.Selection(PHASES, readonly=True)
    unit_id = fields.Many2one("target.unit", readonly=True)
    category_id = fields.Many2one("target.unit.category", "Unit category", readonly=True)
    total = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    rank = fields.Integer(readonly=True, aggregator=None)
    grade = fields.Selection(GRADES, readonly=True)
    vetoed = fields.Boolean(readonly=True)
    previous_cycle_id = fields.Many2one("target.cycle", "Year before", readonly=True)
    previous_category_id = fields.Many2one(
        "target.unit.category", "Category the year before", readonly=True
    )
    previous_total = fields.Float(
        "Total the year before", readonly=True, aggregator="avg", digits=(16, 2)
    )
    previous_rank = fields.Integer("Rank the year before", readonly=True, aggregator=None)
    previous_grade = fields.Selection(GRADES, "Grade the year before", readonly=True)
    total_change = fields.Float("Change of total", readonly=True, aggregator="avg", digits=(16, 2))
    rank_change = fields.Integer(
        "Places moved",
        readonly=True,
        aggregator=None,
        help="Last year's rank minus this year's: positive when the unit moved up. Empty "
        "when the unit was not ranked in the same category both years.",
    )
    trend = fields.Selection(TRENDS, "Grade trend", readonly=True)

    def _query(self):
        grades = SQL("ARRAY[%s]::varchar[]", SQL(", ").join(SQL("%s", g) for g in GRADE_ORDER))
        return SQL(
            """
            SELECT evaluation.id AS id,
                   cycle.id AS cycle_id,
                   cycle.year AS year,
                   cycle.phase AS phase,
                   evaluation.unit_id AS unit_id,
                   evaluation.category_id AS category_id,
                   evaluation.total AS total,
                   evaluation.rank AS rank,
                   evaluation.grade AS grade,
                   evaluation.vetoed AS vetoed,
                   before.cycle_id AS previous_cycle_id,
                   before.category_id AS previous_category_id,
                   before.total AS previous_total,
                   before.rank AS previous_rank,
                   before.grade AS previous_grade,
                   evaluation.total - before.total AS total_change,
                   CASE WHEN before.category_id = evaluation.category_id
                        THEN before.rank - evaluation.rank END AS rank_change,
                   CASE WHEN before.grade IS NULL OR evaluation.grade IS NULL THEN 'new'
                        WHEN array_position(%(grades)s, evaluation.grade::varchar)
                             < array_position(%(grades)s, before.grade::varchar) THEN 'up'
                        WHEN array_position(%(grades)s, evaluation.grade::varchar)
                             > array_position(%(grades)s, before.grade::varchar) THEN 'down'
                        ELSE 'same' END AS trend
              FROM target_evaluation evaluation
              JOIN target_cycle cycle ON cycle.id = evaluation.cycle_id
              LEFT JOIN LATERAL (
                    SELECT earlier.cycle_id, earlier.category_id, earlier.total,
                           earlier.rank, earlier.grade
                      FROM target_evaluation earlier
                      JOIN target_cycle earlier_cycle ON earlier_cycle.id = earlier.cycle_id
                     WHERE earlier.unit_id = evaluation.unit_id
                       AND earlier.stage = 'year_end'
                       AND earlier.computed_at IS NOT NULL
                       AND (earlier_cycle.id = cycle.previous_cycle_id
                            OR (cycle.previous_cycle_id IS NULL
                                AND earlier_cycle.year = cycle.year - 1))
                     ORDER BY earlier_cycle.id
                     LIMIT 1
              ) before ON TRUE
             WHERE evaluation.stage = 'year_end'
               AND evaluation.computed_at IS NOT NULL
            """,
            grades=grades,
        )

    def init(self):
        replace_view(self.env.cr, self._table, self._query())
