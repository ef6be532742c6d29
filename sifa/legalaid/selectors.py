"""Reads of the legalaid line, always scoped to the user."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from sifa.core.access import get_visible_or_404, scope
from sifa.core.deadlines import state_q

from .models import (
    AidApplication,
    AidCase,
    AidConsultation,
    AidDocument,
    ApplicationStatus,
)


def applications_for(user):
    return scope(user, AidApplication.objects.select_related("region"))


def current_deadline_q(state: str, today: dt.date | None = None) -> Q:
    """Applications whose running deadline (review, then assignment) is in `state`."""
    review = Q(status=ApplicationStatus.RECEIVED) & state_q(
        "review_due", "decided_on", state, today
    )
    assign = Q(status=ApplicationStatus.APPROVED) & state_q(
        "assign_due", "assigned_on", state, today
    )
    return review | assign


def applications_due(user, state: str, *, today: dt.date | None = None):
    """Open applications whose running deadline is 即将到期 / 已超期 / 正常."""
    return applications_for(user).filter(current_deadline_q(state, today))


def cases_for(user):
    return scope(user, AidCase.objects.select_related("region", "handler"))


def case_get(user, pk) -> AidCase:
    return get_visible_or_404(user, AidCase.objects.all(), pk=pk)


def consultations_for(user):
    return scope(user, AidConsultation.objects.all())


def documents_for(user):
    return scope(user, AidDocument.objects.all())


def due_items(user, *, today: dt.date, within: int):
    """Applications whose review (art. 43) or assignment (art. 44) deadline is near or past.

    One query, the earliest running deadline first, only the columns the list shows."""
    from django.db.models import Case, DateField, When

    from sifa.core.due import DueItem, set_date
    from sifa.workspace.links import record_url

    limit = today + dt.timedelta(days=within)
    running = Case(
        When(status=ApplicationStatus.RECEIVED, then="review_due"),
        default="assign_due",
        output_field=DateField(),
    )
    qs = (
        scope(user, AidApplication.objects.all())
        .filter(
            Q(status=ApplicationStatus.RECEIVED, review_due__lte=limit)
            | Q(status=ApplicationStatus.APPROVED, assign_due__lte=limit)
        )
        .only("id", "status", "applicant_name", "received_on", "review_due", "assign_due")
        .order_by(running, "id")
    )
    items = []
    for a in qs[:200]:
        reviewing = a.status == ApplicationStatus.RECEIVED
        items.append(
            DueItem(
                "法律援助",
                "审查期限" if reviewing else "指派期限",
                str(a),
                set_date(a.review_due if reviewing else a.assign_due),
                record_url(a),
            )
        )
    return items
