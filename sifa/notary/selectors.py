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
