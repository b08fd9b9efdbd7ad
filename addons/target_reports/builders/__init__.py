"""Data builders of the reports: each reads one report's data as the user, in
chunks and a bounded number of queries per chunk, and hands out plain rows;
the report classes (report/) only render them."""

from .base import Builder, ReportFilter, SheetData
from .bulletin import BulletinBuilder
from .cadre import CadreBuilder
from .goal_tree import GoalTreeBuilder
from .progress import ProgressBuilder
from .result_summary import ResultSummaryBuilder
from .template import TemplateBuilder
from .unit_detail import UnitDetailBuilder
