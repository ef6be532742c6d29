"""Reads of the enforcement line, always scoped to the reader."""

from __future__ import annotations

import datetime as dt

from sifa.core.access import get_visible_or_404, scope

from .models import (
    EXPIRY_WARNING_MONTHS,
    Certificate,
    Officer,
    SpecialInspection,
    add_months,
    certificate_state_q,
    certified_q,
    in_service_q,
    replaced_q,
)


def officer_list(user, *, on: dt.date | None = None, certified: bool | None = None):
    """Officers the user may see; with `on`, those in service that day (and (un)certified)."""
    qs = scope(user, Officer.objects.select_related("agency__unit"))
    if on is not None:
        qs = qs.filter(in_service_q(on))
        if certified is not None:
            qs = qs.filter(certified_q(on)) if certified else qs.exclude(certified_q(on))
    return qs


def officer_get(user, pk) -> Officer:
    return get_visible_or_404(user, Officer.objects.select_related("agency__unit"), pk=pk)


def uncertified_officers(user, on: dt.date):
    """In service on `on` without a valid certificate (shown as 未持证)."""
    return officer_list(user, on=on, certified=False)


def certificate_list(user, *, state: str | None = None, today: dt.date | None = None):
    qs = scope(user, Certificate.objects.select_related("officer__agency__unit"))
    if state:
        qs = qs.filter(certificate_state_q(state, today or dt.date.today()))
    return qs


def certificate_get(user, pk) -> Certificate:
    return get_visible_or_404(user, Certificate.objects.select_related("officer"), pk=pk)


def certificates_due(user, today: dt.date | None = None):
    """Certificates to renew: expiring within the warning window or already expired."""
    today = today or dt.date.today()
    # 即将到期 or 已超期 is "not replaced, expiring by the end of the warning window": one AND,
    # so the indexed expiry range is read first and the "renewed later" subquery runs only for
    # the expiring certificates (the OR of the two states ran it, twice, for every certificate:
    # 395,600 times for a province).
    return (
        certificate_list(user)
        .filter(~replaced_q())
        .filter(expires_on__lte=add_months(today, EXPIRY_WARNING_MONTHS))
        .order_by("expires_on")
    )


def inspection_list(user, *, start: dt.date | None = None, end: dt.date | None = None):
    qs = scope(user, SpecialInspection.objects.all())
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return qs


def due_items(user, *, today: dt.date, within: int):
    """Certificates of serving officers that expire within `within` days or have expired.

    The same rows as `certificates_due` (not replaced: not revoked, holder not left, no later
    certificate of the holder), written as plain conditions and one NOT EXISTS at the top of
    the WHERE clause, which PostgreSQL runs as one anti-join over the expiring certificates
    instead of a subquery per certificate; only the columns the list shows."""
    from django.db.models import Exists, OuterRef

    from sifa.core.due import DueItem
    from sifa.workspace.links import record_url

    limit = min(today + dt.timedelta(days=within), add_months(today, EXPIRY_WARNING_MONTHS))
    later = Certificate.objects.filter(
        officer=OuterRef("officer"), issued_on__gt=OuterRef("issued_on")
    )
    qs = (
        scope(user, Certificate.objects.all())
        .filter(revoked_on__isnull=True, officer__left_on__isnull=True, expires_on__lte=limit)
        .filter(~Exists(later))
        .only("id", "number", "expires_on")
        .order_by("expires_on", "id")
    )
    return [
        DueItem("行政执法监督", "执法证件有效期", str(c), c.expires_on, record_url(c))
        for c in qs[:200]
    ]
