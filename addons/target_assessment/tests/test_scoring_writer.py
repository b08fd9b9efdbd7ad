"""scoring.writer.array_text: a column passed as the text of one array reads back as given."""

from datetime import date, datetime

from psycopg2.extras import Json

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..scoring.writer import array_text
from .common import FrozenToday


@tagged("post_install", "-at_install")
class TestArrayText(FrozenToday, TransactionCase):
    # the dates are values read back, not days of a cycle: the clock is frozen all the same
    today = date(2026, 12, 7)

    def _round_trip(self, values, sql_type):
        rows = self.env.execute_query(
            SQL("SELECT unnest(%s::%s[])", array_text(values, sql_type), SQL(sql_type))
        )
        return [row[0] for row in rows]

    def test_numbers_read_back_exactly(self):
        ints = [1, None, -7, 2_147_483_647]
        self.assertEqual(self._round_trip(ints, "int4"), ints)
        floats = [0.1, 1e-05, 123456789.123456, -0.0, 1e12, None, 2 / 3]
        self.assertEqual(self._round_trip(floats, "float8"), floats)
        # a float field with digits is converted to its text ("12.50"): numeric reads it
        # (Odoo reads numeric columns as floats)
        self.assertEqual(self._round_trip(["12.50", "0.01", None], "numeric"), [12.5, 0.01, None])

    def test_texts_are_quoted(self):
        texts = [
            'a "quoted" word',
            "back\\slash",
            "{braces},comma",
            "NULL",
            "",
            "  spaces ",
            "中文",
        ]
        self.assertEqual(self._round_trip([*texts, None], "varchar"), [*texts, None])

    def test_booleans_dates_and_json(self):
        self.assertEqual(self._round_trip([True, False, None], "bool"), [True, False, None])
        days = [date(2026, 12, 7), None]
        self.assertEqual(self._round_trip(days, "date"), days)
        moments = [datetime(2026, 12, 7, 19, 30, 5, 120000)]
        self.assertEqual(self._round_trip(moments, "timestamp"), moments)
        reasons = [Json({"goal": 'GDP "增长"', "args": [1.5, None]}), None]
        self.assertEqual(
            self._round_trip(reasons, "jsonb"), [{"goal": 'GDP "增长"', "args": [1.5, None]}, None]
        )
