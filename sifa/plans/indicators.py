"""Figures of the plans line. None is in figures.yaml; the dashboard's overdue count is internal."""

from __future__ import annotations

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import OPEN_STATUSES


def _overdue(start, end) -> Q:
    """Still open on the end date although the deadline passed before it."""
    return Q(deadline__lt=end) & (Q(status__in=OPEN_STATUSES) | Q(closed_on__gt=end))


INDICATORS = [
    Indicator(
        id="plans.overdue",
        label="已超期未完成的计划事项",
        kind="stock",
        model="plans.PlanItem",
        where=_overdue,
        unit="项",
        internal=True,
    ),
]
