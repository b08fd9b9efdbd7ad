import ast
import keyword
import re

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import _BUILTINS, test_python_expr

CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Builtins an expression may call besides the columns' codes.
EXPRESSION_NAMES = frozenset(_BUILTINS) | {"True", "False", "None"}
# Field types a column can show (a path goes through many2one fields).
SHOWN_TYPES = {
    "char",
    "text",
    "html",
    "integer",
    "float",
    "monetary",
    "boolean",
    "date",
    "datetime",
    "selection",
    "many2one",
    "many2many",
}


class TargetExportTemplateColumn(models.Model):
    """A column of an upload template: where its values come from and how they look.

    Access: follows the template (the assessment office).
    """

    _name = "target.export.template.column"
    _description = "Upload Template Column"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "target.export.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(
        required=True,
        help="Name of the column in expressions: a letter, then letters, digits, underscores.",
    )
    header = fields.Char("Header text", required=True)
    source_type = fields.Selection(
        [("field", "Field"), ("expression", "Expression"), ("sequence", "Row number")],
        "Value from",
        required=True,
        default="field",
    )
    field_path = fields.Char(
        help="A field of the listed records, through many-to-one fields: unit_id.name, total, "
        "goal_id.indicator_id.name."
    )
    expression = fields.Char(
        help="A Python expression over the other columns' codes, e.g. "
        "round(total - goal_score, 2) or (score / points if points else 0)."
    )
    num_format = fields.Char(
        "Number format", help="An Excel number format: 0.00, #,##0, 0.0%, yyyy-mm-dd."
    )
    width = fields.Float(default=12.0)

    def _check_source(self, position, known):
        """Raise a ValidationError naming the column when its source is not valid.

        ``known``: the codes of the columns before it (an expression may use them,
        and the field and row-number columns after it).
        """
        self.ensure_one()
        template = self.template_id
        label = self.env._(
            "Template %(template)s, column %(position)s (%(header)s)",
            template=template.name,
            position=position,
            header=self.header,
        )
        if not CODE.match(self.code or "") or keyword.iskeyword(self.code):
            raise ValidationError(
                self.env._(
                    "%(column)s: the code %(code)s is not a name (a letter, then letters, digits, "
                    "underscores).",
                    column=label,
                    code=self.code,
                )
            )
        if self.width and not 0 < self.width <= 255:
            raise ValidationError(
                self.env._("%(column)s: the width is between 1 and 255.", column=label)
            )
        if self.source_type == "field":
            error = self._path_error(template._source_model(), self.field_path or "")
            if error:
                raise ValidationError(
                    self.env._("%(column)s: %(error)s", column=label, error=error)
                )
        elif self.source_type == "expression":
            self._check_expression(label, known)

    def _path_error(self, model, path):
        """Why ``path`` is not a field path of ``model`` (None when it is)."""
        if not path:
            return self.env._("give the field path")
        names = path.split(".")
        for index, name in enumerate(names):
            field = model._fields.get(name)
            if field is None:
                return self.env._(
                    "%(model)s has no field %(field)s (in %(path)s)",
                    model=model._description,
                    field=name,
                    path=path,
                )
            last = index == len(names) - 1
            if not last and field.type != "many2one":
                return self.env._(
                    "%(field)s is not a many-to-one field: the path cannot go on (%(path)s)",
                    field=name,
                    path=path,
                )
            if last and field.type not in SHOWN_TYPES:
                return self.env._(
                    "%(field)s cannot be shown in a cell (%(path)s)", field=name, path=path
                )
            if not last:
                model = self.env[field.comodel_name]
        return None

    def _check_expression(self, label, known):
        expression = (self.expression or "").strip()
        if not expression:
            raise ValidationError(self.env._("%(column)s: give the expression.", column=label))
        error = test_python_expr(expression, mode="eval")
        if error:
            raise ValidationError(
                self.env._(
                    "%(column)s: the expression is not valid: %(error)s", column=label, error=error
                )
            )
        codes = set(known)
        codes.update(
            c.code
            for c in self.template_id.column_ids
            if c.source_type in ("field", "sequence") and c.code
        )
        unknown = sorted(_free_names(expression) - codes - EXPRESSION_NAMES)
        if unknown:
            raise ValidationError(
                self.env._(
                    "%(column)s: the expression uses %(names)s, which is not the code of a "
                    "field column or of an expression column before it.",
                    column=label,
                    names=", ".join(unknown),
                )
            )


def _free_names(expression):
    """The names ``expression`` reads that it does not bind itself (comprehension
    variables, lambda arguments); attribute names are not names."""
    tree = ast.parse(expression, mode="eval")
    bound = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    bound |= {
        arg.arg for node in ast.walk(tree) if isinstance(node, ast.arguments) for arg in node.args
    }
    read = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    return read - bound
