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
        reg = Registry()
        for fid, ind in figure_variables(self).items():
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
    from .masking import public_figures
    from .services import profile_for

    figures = briefing.compute(start, end, region)
    data = build_report(
        Period(start, end), region, figures, profile_for(region), [], public_ids=public_figures()
    )
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
    """The briefing's shipped Word template, built from its prose (GB/T 9704 layout, page
    numbers)."""
    from .docx_template import build

    return build(builtin()[name].source())


# --- a county's own template ---------------------------------------------------------------

MSG_TEMPLATE_UNKNOWN = "模板引用了本通报不能使用的变量：{items}。可用的变量见“可用变量”表。"
MSG_TEMPLATE_NO_COUNTY = "请先选择一个县：通报模板按县保存。"
MSG_TEMPLATE_TRIAL = "模板试生成{period}的通报时出错：{error}。请检查模板中的标签。"

# Names a briefing's template may use besides F/V/N/T (Jinja's own included).
BRIEFING_TOP_LEVEL = frozenset(
    {"F", "V", "N", "T", "year", "start", "end", "ordinal"}
    | {"loop", "range", "namespace", "true", "false", "none", "True", "False", "None"}
)
BRIEFING_NAMES = ("county", "county_full", "city", "city_full", "province", "congress")
BRIEFING_NAMES += ("slogan", "bureau", "scope", "office", "whole")
TABLES = {
    "period": "统计期名称，如“2022年第三季度”“2022年7月”",
    "title": "通报名称，如“行政应诉情况通报”",
    "agencies": (
        "各被告机关（按案件数从多到少）：循环 {% for a in T.agencies %}，"
        "a.name 机关名称，{{r F.agency[a.key] }} 该机关的案件数"
    ),
    "outcomes": (
        "本期出现的裁判结果（从多到少）：循环 {% for o in T.outcomes %}，"
        "o.label 结果名称，{{r F.litigation[o.key] }} 件数"
    ),
}
T_REF = re.compile(r"\bT\.([A-Za-z_]\w*)")


def county_of(region):
    """The county whose template a briefing for `region` uses: the region's own county, the
    installation's county for the whole (None); none above a county."""
    from sifa.core.models import Region, RegionLevel

    if region is None:
        counties = Region.objects.filter(level=RegionLevel.COUNTY)
        return counties.first() if counties.count() == 1 else None
    if region.level == RegionLevel.COUNTY:
        return region
    if region.level > RegionLevel.COUNTY:
        return Region.objects.filter(code=region.code[:6] + "000000").first()
    return None


def uploaded_template(briefing: Briefing, region):
    """The county's uploaded template for the briefing (a BriefingTemplate), or None."""
    from .models import BriefingTemplate

    county = county_of(region)
    if county is None:
        return None
    return BriefingTemplate.objects.filter(briefing=briefing.name, county=county).first()


def template_for(briefing: Briefing, region) -> bytes:
    """The Word template a briefing for `region` is written from: its county's, else the
    shipped one."""
    own = uploaded_template(briefing, region)
    if own is not None:
        with own.file.open("rb") as f:
            return f.read()
    return template_bytes(briefing.name)


def figure_variables(briefing: Briefing) -> dict[str, Indicator]:
    """The engine figures a briefing's template may print (F.<id>, V.<id>): its own and the
    two parts of each rate."""
    base = engine.registry()
    out: dict[str, Indicator] = {}
    for fid in briefing.figures:
        ind = base[fid]
        for part in (ind.numerator, ind.denominator):
            if part:
                out[part] = base[part]
        out[fid] = ind
    return out


