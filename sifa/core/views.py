"""Workbench pages. Business data is read through core.access.scope only."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from . import access
from .lines import Line
from .models import Record


def _entry_links(user):
    """The record types this user may open, grouped by line, with the admin list URL."""
    groups: dict[str, list[dict]] = {}
    for model, model_admin in admin.site._registry.items():
        if not issubclass(model, Record):
            continue
        request_like = type("R", (), {"user": user})()
        if not model_admin.has_view_permission(request_like):
            continue
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        line = model.line if isinstance(model.line, str) and model.line else "activities"
        groups.setdefault(line, []).append(
            {
                "name": model._meta.verbose_name_plural,
                "url": url,
                "can_add": model_admin.has_add_permission(request_like),
            }
        )
    labels = dict(Line.choices) | {"activities": "各类活动"}
    return [
        {"line": labels.get(k, k), "models": v}
        for k, v in sorted(
            groups.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 99
        )
    ]


@login_required
def home(request):
    user = request.user
    role = access.role_of(user)
    region = access.user_region(user)
    context = {
        "role": role,
        "role_label": getattr(user, "role_label", ""),
        "scope_label": region.name if region else "全县",
        "groups": _entry_links(user) if role != "viewer" else [],
        "lines": [Line(x).label for x in sorted(access.lines_of(user))]
        if role == "section"
        else [],
    }
    if role != "viewer":
        import datetime as dt

        from .due import due_items

        today = dt.date.today()
        items = due_items(user, today=today)
        context["due"] = [{"item": i, "state": i.state(today)} for i in items[:200]]
        context["due_total"] = len(items)
    extra = []
    for config in apps.get_app_configs():
        hook = getattr(config, "home_panels", None)
        if hook:
            extra.extend(hook(request))
    context["panels"] = extra
    return render(request, "core/home.html", context)
