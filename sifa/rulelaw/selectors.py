"""Reads of the rule-of-law and publicity line, always limited to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from sifa.core.access import get_visible_or_404, lines_of, role_of, scope, user_region
from sifa.core.lines import Line
from sifa.core.models import Region

from .models import (
    PLANNING_KINDS,
    IssuedDocument,
    LawExamSession,
    LegalLiterate,
    PublicityDuty,
    RulelawActivity,
)


def documents(user, *, year: int | None = None, planning_only: bool = False):
    qs = scope(user, IssuedDocument.objects.all())
    if year:
        qs = qs.filter(issued_on__year=year)
    if planning_only:
        qs = qs.filter(kind__in=PLANNING_KINDS)
    return qs.order_by("issued_on", "pk")


def legal_literates(user, *, on: dt.date | None = None):
    qs = scope(user, LegalLiterate.objects.select_related("region"))
    if on is not None:
        qs = qs.filter(LegalLiterate.active_on_q(on))
    return qs


def legal_literate_get(user, pk) -> LegalLiterate:
    return get_visible_or_404(user, LegalLiterate.objects.all(), pk=pk)


@dataclass(frozen=True)
class VillageCoverage:
    village: Region
    township: Region | None
    count: int

    @property
    def covered(self) -> bool:
        return self.count > 0


def visible_villages(user):
    """Villages (村/社区) in the user's scope; none for roles that cannot see this line."""
    if role_of(user) in ("anonymous", "viewer") or Line.RULELAW not in lines_of(user):
        return Region.objects.none()
    qs = Region.objects.villages()
    region = user_region(user)
    if region is not None:
        qs = qs.under(region)
    return qs


def literate_coverage(user, *, on: dt.date | None = None) -> list[VillageCoverage]:
    """Every village in scope with its number of 法律明白人 in the register on `on` (default
    today); villages without one have count 0 (the national target is at least one each)."""
    on = on or dt.date.today()
    counts = dict(
        legal_literates(user, on=on).values_list("region_id").annotate(n=Count("pk")).order_by()
    )
    villages = list(visible_villages(user).select_related("parent").order_by("code"))
    return [VillageCoverage(v, v.parent, counts.get(v.code, 0)) for v in villages]


def villages_without_literate(user, *, on: dt.date | None = None) -> list[Region]:
    return [c.village for c in literate_coverage(user, on=on) if not c.covered]


def exams(user, *, year: int | None = None):
    qs = scope(user, LawExamSession.objects.all())
    if year:
        qs = qs.filter(held_on__year=year)
    return qs


def exam_get(user, pk) -> LawExamSession:
    return get_visible_or_404(user, LawExamSession.objects.all(), pk=pk)


def duties(user, *, year: int | None = None):
    qs = scope(user, PublicityDuty.objects.select_related("agency"))
    if year:
        qs = qs.filter(year=year)
    return qs


def activities(user, *, types: tuple[str, ...] = (), year: int | None = None):
    qs = scope(user, RulelawActivity.objects.select_related("type", "region"))
    if types:
        qs = qs.filter(type__code__in=types)
    if year:
        qs = qs.filter(date__year=year)
    return qs


def activity_get(user, pk) -> RulelawActivity:
    return get_visible_or_404(user, RulelawActivity.objects.all(), pk=pk)


def campaign_themes(user, *, year: int) -> list[str]:
    """Distinct themes of the year's themed campaigns in date order."""
    seen: list[str] = []
    for theme in (
        activities(user, types=("themed_campaign",), year=year)
        .filter(~Q(theme=""))
        .order_by("date", "pk")
        .values_list("theme", flat=True)
    ):
        if theme not in seen:
            seen.append(theme)
    return seen
