"""Test helpers: a registry of the reports app's own test indicators over core records."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from sifa.core.indicators import Indicator, Registry
from sifa.core.models import Activity, ActivityType, Region, Unit

ACT = "core.Activity"


def make_registry() -> Registry:
    """Indicators of every kind over core.Activity / core.Region / core.Unit."""
    reg = Registry()
    for ind in [
        Indicator(
            id="t.inspections",
            label="法治督察",
            kind="count",
            model=ACT,
            date_field="date",
            where=Q(type__code="rulelaw_inspection"),
        ),
        Indicator(
            id="t.lectures",
            label="宣讲会及培训",
            kind="count",
            model=ACT,
            date_field="date",
            where=Q(type__code__in=("lecture", "training")),
        ),
        Indicator(
            id="t.consultations",
            label="咨询",
            kind="sum",
            model=ACT,
            date_field="date",
            where=Q(type__code__in=("lecture", "training", "publicity_event")),
            field="quantities__consultations",
            format="yu",
        ),
        Indicator(
            id="t.themes",
            label="主题",
            kind="list",
            model=ACT,
            date_field="date",
            field="theme",
            where=Q(type__code="themed_campaign") & ~Q(theme=""),
            format="list",
        ),
        Indicator(
            id="t.theme_text",
            label="主题句",
            kind="text",
            model=ACT,
            date_field="date",
            field="theme",
            where=Q(type__code="themed_campaign"),
            format="text",
            text=lambda items: "，".join(items),
        ),
        Indicator(
            id="t.by_bureau",
            label="局组织",
            kind="count",
            model=ACT,
            date_field="date",
            where=Q(unit__kind="bureau"),
        ),  # nullable FK: must not drop other rows
        Indicator(
            id="t.measured",
            label="带计量",
            kind="count",
            model=ACT,
            date_field="date",
            where=Q(type__measures__code="consultations"),
        ),  # multi-valued relation
        Indicator(
            id="t.late",
            label="年末活动",
            kind="count",
            model=ACT,
            date_field="date",
            where=lambda start, end: Q(end_date__isnull=False, end_date__lte=end),
        ),
        Indicator(
            id="t.window",
            label="近三年",
            kind="count",
            model=ACT,
            date_field="date",
            where=Q(type__code="party_day"),
            window_years=3,
        ),
        Indicator(
            id="t.attendees",
            label="参加人数",
            kind="sum",
            model=ACT,
            date_field="date",
            field="quantities__attendees",
            format="wan_yu",
        ),
        Indicator(
            id="t.villages",
            label="村（社区）数",
            kind="stock",
            model="core.Region",
            where=Q(level=5),
            region_field="code",
        ),
        Indicator(
            id="t.offices",
            label="司法所",
            kind="stock",
            model="core.Unit",
            where=Q(kind="judicial_office"),
        ),
        Indicator(
            id="t.share",
            label="宣讲占比",
            kind="rate",
            numerator="t.lectures",
            denominator="t.all",
            format="percent",
        ),
        Indicator(
            id="t.all", label="全部活动", kind="count", model=ACT, date_field="date", internal=True
        ),
    ]:
        reg[ind.id] = ind
    return reg


def activity(
    code: str,
    on: dt.date,
    region: Region,
    *,
    unit: Unit | None = None,
    theme: str = "",
    end_date: dt.date | None = None,
    **quantities,
) -> Activity:
    return Activity.objects.create(
        type=ActivityType.objects.get(code=code),
        date=on,
        region=region,
        unit=unit,
        title=f"{code} {on}",
        theme=theme,
        end_date=end_date,
        quantities=quantities,
    )


def synthetic_figures(overrides: dict | None = None, *, start=None, end=None, region=None):
    """An engine.Figures over the real registry with chosen values (others 0 / empty)."""
    from sifa.core.indicators import registry
    from sifa.reports.engine import Figures

    reg = registry()
    values = {}
    for fid, ind in reg.items():
        if ind.kind == "rate":
            values[fid] = (0, 0)
        elif ind.kind == "list":
            values[fid] = []
        elif ind.kind == "text":
            values[fid] = ""
        else:
            values[fid] = 0
    values.update(overrides or {})
    return Figures(
        start=start or dt.date(2022, 1, 1),
        end=end or dt.date(2022, 12, 31),
        region=region,
        values=values,
        checks=[],
        indicators=dict(reg),
    )
