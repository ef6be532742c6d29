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
    leaves the list on its last day; an unanswered complaint stays until it is answered."""
    from django.urls import reverse

    from sifa.core.due import DueItem

    limit = today + dt.timedelta(days=within)
    answering = Q(answered_on__isnull=True, outcome="")
    qs = (
        cases(user)
        .filter(current_due__lte=limit)
        .filter(answering | Q(current_due__gte=today))
        .order_by("current_due")
    )
    return [
        DueItem(
            "行政应诉",
            f"{c.due_now()[0]}期限",
            str(c),
            c.current_due,
            reverse("admin:litigation_litigationcase_change", args=[c.pk]),
        )
        for c in qs[:200]
    ]
