"""The database views behind the report models (``_auto = False``)."""

from odoo import tools
from odoo.tools import SQL


def replace_view(cr, table, query):
    """(Re)create the view ``table`` as the ``SELECT`` of ``query`` (an :class:`SQL`)."""
    tools.drop_view_if_exists(cr, table)
    cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(table), query))
