"""Reads of the team line, always scoped to the reader (sifa.core.access.scope)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, Sum

from sifa.core.access import get_visible_or_404, scope

from .models import ACTIVITY_GROUPS, Donation, FirstSecretary, Incident


def activities(user, group, *, start: dt.date | None = None, end: dt.date | None = None):
    """Activities of one entry group (a proxy of ACTIVITY_GROUPS) the user may see."""
    if group not in ACTIVITY_GROUPS:
        raise ValueError(f"unknown activity group {group!r}")
    qs = scope(user, group.objects.select_related("type", "region"))
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return qs.order_by("date", "pk")


def activity_detail(user, group, pk):
    return get_visible_or_404(user, group.objects.all(), pk=pk)


def donations(user, *, year: int | None = None, kind: str | None = None):
    qs = scope(user, Donation.objects.all())
    if year:
        qs = qs.filter(date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("date", "pk")


def donation_totals(user, *, year: int) -> dict[str, int]:
    """Total yuan per donation kind in `year`."""
    rows = donations(user, year=year).order_by().values("kind").annotate(total=Sum("amount_yuan"))
    return {row["kind"]: row["total"] or 0 for row in rows}


def secretaries_serving(user, on: dt.date):
    """First secretaries in office on `on` (started on or before it, not ended before it)."""
    qs = scope(user, FirstSecretary.objects.select_related("township", "region"))
    return qs.filter(serving_q(on)).order_by("started_on", "pk")


def serving_q(on: dt.date) -> Q:
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def incidents(user, *, start: dt.date | None = None, end: dt.date | None = None):
    qs = scope(user, Incident.objects.all())
    if start:
        qs = qs.filter(occurred_on__gte=start)
    if end:
        qs = qs.filter(occurred_on__lte=end)
    return qs.order_by("occurred_on", "pk")
