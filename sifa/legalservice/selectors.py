"""Reads of the legalservice line, always scoped to the user."""

from __future__ import annotations

import datetime as dt

from sifa.core.access import get_visible_or_404, scope

from .models import AdvisorContract, AdvisorService, Platform


def platforms_for(user, *, on: dt.date | None = None):
    qs = scope(user, Platform.objects.select_related("region"))
    return qs.in_operation(on) if on else qs


def contracts_for(user, *, in_force_on: dt.date | None = None):
    qs = scope(user, AdvisorContract.objects.select_related("region", "law_firm"))
    if in_force_on:
        qs = qs.filter(starts_on__lte=in_force_on, ends_on__gte=in_force_on)
    return qs


def services_for(user):
    return scope(user, AdvisorService.objects.select_related("region", "contract"))


def service_get(user, pk) -> AdvisorService:
    return get_visible_or_404(user, AdvisorService.objects.all(), pk=pk)