def template_catalogue(briefing: Briefing) -> list[dict]:
    """Every variable a briefing's template may use, for its template page."""
    from .template_check import NAMES

    rows = []
    for fid, ind in figure_variables(briefing).items():
        rows.append(
            {
                "group": "数据项",
                "variable": f"F.{fid}",
                "raw": f"V.{fid}",
                "label": ind.label,
                "unit": ind.unit if ind.kind != "rate" else "",
            }
        )
    for name, label in TABLES.items():
        rows.append({"group": "通报", "variable": f"T.{name}", "raw": "", "label": label})
    extra = {"office": "司法所名称（乡镇通报）", "whole": "“全镇”“全街道”（乡镇通报），全县为空"}
    for name in BRIEFING_NAMES:
        label = NAMES.get(name) or extra[name]
        rows.append({"group": "县情名称", "variable": f"N.{name}", "raw": "", "label": label})
    for name, label in (
        ("start", "统计开始日期"),
        ("end", "统计结束日期"),
        ("year", "统计年度"),
        ("ordinal(n)", "中文序号：ordinal(1) 为“一”"),
    ):
        rows.append({"group": "其他", "variable": name, "raw": "", "label": label})
    return rows


def check_template(briefing: Briefing, content: bytes) -> None:
    """Refuse (TemplateProblem, in Chinese) a template this briefing cannot be written from:
    not a .docx, a tag split by Word or broken, or any variable outside its catalogue (all of
    them named, with their paragraphs)."""
    import io
    import zipfile

    import jinja2
    from jinja2 import meta

    from . import template_check as tc

    try:
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise tc.TemplateProblem(tc.MSG_NOT_DOCX)
        from docx import Document

        document = Document(io.BytesIO(content))
    except tc.TemplateProblem:
        raise
    except Exception:
        raise tc.TemplateProblem(tc.MSG_NOT_DOCX)
    ids = set(figure_variables(briefing))
    unknown: list[str] = []

    def refuse(n: int, name: str) -> None:
        item = f"第{n}段“{name}”"
        if item not in unknown:
            unknown.append(item)

    lines = []
    for n, runs in enumerate(tc._paragraph_runs(document), start=1):
        text = "".join(runs)
        bounds, pos = [], 0
        for run in runs:
            bounds.append((pos, pos + len(run)))
            pos += len(run)
        for m in tc.TAG.finditer(text):
            tag = m.group(0)
            if not any(a <= m.start() and m.end() <= b for a, b in bounds):
                raise tc.TemplateProblem(tc.MSG_SPLIT.format(n=n, tag=tag))
            for ns, line, name in tc.FIGURE_REF.findall(tag):
                if f"{line}.{name}" not in ids:
                    refuse(n, f"{ns}.{line}.{name}")
            for name in tc.NAME_REF.findall(tag):
                if name not in BRIEFING_NAMES:
                    refuse(n, f"N.{name}")
            for name in T_REF.findall(tag):
                if name not in TABLES:
                    refuse(n, f"T.{name}")
        lines.append(text)
    source = "\n".join(lines)
    source = re.sub(r"\{\{([rp])\s", "{{ ", source)
    source = re.sub(r"\{%([rp]|tr|tc)\s", "{% ", source)
    try:
        ast = jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise tc.TemplateProblem(tc.MSG_SYNTAX.format(n=exc.lineno, error=exc.message))
    for name in sorted(meta.find_undeclared_variables(ast)):
        if name not in BRIEFING_TOP_LEVEL:
            n = next((i for i, line in enumerate(lines, 1) if re.search(rf"\b{name}\b", line)), 0)
            refuse(n, name)
    if unknown:
        raise tc.TemplateProblem(MSG_TEMPLATE_UNKNOWN.format(items="、".join(unknown)))


def trial_render(briefing: Briefing, content: bytes, start, end, region) -> None:
    """Write the briefing once from `content` (both editions): a template that passes the
    check but fails to render (a filter misused, say) is refused before it is kept."""
    from . import render as renderers
    from .template_check import TemplateProblem

    written = write(briefing, start, end, region)
    try:
        for masked in (False, True):
            data, ed = _edition(written, links=False, base=None, masked=masked)
            renderers.render_docx(data, ed, template=content)
            renderers.render_html_body(data, ed, source=docx_source(content))
    except Exception as exc:
        raise TemplateProblem(
            MSG_TEMPLATE_TRIAL.format(period=period_name(start, end), error=exc)
        ) from None


