"""Plain-Python helpers of the reports (no Odoo import), tested on their own."""
