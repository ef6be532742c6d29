"""Chart data for the dashboard, computed from the indicator declarations.

Each series is one grouped query on an indicator's own queryset (the records behind the
figure), so a bar or a point and its drill-down list always agree. Every point carries the
drill-down URL of the records behind it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.db.models.functions import Substr, TruncMonth
from django.urls import reverse

from sifa.core.indicators import registry
from sifa.core.models import Region, RegionLevel
from sifa.reports.formats import percent

# (figure id, series name): the monthly work of each line.
TREND = [
    ("mediation.cases", "人民调解结案"),
    ("legalaid.cases", "法律援助案件"),
    ("notary.cases", "公证出证"),
    ("reconsideration.received", "行政复议收案"),
    ("correction.received", "社区矫正接收"),
    ("publicity.events", "普法宣传活动"),
]
# Figures compared across townships.
BY_TOWNSHIP = [
    ("mediation.cases", "人民调解结案"),
    ("mediation.screenings", "矛盾纠纷排查"),
    ("correction.registered", "在册社区矫正对象"),
    ("publicity.legal_literates", "法律明白人"),
]
# Status distributions of the cases received in the period: (model, status, date, title).
STATUS = [
    ("mediation.MediationCase", "status", "received_on", "人民调解案件状态"),
    ("reconsideration.ReconsiderationCase", "status", "received_on", "行政复议案件状态"),
]
RATES = [
    ("mediation.success_rate", "调解成功率"),
    ("litigation.head_appearance_rate", "负责人出庭应诉率"),
    ("enforcement.certified_rate", "执法人员持证率"),
]


def drill_url(fid: str, start: dt.date, end: dt.date, region: Region | None) -> str:
    params = {"start": start.isoformat(), "end": end.isoformat()}
    if region is not None:
        params["region"] = region.code
    return f"{reverse('reports:drilldown', args=[fid])}?{urlencode(params)}"


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def trend(start: dt.date, end: dt.date, region, base_for) -> dict:
    """Monthly counts per line: {"months": [...], "series": [{"name", "data": [{value, url}]}]}."""
    reg = registry()
    months = []
    day = start.replace(day=1)
    while day <= end:
        months.append(day)
        day = _month_end(day) + dt.timedelta(days=1)
    series = []
    for fid, name in TREND:
        ind = reg.get(fid)
        if ind is None:
            continue
        qs = ind.queryset(start, end, region, base=base_for(ind.model_class))
        counts = {
            (row["m"].date() if isinstance(row["m"], dt.datetime) else row["m"]): row["n"]
            for row in qs.annotate(m=TruncMonth(ind.date_field))
            .values("m")
            .annotate(n=Count("pk"))
            .order_by()
        }
        data = [
            {
                "value": counts.get(m, 0),
                "url": drill_url(fid, max(m, start), min(_month_end(m), end), region),
            }
            for m in months
        ]
        series.append({"name": name, "data": data})
    return {"months": [f"{m.month}月" for m in months], "series": series}


def by_township(start: dt.date, end: dt.date, region, base_for) -> dict:
    """Each figure per township: one grouped query per figure on the region code prefix."""
    reg = registry()
    # A county compares its townships; a city or province compares its counties.
    above_county = region is not None and region.level < RegionLevel.COUNTY
    level, width = (RegionLevel.COUNTY, 6) if above_county else (RegionLevel.TOWNSHIP, 9)
    townships = list(
        Region.objects.filter(level=level)
        .filter(code__startswith=region.prefix if region else "")
        .order_by("code")
    )
    out = []
    for fid, name in BY_TOWNSHIP:
        ind = reg.get(fid)
        if ind is None or ind.kind not in ("count", "stock", "sum"):
            continue
        qs = ind.queryset(start, end, region, base=base_for(ind.model_class))
        column = ind.region_field
        agg = Sum(ind.sum_expression()) if ind.kind == "sum" else Count("pk")
        grouped = {
            row["t"]: row["v"] or 0
            for row in qs.annotate(t=Substr(column, 1, width))
            .values("t")
            .annotate(v=agg)
            .order_by()
        }
        out.append(
            {
                "name": name,
                "data": [
                    {"value": grouped.get(t.prefix, 0), "url": drill_url(fid, start, end, t)}
                    for t in townships
                ],
            }
        )
    return {"townships": [t.name for t in townships], "series": out}


def statuses(start: dt.date, end: dt.date, region, base_for) -> list[dict]:
    from django.apps import apps

    out = []
    for label, field, date_field, title in STATUS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        choices = dict(model._meta.get_field(field).choices)
        qs = base_for(model).filter(**{f"{date_field}__range": (start, end)})
        if region is not None:
            qs = qs.filter(region__code__startswith=region.prefix)
        rows = qs.values(field).annotate(n=Count("pk")).order_by(field)
        out.append(
            {
                "title": title,
                "data": [
                    {"name": str(choices.get(r[field], r[field])), "value": r["n"]} for r in rows
                ],
            }
        )
    return out


def rates(start: dt.date, end: dt.date, region) -> list[dict]:
    """The rates the leaders watch, with their parts and the drill-down of the denominator."""
    reg = registry()
    out = []
    for fid, name in RATES:
        ind = reg.get(fid)
        if ind is None:
            continue
        num, den = ind.compute(start, end, region, reg)
        out.append(
            {
                "name": name,
                "numerator": num,
                "denominator": den,
                "text": percent(num, den),
                "url": drill_url(ind.denominator, start, end, region),
            }
        )
    return out
