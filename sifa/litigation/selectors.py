"""Reads of the litigation line, always scoped to the user (sifa.core.access.scope)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When

from sifa.core.access import get_visible_or_404, scope
from sifa.core.deadlines import state_q

from .models import Hearing, LitigationCase


def due_now_expression():
    """SQL twin of LitigationCase.due_now: the answer while unanswered, then the appeal."""
    return Case(
        When(Q(answered_on__isnull=True, outcome=""), then="answer_due"),
        When(appealed_on__isnull=True, then="appeal_due"),
        default=Value(None),
        output_field=models.DateField(),
    )


def cases(user) -> models.QuerySet:
    qs = scope(user, LitigationCase.objects.select_related("defendant", "region"))
    return qs.annotate(current_due=due_now_expression())


def case_get(user, pk) -> LitigationCase:
    return get_visible_or_404(user, LitigationCase.objects.select_related("defendant"), pk=pk)


def cases_by_deadline_state(user, state: str, *, today: dt.date | None = None):
    return cases(user).filter(state_q("current_due", None, state, today=today))


def hearings(user) -> models.QuerySet:
    return scope(user, Hearing.objects.select_related("case", "case__defendant"))


def due_items(user, *, today: dt.date, within: int):
    """Answers whose period is past or near, and appeal windows still open but closing soon.

    An appeal window that ran out is not work left undone (the judgment simply stands), so it
    leaves the list on its last day; an unanswered complaint stays until it is answered.

    The rows of `current_due <= limit AND (answering OR current_due >= today)`, written on the
    stored due dates themselves (`due_now_expression`'s two branches), so the database reads
    them by their dates instead of working out the expression for every case in scope; one
    query, only the columns the list shows."""
    from sifa.core.due import DueItem
    from sifa.workspace.links import record_url

    limit = today + dt.timedelta(days=within)
    answering = Q(answered_on__isnull=True, outcome="")
    qs = (
        scope(user, LitigationCase.objects.select_related("defendant"))
        .filter(
            (answering & Q(answer_due__lte=limit))
            | (~answering & Q(appealed_on__isnull=True, appeal_due__range=(today, limit)))
        )
        .annotate(current_due=due_now_expression())
        .only(
            "id",
            "case_number",
            "number",
            "plaintiff",
            "defendant__name",
            "answer_due",
            "answered_on",
            "outcome",
            "appeal_due",
            "appealed_on",
        )
        .order_by("current_due", "id")
    )
    return [
        DueItem("行政应诉", f"{c.due_now()[0]}期限", str(c), c.current_due, record_url(c))
        for c in qs[:200]
    ]
