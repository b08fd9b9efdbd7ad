"""The web client's reads of a page, for the query budgets and the page benchmark.

What the web client asks the server for on opening an action (its domain,
context and default filters, its view's field specification) or a form:
``web_search_read`` of a page of 80 rows and their count, ``web_read_group``
with groups opened, ``web_read`` of a record. Each reader empties the ORM's
cache first, as in a new request. Used by tests/test_page_queries.py (both
addons) and scripts/bench_pages.py.
"""

from lxml import etree

from odoo.tools.safe_eval import safe_eval

# the rows of an x2many's list or kanban that a form reads at once
SUBVIEW_LIMIT = 40


def _in_subview(node, arch):
    """Whether ``node`` belongs to the sub-view of an x2many field of ``arch``."""
    parent = node.getparent()
    while parent is not None and parent is not arch:
        if parent.tag == "field":
            return True
        parent = parent.getparent()
    return False


def specification(model, arch):
    """The web client's specification of the fields of a view's ``arch``: a
    many-to-one's display name unless it is always invisible, an x2many's rows
    with the fields of its sub-view."""
    spec = {}
    for node in arch.iter("field"):
        # fields of a sub-view belong to their x2many field's specification
        if _in_subview(node, arch):
            continue
        name = node.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        invisible = node.get("invisible") in ("1", "True", "true")
        sub = next(iter(node.iter("list", "kanban")), None)
        if field.type == "many2one" and invisible:
            spec[name] = {"fields": {}}
        elif field.type in ("one2many", "many2many") and sub is not None:
            comodel = model.env[field.comodel_name]
            spec[name] = {"fields": specification(comodel, sub), "limit": SUBVIEW_LIMIT}
        elif field.type in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def view_arch(model, view_type, view_id=False):
    """The arch of ``model``'s view as the web client receives it (etree)."""
    views = model.get_views([(view_id, view_type)])
    return etree.fromstring(views["views"][view_type]["arch"])


def open_action(user, xmlid, domain=()):
    """The action's model (as ``user``, in its context), list specification and
    domain: the action's, its default filters' and ``domain``."""
    action = user.env.ref(xmlid).sudo()
    context = safe_eval(action.context or "{}", {"uid": user.id})
    model = user.env[action.res_model].with_user(user).with_context(**context)
    spec = specification(model, view_arch(model, "list", action.view_id.id))
    domain = safe_eval(action.domain or "[]", {"uid": user.id}) + list(domain)
    search = view_arch(model, "search", action.search_view_id.id)
    for node in search.iter("filter"):
        if context.get(f"search_default_{node.get('name')}") and node.get("domain"):
            domain += safe_eval(node.get("domain"), {"uid": user.id})
    return model, spec, domain


def list_reader(user, xmlid, domain=()):
    """Opening the action: a page of 80 rows and the count."""
    model, spec, domain = open_action(user, xmlid, domain)

    def read():
        model.env.invalidate_all()
        return model.web_search_read(domain, spec, limit=80, count_limit=10001)

    return read


def groups_reader(user, xmlid, domain, opening_info):
    """Opening a grouped list: its groups, those in ``opening_info`` opened with
    their first 80 rows."""
    model, spec, domain = open_action(user, xmlid, domain)
    groupby = model.env.context["group_by"]
    aggregates = [
        f"{name}:{model._fields[name].aggregator}"
        for name in spec
        if model._fields[name].store
        and model._fields[name].aggregator
        and model._fields[name].type in ("float", "integer", "monetary")
    ]

    def read():
        model.env.invalidate_all()
        return model.web_read_group(
            domain,
            groupby,
            aggregates,
            limit=80,
            opening_info=opening_info,
            unfold_read_specification=spec,
        )

    return read


def kanban_reader(user, xmlid, domain=(), progress_bar=None):
    """Opening a grouped kanban view: its columns (the first ones opened with their
    first 40 cards) and their progress bars."""
    action = user.env.ref(xmlid).sudo()
    view = action.view_ids.filtered(lambda v: v.view_mode == "kanban").view_id
    model = user.env[action.res_model].with_user(user)
    arch = view_arch(model, "kanban", view.id)
    spec = specification(model, arch)
    domain = safe_eval(action.domain or "[]", {"uid": user.id}) + list(domain)
    groupby = [arch.get("default_group_by")]

    def read():
        model.env.invalidate_all()
        groups = model.web_read_group(
            domain,
            groupby,
            auto_unfold=True,
            unfold_read_specification=spec,
            unfold_read_default_limit=40,
        )
        if progress_bar:
            model.read_progress_bar(domain, groupby[0], progress_bar)
        return groups

    return read


def form_reader(user, record):
    """Opening ``record``'s form."""
    model = record.with_user(user)
    spec = specification(model, view_arch(model, "form"))

    def read():
        model.env.invalidate_all()
        return model.web_read(spec)

    return read
