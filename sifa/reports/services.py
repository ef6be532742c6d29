"""Assembling a report from the database: figures, profile, plan items, names, links.

`build_report` (data.py) stays pure; this module gathers its inputs and the edition settings
(masked or not, link base URL) for the command line, the report centre and issuing.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.urls import reverse

from sifa.core import registry
from sifa.core.dates import shift_year
from sifa.core.models import CountyProfile, Region, RegionLevel, Unit

from . import engine
from .data import Period, ReportData, build_report
from .formats import format_change, percent_value
from .masking import name_book, public_figures
from .render import Edition


def profile_for(region) -> CountyProfile | None:
    """The county profile of `region`'s county (the only one when region is None)."""
    qs = CountyProfile.objects.select_related("region")
    if region is None:
        return qs.order_by("region_id").first()
    return qs.filter(region__code__startswith=region.code[:6]).first()


def aliases() -> dict[str, str]:
    """County-level units the report calls by their short name: 安澜县法律援助中心 → 法援中心."""
    out = {}
    counties = dict(Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", "name"))
    for name, short, region_id in Unit.objects.filter(region_id__in=counties).values_list(
        "name", "short_name", "region_id"
    ):
        if short and name.startswith(counties[region_id]):
            out[name] = short
    return out


def plan_items(year: int, region=None, user=None) -> list:
    """The closing section's items: the next year's plan items (cancelled ones left out)."""
    try:
        model = apps.get_model("plans", "PlanItem")
    except LookupError:
        return []
    qs = model.objects.filter(year=year + 1).exclude(status="cancelled")
    if user is not None:
        qs = registry.visible(user, qs)
    if region is not None and region.level > RegionLevel.COUNTY:
        county_code = region.code[:6] + "000000"
        qs = qs.filter(region__code__startswith=region.prefix) | qs.filter(region_id=county_code)
    return list(qs.order_by("order", "pk"))


def report_data(
    start: dt.date, end: dt.date, region=None, *, figures=None, user=None
) -> ReportData:
    figures = figures or engine.compute(start, end, region)
    return build_report(
        Period(start, end),
        region,
        figures,
        profile_for(region),
        plan_items(end.year, region, user),
        public_ids=public_figures(),
        aliases=aliases(),
    )


def link_base(request=None) -> str | None:
    """The address the Word edition's figure links point to: SIFA_REPORT_BASE_URL where set,
    else the address the request came to (the site as its reader reached it), else None
    (the command line without the setting: no links)."""
    base = (getattr(settings, "SIFA_REPORT_BASE_URL", "") or "").strip()
    if base:
        return base.rstrip("/")
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return None


def drilldown_url(fid: str, start: dt.date, end: dt.date, region=None, *, base="") -> str:
    """The figure's drill-down list; absolute when `base` (a server address) is given."""
    reg = engine.registry()
    ind = reg.get(fid)
    if ind is None:
        return ""
    if ind.kind == "rate":
        fid = ind.numerator
    query = {"start": start.isoformat(), "end": end.isoformat()}
    if region is not None:
        query["region"] = region.code
    url = f"{reverse('reports:drilldown', args=[fid])}?{urlencode(query)}"
    return f"{base}{url}" if base else url


def edition(
    start, end, region=None, *, masked=False, links=False, base=None, profile=None
) -> Edition:
    """How a report is printed. `base`: the server address for absolute links (Word);
    without it links are relative (the HTML preview)."""
    book = name_book(profile or profile_for(region)) if masked else None
    link = None
    if links and not masked:
        reg = engine.registry()

        def link(fid: str) -> str | None:
            return drilldown_url(fid, start, end, region, base=base or "") if fid in reg else None

    return Edition(masked=masked, book=book, link=link)


# --- issuing (签发) and comparisons --------------------------------------------------------

MSG_ISSUE_DENIED = "只有局领导或系统管理员可以签发报告。"
MSG_CHECKS_FAILED = "以下数据勾稽关系不成立，请先核对数据再签发：{items}。"


def figure_rows(figures, ids=None) -> dict[str, dict]:
    """id → {label, value, text} of the public figures, or of `ids` (a briefing's, helpers
    included), as kept by an issued report."""
    if ids is None:
        out = {}
        for fid, entry in figures.as_json().items():
            out[fid] = {"label": figures.indicators[fid].label, **entry}
        return out
    rows = {}
    for fid in ids:
        value = figures.values[fid]
        row: dict = {"label": figures.indicators[fid].label}
        if isinstance(value, tuple):
            pct = percent_value(*value)
            row["value"] = float(pct) if pct is not None else None
            row["numerator"], row["denominator"] = value
        else:
            row["value"] = value
        row["text"] = figures.text(fid)
        rows[fid] = row
    return rows


def issue_report(start, end, region=None, *, user, masked=False, note="", force=False, base=None):
    """Freeze a report: its Word file (figures linked to `base`, the server address; no links
    without it), every figure's value and the definitions' version."""
    from django.core.exceptions import PermissionDenied

    from sifa.core.access import role_of
    from sifa.core.services import RuleViolation

    from . import render

    if role_of(user) != "leader":
        raise PermissionDenied(MSG_ISSUE_DENIED)
    figures = engine.compute(start, end, region)
    broken = [c.invariant for c in figures.checks if not c.holds]
    if broken and not force:
        raise RuleViolation({"__all__": MSG_CHECKS_FAILED.format(items="；".join(broken))})
    data = build_report(
        Period(start, end),
        region,
        figures,
        profile_for(region),
        plan_items(end.year, region),
        public_ids=public_figures(),
        aliases=aliases(),
    )
    ed = edition(start, end, region, masked=masked, links=not masked and bool(base), base=base)
    content = render.render_docx(data, ed)
    scope_name = (
        data.names.office
        if data.township
        else (region.name if region is not None else data.names.bureau)
    )
    title = f"{scope_name}{data.year}年度工作总结" + ("（脱敏版）" if masked else "")
    return _freeze(
        "summary",
        title,
        start,
        end,
        region,
        figures,
        content,
        user=user,
        masked=masked,
        note=note,
    )


def _freeze(
    kind, title, start, end, region, figures, content: bytes, *, user, masked, note, ids=None
):
    """The one way a document is issued: its file, its figures' values and checks and the
    definitions' version saved together (a summary or a briefing alike)."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    from .models import IssuedReport

    with transaction.atomic():
        report = IssuedReport(
            kind=kind,
            title=title,
            start=start,
            end=end,
            region=region,
            masked=masked,
            figures=figure_rows(figures, ids),
            checks=[c.as_json() for c in figures.checks],
            definitions_version=engine.definitions_version(),
            issued_by=user,
            note=note,
        )
        stem = f"{start:%Y%m%d}-{end:%Y%m%d}-{region.code if region else 'all'}"
        report.file.save(
            f"{kind.replace(':', '-')}-{stem}.docx" if kind != "summary" else f"{stem}.docx",
            ContentFile(content),
            save=False,
        )
        report.save()
    return report


def issue_briefing(briefing, start, end, region=None, *, user, note="", base=None):
    """Freeze a briefing (briefings.py): its Word file and the figures it prints."""
    from django.core.exceptions import PermissionDenied

    from sifa.core.access import role_of

    from . import briefings

    if role_of(user) != "leader":
        raise PermissionDenied(MSG_ISSUE_DENIED)
    written = briefings.write(briefing, start, end, region)
    content = briefings.render(written, links=bool(base), base=base)
    return _freeze(
        briefings.kind_of(briefing.name),
        written.title,
        start,
        end,
        region,
        written.figures,
        content,
        user=user,
        masked=False,
        note=note,
        ids=written.ids,
    )


def _stored_value(entry: dict | None):
    """A frozen figure's raw value as the engine gives it (a rate as (numerator, denominator))."""
    if not entry:
        return None
    if "numerator" in entry:
        return (entry["numerator"], entry["denominator"])
    return entry.get("value")


def compare_with_today(report) -> list[dict]:
    """Each figure as issued beside today's value for the same period and scope.

    A figure has `changed` when the report would print it differently today (its text in
    the figure's own format: "235" 万元 stays unchanged when a few yuan move); `moved` when
    only the raw value moved under the same text. `issued`/`today` carry the unit.
    """
    from . import briefings

    briefing = briefings.briefing_of(report.kind)
    if briefing is not None:
        figures = briefing.compute(report.start, report.end, report.region)
        now = figure_rows(figures, list(figures.indicators))
    else:
        figures = engine.compute(report.start, report.end, report.region)
        now = figure_rows(figures)
    rows = []
    for fid in list(now) + [k for k in report.figures if k not in now]:
        old, new = report.figures.get(fid), now.get(fid)
        ind = figures.indicators.get(fid)
        unit = ind.unit if ind is not None and ind.kind != "rate" else ""
        changed = (old or {}).get("text") != (new or {}).get("text")
        a, b = _stored_value(new), _stored_value(old)
        rows.append(
            {
                "id": fid,
                "label": (new or old)["label"],
                "issued": f"{old['text']}{unit}" if old else "（签发时无此项）",
                "today": f"{new['text']}{unit}" if new else "（已取消此项）",
                "changed": changed,
                "moved": not changed and a != b,
                "change": format_change(ind.format, a, b, unit)
                if changed and ind is not None and old and new
                else "",
            }
        )
    return rows


def year_over_year(start, end, region=None) -> list[dict]:
    """Each figure beside the same period a year earlier, with the change."""
    now = engine.compute(start, end, region)
    before = engine.compute(shift_year(start), shift_year(end), region)
    rows = []
    for fid in now.public_ids():
        ind = now.indicators[fid]
        rows.append(
            {
                "id": fid,
                "label": ind.label,
                "unit": ind.unit,
                "now": now.text(fid),
                "before": before.text(fid),
                "change": format_change(ind.format, now.values[fid], before.values[fid], ind.unit),
            }
        )
    return rows


def figures_payload(start: dt.date, end: dt.date, region=None) -> dict:
    """Every figure with its value and text, and the invariant checks: the JSON of
    `sifa figures --json` and of /api/figures/."""
    figures = engine.compute(start, end, region)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "region": region.code if region else None,
        "figures": figures.as_json(),
        "checks": [c.as_json() for c in figures.checks],
    }