def save_template(briefing: Briefing, county, content: bytes, *, user, name="template.docx"):
    """Keep `content` as the county's template for the briefing (replacing its earlier one)
    once it passes the check and a trial render; raise TemplateProblem else, keeping nothing."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    from .models import BriefingTemplate
    from .template_check import TemplateProblem

    if county is None:
        raise TemplateProblem(MSG_TEMPLATE_NO_COUNTY)
    check_template(briefing, content)
    from sifa.returns.periods import period_dates as dates

    year = latest_year()
    trial_render(briefing, content, *dates(year, "year"), county)
    with transaction.atomic():
        old = BriefingTemplate.objects.filter(briefing=briefing.name, county=county).first()
        if old is not None:
            old.file.delete(save=False)
            old.delete()
        kept = BriefingTemplate(briefing=briefing.name, county=county, uploaded_by=user)
        kept.file.save(f"{briefing.name}-{county.code}.docx", ContentFile(content), save=False)
        kept.save()
    return kept


def remove_template(briefing: Briefing, county) -> bool:
    """Back to the shipped template: the county's own one deleted (False: it had none)."""
    own = uploaded_template(briefing, county)
    if own is None:
        return False
    own.file.delete(save=False)
    own.delete()
    return True


def latest_year() -> int:
    from .latest import latest_record_year

    return int(latest_record_year() or dt.date.today().year)


# --- rendering -----------------------------------------------------------------------------


def _masked_tables(tables: dict, book) -> dict:
    """T's names hidden in the masked edition (a defendant agency's name)."""
    out = dict(tables)
    out["agencies"] = [{**a, "name": book.mask_text(a["name"])} for a in tables.get("agencies", [])]
    return out


def _edition(written: Written, links: bool, base, masked: bool = False):
    """(the data, the edition) a briefing is printed from: figures linked when `links`; the
    masked edition as the summary's (masking.py: digits of figures, names), unlinked."""
    from dataclasses import replace

    from . import render as renderers
    from .masking import name_book
    from .services import profile_for

    if masked:
        book = name_book(profile_for(written.region))
        data = replace(written.data, tables=_masked_tables(written.data.tables, book))
        return data, renderers.Edition(masked=True, book=book)
    link = (
        link_for(written.briefing, written.start, written.end, written.region, base)
        if links
        else None
    )
    return written.data, renderers.Edition(link=link)


def render(
    written: Written, *, links: bool = True, base=None, masked: bool = False, template=None
) -> bytes:
    """The briefing in Word, from its county's template (else the shipped one); figures linked
    to `base` (the server address) when `links`; `masked`: the masked edition (脱敏版)."""
    from . import render as renderers

    data, ed = _edition(written, links, base, masked)
    if template is None:
        template = template_for(written.briefing, written.region)
    return renderers.render_docx(data, ed, template=template)


def render_html(written: Written, *, masked: bool = False) -> str:
    """The briefing as HTML paragraphs (the preview), figures linked to their lists (the
    masked edition: masked, unlinked)."""
    from . import render as renderers

    data, ed = _edition(written, True, None, masked)
    source = preview_source(written.briefing, written.region)
    return renderers.render_html_body(data, ed, source=source)


TITLE_STYLES = ("公文标题", "Title")
H1_STYLES = ("一级标题", "Heading 1")


def docx_source(content: bytes) -> str:
    """A Word template's body as prose source (one line a paragraph, #title and #h1 from the
    paragraph styles) for the HTML preview; tables are left out."""
    import io

    from docx import Document

    lines = []
    for p in Document(io.BytesIO(content)).paragraphs:
        style = p.style.name if p.style is not None else ""
        marker = "#title " if style in TITLE_STYLES else "#h1 " if style in H1_STYLES else ""
        lines.append(marker + p.text)
    return "\n".join(lines)


def preview_source(briefing: Briefing, region) -> str:
    """What the preview is written from: the county's own template's text, else the prose."""
    own = uploaded_template(briefing, region)
    if own is None:
        return briefing.source()
    with own.file.open("rb") as f:
        return docx_source(f.read())
