"""Workbench pages. Business data is read through core.access.scope only."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import access, registry
from .lines import Line


def _entry_links(request):
    """The record types this user may open, grouped by line, with their entry-screen URLs.

    The record types are the registry's; which entry screens the user may open and add on
    are the admin site's own answer (`AdminSite.get_app_list`), so both agree with the screens.
    """
    screens = {}
    for app in admin.site.get_app_list(request):
        for entry in app["models"]:
            screens[entry["model"]] = entry
    groups: dict[str, list[dict]] = {}
    for rt in registry.record_types():
        entry = screens.get(rt.model)
        if entry is None or not entry.get("admin_url"):
            continue
        line = rt.line or "activities"
        groups.setdefault(line, []).append(
            {
                "name": rt.model._meta.verbose_name_plural,
                "url": entry["admin_url"],
                "can_add": bool(entry.get("add_url")),
            }
        )
    labels = dict(Line.choices) | {"activities": "各类活动"}
    return [
        {"line": labels.get(k, k), "models": v}
        for k, v in sorted(
            groups.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 99
        )
    ]


DUE_PAGE_SIZE = 20


def _due_context(request, user, role) -> dict:
    """The deadlines panel: per line, how many are overdue and due soon (the most urgent line
    first, each opening its list); below it, for the staff who handle them, the items of one
    line or all, most urgent first, a page at a time. The head (局长) sees the counts."""
    import datetime as dt

    from django.core.paginator import Paginator

    from .due import by_line, due_items, workspace_urls

    today = dt.date.today()
    items = due_items(user, today=today)
    groups = by_line(items, today)
    context = {
        "due": items,
        "due_total": len(items),
        "due_overdue": sum(g.overdue for g in groups),
        "due_groups": groups,
        "due_rows": None,
    }
    if role == "leader":
        return context
    chosen = request.GET.get("due_line", "")
    shown = next((g.items for g in groups if g.line == chosen), None)
    if shown is None:
        chosen = ""
        shown = items
    page = Paginator(shown, DUE_PAGE_SIZE).get_page(request.GET.get("due_page"))
    context.update(
        {
            "due_line": chosen,
            "due_page": page,
            "due_rows": [
                {"item": i, "state": i.state(today), "url": workspace_urls(i)[0]}
                for i in page.object_list
            ],
        }
    )
    return context


@login_required
def home(request):
    user = request.user
    role = access.role_of(user)
    region = access.user_region(user)
    context = {
        "role": role,
        "role_label": getattr(user, "role_label", ""),
        "scope_label": region.name if region else "全县",
        "groups": _entry_links(request) if role != "viewer" else [],
        "lines": [Line(x).label for x in sorted(access.lines_of(user))]
        if role == "section"
        else [],
    }
    if role != "viewer":
        context.update(_due_context(request, user, role))
    extra = []
    for config in apps.get_app_configs():
        hook = getattr(config, "home_panels", None)
        if hook:
            extra.extend(hook(request))
    context["panels"] = extra
    return render(request, "core/home.html", context)
