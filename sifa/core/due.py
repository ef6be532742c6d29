"""What is due: every deadline in the user's scope that is overdue or due soon, from every line.

A line contributes by defining `due_items(user, *, today, within)` in its `selectors.py`,
returning DueItem objects for its open deadlines in the user's scope (through
core.access.scope). The home page lists them, overdue first.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from django.conf import settings

from .deadlines import DeadlineState, deadline_state


@dataclass(frozen=True)
class DueItem:
    line: str  # the line's Chinese name
    what: str  # the deadline, e.g. 受理审查期限
    record: str  # the record, e.g. a case number
    due: dt.date
    url: str

    def state(self, today: dt.date) -> DeadlineState:
        return deadline_state(self.due, today=today)

    @property
    def days_left(self) -> int:
        return (self.due - dt.date.today()).days


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
    return sorted((i for i in items if i.due <= limit), key=lambda i: (i.due, i.line, i.record))
