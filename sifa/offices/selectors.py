"""Reads of the offices line, always scoped to the reader."""

from __future__ import annotations

import datetime as dt

from sifa.core.access import get_visible_or_404, scope

from .models import BuildingProject, OfficeStaff, on_post_q


def staff_list(user, *, office=None, on: dt.date | None = None):
    qs = scope(user, OfficeStaff.objects.select_related("office"))
    if office is not None:
        qs = qs.filter(office=office)
    if on is not None:
        qs = qs.filter(on_post_q(on))
    return qs


def project_list(user, *, completed_in: tuple[dt.date, dt.date] | None = None):
    qs = scope(user, BuildingProject.objects.select_related("office"))
    if completed_in is not None:
        qs = qs.filter(completed_on__gte=completed_in[0], completed_on__lte=completed_in[1])
    return qs


def project_get(user, pk) -> BuildingProject:
    return get_visible_or_404(user, BuildingProject.objects.select_related("office"), pk=pk)


def projects_under_way(user):
    """Started and not yet completed."""
    return project_list(user).filter(completed_on__isnull=True).order_by("started_on")
