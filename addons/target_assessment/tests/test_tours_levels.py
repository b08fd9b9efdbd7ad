"""The county office's journey (issue 18): 甲县's office opens its own assessment of
its townships and sees no other level's (static/tests/tours/target_county_office_tour.js)."""

from odoo.tests import tagged

from .test_office_levels import CountyLevelMixin
from .tour import LANG, TourCase


@tagged("post_install", "-at_install")
class TestCountyOfficeTour(CountyLevelMixin, TourCase):
    """甲县's cycle with its townships' year-end evaluations; the city's evaluation of
    乙县 and 乙县's own cycle beside it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.name = "江陵市2026年度目标责任考核"
        cls.office_a.write({"lang": LANG, "tz": "Asia/Shanghai"})
        Evaluation = cls.env["target.evaluation"]
        cls.evaluations = Evaluation.create(
            [
                {"cycle_id": cls.cycle_a.id, "unit_id": town.id, "stage": "year_end"}
                for town in (cls.town_a1, cls.town_a2)
            ]
        )
        cls.city_evaluation = Evaluation.create(
            {"cycle_id": cls.cycle.id, "unit_id": cls.county_b.id, "stage": "year_end"}
        )

    def test_county_office_runs_its_township_assessment(self):
        self.start_tour("/odoo", "target_county_office_tour", login="ta_office_a")
