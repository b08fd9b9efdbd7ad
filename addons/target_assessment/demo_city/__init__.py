"""Demo city generator (DESIGN.md §8): ``generate(env, scale=1, year=None)``, and
the walk of a cycle's year end by its users (``YearEndWalk``).

Not imported by the addon itself: scripts/demo.py and the tests import it.
"""

from .generator import generate, plan_city
from .year_end import YearEndWalk
