"""Reads of the normative-documents line, always limited to what the user may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from sifa.core.access import get_visible_or_404, scope

from .models import (
    DraftingHearing,
    FilingState,
    LegalityReview,
    NormdocConsultation,
)


def filing_state_q(state: str, today: dt.date | None = None) -> Q:
    """Q selecting reviews in one filing state (same rule as LegalityReview.filing_state)."""
    today = today or dt.date.today()
    published = Q(published_on__isnull=False)
    unfiled = published & Q(filed_on__isnull=True)
    rules: dict[str, Q] = {
        FilingState.NOT_PUBLISHED: Q(published_on__isnull=True),
        FilingState.PENDING: unfiled & (Q(filing_due__isnull=True) | Q(filing_due__gte=today)),
        FilingState.OVERDUE: unfiled & Q(filing_due__lt=today),
        FilingState.ON_TIME: Q(filed_on__isnull=False)
        & (Q(filing_due__isnull=True) | Q(filed_on__lte=F("filing_due"))),
        FilingState.LATE: Q(filed_on__isnull=False) & Q(filed_on__gt=F("filing_due")),
    }
    return rules.get(state, Q())


def reviews(user, *, filing_state: str | None = None, today: dt.date | None = None):
    qs = scope(user, LegalityReview.objects.all())
    if filing_state:
        qs = qs.filter(filing_state_q(filing_state, today))
    return qs


def review_get(user, pk) -> LegalityReview:
    return get_visible_or_404(user, LegalityReview.objects.all(), pk=pk)


def reviews_to_file(user, *, today: dt.date | None = None):
    """Published and not yet filed (有件必备), most urgent first — overdue ones lead."""
    return (
        reviews(user)
        .filter(published_on__isnull=False, filed_on__isnull=True)
        .order_by("filing_due", "pk")
    )


def reviews_overdue(user, *, today: dt.date | None = None):
    return reviews(user, filing_state=FilingState.OVERDUE, today=today).order_by("filing_due")


def consultations(user):
    return scope(user, NormdocConsultation.objects.all())


def hearings(user):
    return scope(user, DraftingHearing.objects.all())


def due_items(user, *, today: dt.date, within: int):
    """Published documents not yet filed whose filing deadline is past or near (有件必备).

    One query, only the columns the list shows."""
    from sifa.core.due import DueItem
    from sifa.workspace.links import record_url

    limit = today + dt.timedelta(days=within)
    qs = reviews_to_file(user).filter(filing_due__lte=limit).only("id", "title", "filing_due")
    return [
        DueItem("规范性文件", "备案期限", str(r), r.filing_due, record_url(r)) for r in qs[:200]
    ]
