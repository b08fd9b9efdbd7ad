from odoo import fields, models


class TargetBenchRow(models.Model):
    """A plain row: what the bare ORM costs to create and read, the benchmarks' floor.

    Installed by scripts/bench into its own database only (scripts/bench_addons is
    not on a production addons path).
    """

    _name = "target.bench.row"
    _description = "Benchmark Row"

    name = fields.Char(required=True)
    ref_id = fields.Many2one("res.partner", ondelete="set null")
    state = fields.Selection([("a", "A"), ("b", "B")], default="a")
    value = fields.Float()
    amount = fields.Float()
    score = fields.Float()
