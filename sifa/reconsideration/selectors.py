"""Reads of the reconsideration line, always scoped to the user (sifa.core.access.scope)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When

from sifa.core.access import get_visible_or_404, scope
from sifa.core.deadlines import state_q

from .models import (
    TERMINATING_GROUNDS,
    ReconsiderationCase,
    Status,
    deemed_abandoned_q,
    deemed_accepted_q,
)


def _scope(user, qs):
    """Scoped to the user; `user=None` is the system itself (scheduled jobs, the demo)."""
    return qs if user is None else scope(user, qs)


def due_now_expression(today: dt.date):
    """SQL twin of ReconsiderationCase.due_now: the due date the case is waiting for today."""
    return Case(
        When(Q(status=Status.RECEIVED, acceptance_due__gte=today), then="acceptance_due"),
        When(status=Status.RECEIVED, then="decision_due"),
        When(
            Q(status=Status.CORRECTION, correction_reply_due__gte=today),
            then="correction_reply_due",
        ),
        When(status=Status.UNDER_REVIEW, then="decision_due"),
        When(status=Status.SUSPENDED, then="suspension_limit_on"),
        default=Value(None),
        output_field=models.DateField(),
    )


def cases(user, *, today: dt.date | None = None) -> models.QuerySet:
    """The user's cases, annotated with `current_due` and `is_deemed` for `today`."""
    today = today or dt.date.today()
    qs = scope(user, ReconsiderationCase.objects.select_related("respondent", "region"))
    return qs.annotate(
        current_due=due_now_expression(today),
        is_deemed=Case(
            When(deemed_accepted_q(today) | Q(deemed_accepted=True), then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
    )


def case_get(user, pk) -> ReconsiderationCase:
    return get_visible_or_404(user, ReconsiderationCase.objects.select_related("respondent"), pk=pk)


def cases_by_deadline_state(user, state: str, *, today: dt.date | None = None):
    """正常 / 即将到期 / 已超期 of whatever each case is waiting for (`state` a DeadlineState)."""
    today = today or dt.date.today()
    return cases(user, today=today).filter(state_q("current_due", None, state, today=today))


def cases_deemed_accepted(user, *, today: dt.date | None = None):
    """Cases not refused within the review period: 视为受理 (art. 30), not yet recorded."""
    today = today or dt.date.today()
    return _scope(user, ReconsiderationCase.objects.filter(deemed_accepted_q(today)))


def cases_deemed_abandoned(user, *, today: dt.date | None = None):
    """Cases whose applicant did not correct in time: 视为放弃 (art. 31), not yet recorded."""
    today = today or dt.date.today()
    return _scope(user, ReconsiderationCase.objects.filter(deemed_abandoned_q(today)))


def suspensions_expired(user, *, today: dt.date | None = None):
    """Cases suspended on grounds 39(1)(2)(4) for 60 days, to be terminated (art. 41(5))."""
    today = today or dt.date.today()
    return _scope(
        user,
        ReconsiderationCase.objects.filter(
            status=Status.SUSPENDED,
            suspension_ground__in=list(TERMINATING_GROUNDS),
            suspension_limit_on__lt=today,
        ),
    )


def _due_label(case, today: dt.date) -> str:
    if case.status == Status.RECEIVED:
        if case.is_deemed_accepted(today):
            return "行政复议决定期限（视为受理）"
        return "受理审查期限"
    return {
        Status.CORRECTION: "申请人补正期限",
        Status.UNDER_REVIEW: "行政复议决定期限",
        Status.SUSPENDED: "中止满六十日（终止）",
    }.get(case.status, "期限")


def due_items(user, *, today: dt.date, within: int):
    """Open deadlines (acceptance review, correction, decision, art. 41(5)) past or near.

    The rows of `current_due <= limit`, written branch by branch of `due_now_expression` on
    the stored due dates, so the database reads them by status and date instead of working out
    the expression for every case in scope; one query, only the columns the list shows."""
    from sifa.core.due import DueItem
    from sifa.workspace.links import record_url

    limit = today + dt.timedelta(days=within)
    accepting = Q(acceptance_due__gte=today)
    near = (
        Q(status=Status.RECEIVED) & accepting & Q(acceptance_due__lte=limit)
        | Q(status=Status.RECEIVED) & ~accepting & Q(decision_due__lte=limit)
        | Q(status=Status.CORRECTION, correction_reply_due__range=(today, limit))
        | Q(status=Status.UNDER_REVIEW, decision_due__lte=limit)
        | Q(status=Status.SUSPENDED, suspension_limit_on__lte=limit)
    )
    qs = (
        scope(user, ReconsiderationCase.objects.select_related("respondent"))
        .filter(near)
        .annotate(current_due=due_now_expression(today))
        .only(
            "id",
            "status",
            "case_number",
            "applicant_name",
            "respondent__name",
            "deemed_accepted",
            "acceptance_due",
            "decision_due",
            "correction_reply_due",
            "suspension_limit_on",
        )
        .order_by("current_due", "id")
    )
    return [
        DueItem("行政复议", _due_label(c, today), str(c), c.current_due, record_url(c))
        for c in qs[:200]
    ]
