"""Reads of the notary line, always scoped to the user."""

from __future__ import annotations

import datetime as dt

from sifa.core.access import get_visible_or_404, scope
from sifa.core.deadlines import state_q

from .models import Notarization, NotaryConsultation, NotaryDocument


def notarizations_for(user):
    return scope(user, Notarization.objects.select_related("region"))


def notarization_get(user, pk) -> Notarization:
    return get_visible_or_404(user, Notarization.objects.all(), pk=pk)


def notarizations_due(user, state: str, *, today: dt.date | None = None):
    """Matters not yet closed whose issue deadline is 正常 / 即将到期 / 已超期."""
    return notarizations_for(user).filter(state_q("issue_due", "closed_on", state, today))


def consultations_for(user):
    return scope(user, NotaryConsultation.objects.all())


def documents_for(user):
    return scope(user, NotaryDocument.objects.all())


def due_items(user, *, today, within: int):
    """Matters not yet closed whose issue deadline (公证法 art. 30) is near or past.

    One query, only the columns the list shows."""
    from sifa.core.due import DueItem, set_date
    from sifa.workspace.links import record_url

    limit = today + dt.timedelta(days=within)
    qs = (
        scope(user, Notarization.objects.all())
        .filter(closed_on__isnull=True, issue_due__lte=limit)
        .only("id", "certificate_no", "matter", "accepted_on", "issue_due")
        .order_by("issue_due", "id")
    )
    return [
        DueItem("公证", "出证期限", str(n), set_date(n.issue_due), record_url(n)) for n in qs[:200]
    ]
