"""What is due: every deadline in the user's scope that is overdue or due soon, from every line.

A line contributes by defining `due_items(user, *, today, within)` in its `selectors.py`,
returning DueItem objects for its open deadlines in the user's scope (through
core.access.scope). The home page lists them, overdue first.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field, replace

from django.conf import settings

from .deadlines import DeadlineState, deadline_state


def set_date(value: dt.date | None) -> dt.date:
    """A deadline the query filtered on (`<field>__lte`), so never empty: typed as such."""
    if value is None:
        raise ValueError("a due item needs its deadline")
    return value


@dataclass(frozen=True)
class DueItem:
    line: str  # the line's Chinese name
    what: str  # the deadline, e.g. 受理审查期限
    record: str  # the record, e.g. a case number
    due: dt.date
    url: str
    # the day the list was drawn up for (`due_items(today=…)`); days are counted from it
    today: dt.date | None = field(default=None, compare=False)

    def state(self, today: dt.date) -> DeadlineState:
        return deadline_state(self.due, today=today)

    @property
    def days_left(self) -> int:
        """Days from the list's day to the deadline (negative: overdue by that many days)."""
        return (self.due - (self.today or dt.date.today())).days


def line_selectors():
    for app in settings.SIFA_LINE_APPS:
        try:
            module = importlib.import_module(f"{app}.selectors")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.selectors":
                raise
            continue
        if hasattr(module, "due_items"):
            yield module


def due_items(user, *, today: dt.date | None = None, within: int | None = None) -> list[DueItem]:
    """Deadlines in `user`'s scope that are past or fall within `within` days, earliest first."""
    today = today or dt.date.today()
    within = settings.SIFA_DUE_SOON_DAYS if within is None else within
    items: list[DueItem] = []
    for module in line_selectors():
        items.extend(module.due_items(user, today=today, within=within))
    limit = today + dt.timedelta(days=within)
    return sorted(
        (replace(i, today=today) for i in items if i.due <= limit),
        key=lambda i: (i.due, i.line, i.record),
    )


# --- the home page: deadlines grouped by line, the most urgent first -----------------------------
@dataclass
class LineDue:
    """One line's deadlines on the home page: how many are overdue and due soon, the earliest,
    and where its list opens."""

    line: str
    overdue: int = 0
    soon: int = 0
    first_due: dt.date | None = None
    url: str = ""
    items: list = None  # type: ignore[assignment]

    @property
    def total(self) -> int:
        return self.overdue + self.soon


def _target(url: str):
    """(model, pk) of the record a record page (the workspace's, or an entry screen's) opens,
    or None."""
    from django.apps import apps
    from django.urls import Resolver404, resolve

    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return None
    name = match.url_name or ""
    if match.namespace == "workspace" and name.endswith("_detail"):
        suffix, key = "_detail", "pk"
    elif match.namespace == "admin" and name.endswith("_change"):
        suffix, key = "_change", "object_id"
    else:
        return None
    for model in apps.get_models():
        opts = model._meta
        if name == f"{opts.app_label}_{opts.model_name}{suffix}":
            return model, match.kwargs.get(key)
    return None


def workspace_urls(item: DueItem, state: DeadlineState = DeadlineState.OVERDUE) -> tuple[str, str]:
    """(the record's page, its type's list of records whose deadline is in `state`, overdue by
    default) in the clerks' workspace, where those pages exist; else the item's own address
    and ""."""
    from django.urls import NoReverseMatch, reverse

    target = _target(item.url)
    if target is None:
        return item.url, ""
    model, pk = target
    app, name = model._meta.app_label, model._meta.model_name
    try:
        record = reverse(f"workspace:{app}_{name}_detail", args=[int(pk)])
        listing = deadline_list_url(model, state)
    except (NoReverseMatch, TypeError, ValueError):
        return item.url, ""
    return record, listing


def deadline_list_url(model, state: DeadlineState) -> str:
    """The workspace list of `model`'s records whose deadline is in `state` (NoReverseMatch
    when the type has no workspace list)."""
    from django.urls import reverse

    listing = reverse(f"workspace:{model._meta.app_label}_{model._meta.model_name}_list")
    return f"{listing}?{_deadline_param(model)}={state.value}"


def _deadline_param(model) -> str:
    """The workspace list's deadline filter: `dl_<due field>` when the type has one deadline,
    else `deadline` (any of its deadlines)."""
    from . import registry

    rt = registry.find(model)
    try:
        from sifa.workspace.views import deadline_specs

        specs = deadline_specs(rt) if rt is not None else []
    except ImportError:
        specs = []
    return f"dl_{specs[0].due_field}" if len(specs) == 1 else "deadline"


def by_line(items: list[DueItem], today: dt.date) -> list[LineDue]:
    """The items grouped by line, the line with the earliest deadline first."""
    groups: dict[str, LineDue] = {}
    for item in items:  # earliest first (due_items sorts them)
        group = groups.get(item.line)
        if group is None:
            group = groups[item.line] = LineDue(item.line, first_due=item.due, items=[])
            group.url = workspace_urls(item)[1]
        if item.state(today) == DeadlineState.OVERDUE:
            group.overdue += 1
        else:
            group.soon += 1
        group.items.append(item)
    for group in groups.values():
        # A line with nothing overdue opens its list of records due soon, not an empty list.
        if not group.overdue:
            group.url = workspace_urls(group.items[0], DeadlineState.SOON)[1]
    return sorted(groups.values(), key=lambda g: (g.first_due, g.line))
