"""The report's data: a pure function of (period, scope, figures, county profile, plan items).

`build_report` reads nothing from the database: everything it needs is passed in, so the same
data renders to plain text, HTML and Word, and an issued report can be rebuilt from its frozen
figures. The renderers (render.py) only turn this data into a document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import formats
from .invariants import INVARIANTS, remainder

ORDINALS = "一二三四五六七八九十"

# Remainders figures.yaml allows and the report shows only when non-zero (see invariants.py).
REMAINDERS = {
    "cleanup.docs_amended": "cleanup.docs_reviewed",
    "cleanup.agreements_amended": "cleanup.agreements_reviewed",
    "reconsideration.under_review": "reconsideration.received",
    "reconsideration.other_decisions": "reconsideration.concluded",
}

# List figures whose items are document titles, written in book-title marks: 《甲》《乙》.
TITLE_LISTS = frozenset({"rulelaw.documents_issued"})

REMAINDER_LABELS = {
    "cleanup.docs_amended": "建议修改的规范性文件",
    "cleanup.agreements_amended": "建议修改的政府协议",
    "reconsideration.under_review": "正在受理审查的复议申请",
    "reconsideration.other_decisions": "其他复议决定（变更、确认违法等）",
}


def ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 110 → 一百一十 (Arabic from 1000 up)."""
    digits = "零" + ORDINALS[:9]
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = digits[hundreds] + "百"
        if not rest:
            return head
        if rest < 10:
            return head + "零" + digits[rest]
        tens, ones = divmod(rest, 10)
        return head + digits[tens] + "十" + (digits[ones] if ones else "")
    return str(n)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def whole_year(self) -> bool:
        return self.start == dt.date(self.end.year, 1, 1) and self.end == dt.date(
            self.end.year, 12, 31
        )


@dataclass(frozen=True)
class Names:
    """The county profile's names as the report writes them."""

    county: str = ""  # 安澜
    city: str = ""  # 北原
    province: str = ""  # 陕
    congress: str = ""  # 十七届三次
    slogan: str = ""  # 民族圣地﹒绿色安澜
    bureau: str = ""  # 安澜县司法局
    scope: str = ""  # the region the report covers (county or township name)
    office: str = ""  # a township report's author: 甲镇司法所
    whole: str = ""  # a township report's "the whole township": 全镇, 全乡, 全街道

    @property
    def county_full(self) -> str:
        return f"{self.county}县" if self.county else ""

    @property
    def city_full(self) -> str:
        return f"{self.city}市" if self.city else ""


@dataclass
class Figure:
    id: str
    label: str
    kind: str
    format: str
    unit: str
    value: Any  # int, list, str, or (numerator, denominator)
    text: str
    public: bool = False  # printed in full in the masked edition

    @property
    def is_number(self) -> bool:
        return self.kind in ("count", "sum", "stock", "rate")

    @property
    def plain(self) -> Any:
        """The value a template compares: a number, a list, text, or a rate's percent (None)."""
        if isinstance(self.value, tuple):
            return formats.percent_value(*self.value)
        return self.value


@dataclass
class ReportData:
    period: Period
    region_code: str | None
    names: Names
    figures: dict[str, Figure]
    extras: dict[str, int]
    plan_items: list[str]
    checks: list[dict] = field(default_factory=list)
    township: bool = False  # written by the township's office (prose/township.j2)
    tables: dict[str, Any] = field(default_factory=dict)  # a briefing's own values (T.…)

    @property
    def year(self) -> int:
        return self.period.year


TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")


def is_township(region) -> bool:
    from sifa.core.models import RegionLevel

    return region is not None and region.level == RegionLevel.TOWNSHIP


def _township_names(region) -> dict:
    if not is_township(region):
        return {}
    suffix = next((s for s in TOWNSHIP_SUFFIXES if region.name.endswith(s)), "镇")
    return {"office": f"{region.name}司法所", "whole": f"全{suffix}"}


def _names(profile, region) -> Names:
    if profile is None:
        return Names(scope=getattr(region, "name", ""), **_township_names(region))
    return Names(
        **_township_names(region),
        county=profile.county_name,
        city=profile.city_name,
        province=profile.province_short,
        congress=profile.party_congress,
        slogan=profile.county_slogan,
        bureau=profile.bureau,
        scope=region.name if region is not None else f"{profile.county_name}县",
    )


def _plan_text(n: int, item) -> str:
    """一是{heading}。{text}; plan items may be PlanItem-like objects, dicts or strings."""
    if isinstance(item, str):
        return item
    heading = item["heading"] if isinstance(item, dict) else getattr(item, "heading", "")
    text = item["text"] if isinstance(item, dict) else getattr(item, "text", "")
    heading, text = (heading or "").strip(), (text or "").strip()
    return f"{ordinal(n)}是{heading}。{text}" if heading else f"{ordinal(n)}是{text}"


def build_report(
    period: Period, region, figures, profile, plan_items, public_ids=frozenset(), aliases=None
) -> ReportData:
    """The report's data from already computed figures (an engine.Figures).

    `aliases` maps a name found in list figures to the name the report writes (the county's
    own units by their short name: 安澜县法律援助中心 → 法援中心).
    """
    aliases = aliases or {}
    items: dict[str, Figure] = {}
    for fid, ind in figures.indicators.items():
        value = figures.values[fid]
        if isinstance(value, list):
            value = [aliases.get(v, v) if isinstance(v, str) else v for v in value]
            if fid in TITLE_LISTS:
                value = [v if str(v).startswith("《") else f"《{v}》" for v in value]
        items[fid] = Figure(
            id=fid,
            label=ind.label,
            kind=ind.kind,
            format=ind.format,
            unit=ind.unit,
            value=value,
            text=formats.format_value(ind.format, value),
            public=ind.kind == "rate" or fid in public_ids,
        )
    extras = {}
    by_total = {inv.total: inv for inv in INVARIANTS if inv.remainder}
    for name, total in REMAINDERS.items():
        inv = by_total[total]
        extras[name] = (
            max(remainder(figures.values, inv), 0)
            if all(i in figures.values for i in inv.ids())
            else 0
        )
        items[name] = Figure(
            id=name,
            label=REMAINDER_LABELS[name],
            kind="count",
            format="exact",
            unit="件",
            value=extras[name],
            text=str(extras[name]),
        )
    plans = [_plan_text(n, item) for n, item in enumerate(plan_items, start=1)]
    return ReportData(
        period=period,
        region_code=region.code if region is not None else None,
        names=_names(profile, region),
        figures=items,
        extras=extras,
        plan_items=plans,
        checks=[
            {"invariant": c.id, "holds": c.holds, "detail": c.detail}
            for c in getattr(figures, "checks", [])
        ],
        township=is_township(region),
    )
