"""Periodic briefings (定期通报): a Word document for a month, quarter, half-year or year, written
from the records like the annual summary, and issued (frozen) the same way.

A briefing is declared once (`Briefing`): its title, its prose (prose/<name>.j2, the same
markers and Word template builder as the summary, page numbers — 1 — included), the engine
figures it uses (`figures`, ids of sifa.core.indicators) and figures it makes for the period
(`rows`: e.g. one per defendant agency with cases in the period). Every figure it prints is an
Indicator, so each one links to the records behind it, and issuing freezes exactly these.

The built-in example is the 行政应诉情况通报 (`litigation`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from sifa.core.indicators import Indicator, Registry

from . import engine
from .data import ReportData
from .periods import PeriodError

PROSE_DIR = Path(__file__).parent / "prose"

MSG_UNKNOWN_BRIEFING = "通报“{name}”不存在。可用的通报：{names}。"
MSG_BAD_QUARTER = "季度“{value}”不正确，请按“2022Q3”的格式填写。"
MSG_BAD_MONTH = "月份“{value}”不正确，请按“2022-07”的格式填写。"
MSG_BAD_HALF = "半年“{value}”不正确，请按“2022H1”的格式填写。"


@dataclass(frozen=True)
class Briefing:
    name: str
    title: str  # 行政应诉情况通报
    prose: str  # file name under prose/
    figures: tuple[str, ...]  # engine figure ids it prints
    rows: Callable[[dt.date, dt.date, object], list[Indicator]] | None = None
    line: str = ""  # the line whose records it reads (who may write it)
    description: str = ""

    def source(self) -> str:
        return (PROSE_DIR / self.prose).read_text(encoding="utf-8")

    def registry(self, start, end, region) -> Registry:
        """The indicators this briefing prints for the period (a rate with its two parts)."""
        base = engine.registry()
        reg = Registry()
        for fid in self.figures:
            ind = base[fid]
            for part in (ind.numerator, ind.denominator):
                if part:
                    reg[part] = base[part]
            reg[fid] = ind
        for ind in self.rows(start, end, region) if self.rows else []:
            reg[ind.id] = ind
        return reg

    def compute(self, start, end, region) -> engine.Figures:
        return engine.compute(start, end, region, self.registry(start, end, region))


# --- the 行政应诉情况通报 ------------------------------------------------------------------


AGENCY_LABEL = ("被告为", "的行政诉讼案件")  # an agency's figure: 被告为<name>的行政诉讼案件


def agency_rows(start, end, region) -> list[Indicator]:
    """One figure per defendant agency with lawsuits served in the period (id agency.u<pk>),
    ordered by the agency's name; its records are that agency's cases."""
    from sifa.core.models.regions import region_q
    from sifa.litigation.models import LitigationCase

    qs = LitigationCase.objects.filter(served_on__gte=start, served_on__lte=end)
    if region is not None:
        qs = qs.filter(region_q(region))
    agencies = sorted(set(qs.values_list("defendant_id", "defendant__name")), key=lambda a: a[1])
    return [
        Indicator(
            id=f"agency.u{pk}",
            label=f"{AGENCY_LABEL[0]}{name}{AGENCY_LABEL[1]}",
            kind="count",
            model="litigation.LitigationCase",
            date_field="served_on",
            unit="件",
            internal=True,
            where=Q(defendant_id=pk),
        )
        for pk, name in agencies
    ]


def _outcome_ids() -> tuple[str, ...]:
    from sifa.litigation.models import Instance, Outcome

    return (
        *(f"litigation.cases_{i.value}" for i in Instance),
        *(f"litigation.outcome_{o.value}" for o in Outcome),
    )


@lru_cache(maxsize=1)
def builtin() -> dict[str, Briefing]:
    litigation = Briefing(
        name="litigation",
        title="行政应诉情况通报",
        prose="litigation.j2",
        figures=(
            "litigation.cases",
            *_outcome_ids(),
            "litigation.concluded",
            "litigation.losses",
            "litigation.loss_rate",
            "litigation.hearings",
            "litigation.head_appearances",
            "litigation.head_appearance_rate",
        ),
        rows=agency_rows,
        line="litigation",
        description="收案（一审、二审、再审）、审结及裁判结果、败诉率、负责人出庭应诉、各被告机关案件数",
    )
    return {litigation.name: litigation}


def get(name: str) -> Briefing:
    found = builtin()
    if name not in found:
        raise PeriodError(MSG_UNKNOWN_BRIEFING.format(name=name, names="、".join(found)))
    return found[name]


def kind_of(name: str) -> str:
    """The IssuedReport.kind of a briefing."""
    return f"briefing:{name}"


def briefing_of(kind: str) -> Briefing | None:
    if kind.startswith("briefing:"):
        return builtin().get(kind.partition(":")[2])
    return None


# --- periods -------------------------------------------------------------------------------

QUARTER_RE = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
HALF_RE = re.compile(r"^(\d{4})\s*[Hh]([12])$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def cli_period(*, year=None, quarter=None, month=None, half=None) -> tuple[str, str]:
    """(year, period code of sifa.returns.periods) from `--quarter 2022Q3`, `--month 2022-07`,
    `--half 2022H1` or `--year 2022`."""
    if quarter:
        m = QUARTER_RE.match(quarter.strip())
        if not m:
            raise PeriodError(MSG_BAD_QUARTER.format(value=quarter))
        return m.group(1), f"q{m.group(2)}"
    if month:
        m = MONTH_RE.match(month.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise PeriodError(MSG_BAD_MONTH.format(value=month))
        return m.group(1), f"m{int(m.group(2))}"
    if half:
        m = HALF_RE.match(half.strip())
        if not m:
            raise PeriodError(MSG_BAD_HALF.format(value=half))
        return m.group(1), f"h{m.group(2)}"
    return year, "year"


def period_dates(year, period) -> tuple[dt.date, dt.date]:
    from sifa.returns.periods import period_dates as dates

    return dates(year, period)


def period_name(start: dt.date, end: dt.date) -> str:
    """2022年第三季度, 2022年7月, 2022年上半年, 2022年, or 2022年1月5日至2022年2月3日."""
    from sifa.core.dates import ymd
    from sifa.returns.periods import PERIOD_LABELS, PERIODS
    from sifa.returns.periods import period_dates as dates

    if start.year == end.year:
        for code, _label in PERIODS:
            if dates(start.year, code) == (start, end):
                return f"{start.year}年" + ("" if code == "year" else PERIOD_LABELS[code])
    return f"{ymd(start)}至{ymd(end)}"


# --- the document --------------------------------------------------------------------------


@dataclass
class Written:
    """A briefing written for a period and scope: its data for the renderers, its figures."""

    briefing: Briefing
    start: dt.date
    end: dt.date
    region: Any
    figures: engine.Figures
    data: ReportData
    ids: list[str] = field(default_factory=list)  # the figures it prints (frozen when issued)

    @property
    def title(self) -> str:
        return f"{self.data.names.scope}{period_name(self.start, self.end)}{self.briefing.title}"


def write(briefing: Briefing, start, end, region=None) -> Written:
    from .data import Period, build_report
    from .services import profile_for

    figures = briefing.compute(start, end, region)
    data = build_report(Period(start, end), region, figures, profile_for(region), [])
    reg = figures.indicators
    agencies = [
        {
            "key": fid.partition(".")[2],
            "name": reg[fid].label.removeprefix(AGENCY_LABEL[0]).removesuffix(AGENCY_LABEL[1]),
            "id": fid,
        }
        for fid in reg
        if fid.startswith("agency.")
    ]
    agencies.sort(key=lambda a: (-figures.values[a["id"]], a["name"]))
    data.tables = {
        "period": period_name(start, end),
        "title": briefing.title,
        "agencies": agencies,
        "outcomes": _outcome_rows(figures),
    }
    return Written(briefing, start, end, region, figures, data, ids=list(reg))


def _outcome_rows(figures) -> list[dict]:
    """The outcomes that occurred in the period, most frequent first: {key, label}."""
    from sifa.litigation.models import Outcome

    rows = []
    for o in Outcome:
        fid = f"litigation.outcome_{o.value}"
        if figures.values.get(fid):
            rows.append({"key": fid.partition(".")[2], "label": o.label, "n": figures.values[fid]})
    rows.sort(key=lambda r: -r["n"])
    return rows


def link_for(briefing: Briefing, start, end, region, base: str | None):
    """Figure id → the list of its records: the report centre's figure list for an engine
    figure, the briefing's own list for the figures it makes for the period."""
    from .services import drilldown_url

    reg = engine.registry()
    query = {"start": start.isoformat(), "end": end.isoformat()}
    if region is not None:
        query["region"] = region.code

    def link(fid: str) -> str | None:
        if fid in reg:
            return drilldown_url(fid, start, end, region, base=base or "")
        if fid.startswith("agency."):
            url = reverse("reports:briefing_figure", args=[briefing.name, fid])
            return f"{base or ''}{url}?{urlencode(query)}"
        return None

    return link


@lru_cache(maxsize=4)
def template_bytes(name: str) -> bytes:
    """The briefing's Word template, built from its prose (GB/T 9704 layout, page numbers)."""
    from .docx_template import build

    return build(builtin()[name].source())


def _edition(written: Written, links: bool, base):
    from . import render as renderers

    link = (
        link_for(written.briefing, written.start, written.end, written.region, base)
        if links
        else None
    )
    return renderers.Edition(link=link)


def render(written: Written, *, links: bool = True, base=None) -> bytes:
    """The briefing in Word; figures linked to `base` (the server address) when `links`."""
    from . import render as renderers

    return renderers.render_docx(
        written.data, _edition(written, links, base), template=template_bytes(written.briefing.name)
    )


def render_html(written: Written) -> str:
    """The briefing as HTML paragraphs (the preview), figures linked to their lists."""
    from . import render as renderers

    return renderers.render_html_body(
        written.data, _edition(written, True, None), source=written.briefing.source()
    )
