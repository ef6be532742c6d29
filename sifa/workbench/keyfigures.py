"""This year's key figures of the reader's lines, beside the same date last year (home page)."""

from __future__ import annotations

import datetime as dt

from sifa.core import access
from sifa.core.dates import shift_year
from sifa.core.indicators import registry
from sifa.reports.engine import compute_values
from sifa.reports.formats import format_change, format_value

# line → the figures its staff watch
KEY_FIGURES = {
    "rulelaw": ["publicity.events", "publicity.lectures"],
    "normdocs": ["normdocs.reviewed"],
    "reconsideration": ["reconsideration.received", "reconsideration.concluded"],
    "litigation": ["litigation.cases"],
    "enforcement": ["enforcement.certificates_issued"],
    "mediation": ["mediation.cases", "mediation.succeeded", "mediation.screenings"],
    "correction": ["correction.received", "correction.registered"],
    "offices": ["offices.construction_investment_wan"],
    "legalservice": ["legalservice.advisor_services"],
    "legalaid": ["legalaid.cases"],
    "notary": ["notary.cases"],
    "team": ["team.study_sessions", "rural.classes"],
}


def _line_of(ind) -> str:
    line = getattr(ind.model_class, "line", "")
    return line if isinstance(line, str) else ""


def own_figure_ids(user, reg=None) -> list[str]:
    """The figures the bureau defined itself (u.…) over the records of the user's lines."""
    from sifa.returns.figures import user_figures

    lines = access.lines_of(user)
    return [ind.id for ind in user_figures(reg) if _line_of(ind) in lines]


def key_figures(user, *, end: dt.date) -> list[dict]:
    """[{label, unit, now, before, change, url}] for the user's lines, in one query per period:
    the built-in key figures, then the bureau's own figures of those lines."""
    from .charts import drill_url

    reg = registry()
    lines = access.lines_of(user)
    ids = [fid for line, fids in KEY_FIGURES.items() if line in lines for fid in fids if fid in reg]
    ids += own_figure_ids(user, reg)
    if not ids:
        return []
    subset = {fid: reg[fid] for fid in ids}
    region = access.user_region(user)
    start = end.replace(month=1, day=1)
    before_end = shift_year(end)
    now = compute_values(start, end, region, subset)
    before = compute_values(before_end.replace(month=1, day=1), before_end, region, subset)
    rows = []
    for fid in ids:
        ind = reg[fid]
        rows.append(
            {
                "label": ind.label,
                "unit": ind.unit,
                "now": format_value(ind.format, now[fid]),
                "before": format_value(ind.format, before[fid]),
                "change": format_change(ind.format, now[fid], before[fid], ind.unit),
                "url": drill_url(fid, start, end, region),
            }
        )
    return rows


def own_figures(user, start: dt.date, end: dt.date, region) -> list[dict]:
    """The dashboard's 本局自定义指标: each of the bureau's own figures of the user's lines
    for the period, [{id, label, unit, text, note, url}], all in one statement."""
    from sifa.returns.models import FigureDefinition

    from .charts import drill_url

    reg = registry()
    ids = own_figure_ids(user, reg)
    if not ids:
        return []
    values = compute_values(start, end, region, {fid: reg[fid] for fid in ids})
    notes = dict(FigureDefinition.objects.filter(active=True).values_list("key", "note"))
    rows = []
    for fid in ids:
        ind = reg[fid]
        rows.append(
            {
                "id": fid,
                "label": ind.label,
                "unit": ind.unit,
                "text": format_value(ind.format, values[fid]),
                "note": notes.get(fid.partition(".")[2], ""),
                "url": drill_url(fid, start, end, region),
            }
        )
    return rows
