"""Computing a return: every cell as one conditional aggregate of ONE query per return.

Each cell is an `Indicator` (sifa.core.indicators) built from the row's and the column's
conditions, so the figure engine's batching (`sifa.reports.engine.batch_queryset`) computes the
whole table in one statement and the drill-down list of a cell is that indicator's queryset —
the list can never disagree with the cell. Counts are taken over the records in the reader's
line and region scope (`core.access.scope`); sealed files of minors are counted there, and the
drill-down lists them through the record type's selector, which hides them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.functions import Cast, Concat, Substr

from sifa.core import access
from sifa.core.indicators import Indicator
from sifa.core.models import Region, RegionLevel
from sifa.core.models.regions import region_q
from sifa.reports import engine

from .spec import Leaf, ReturnSpec, RowSection

OWN_LEVEL = "本级"


@dataclass
class Row:
    key: str
    label: str
    section: str
    cond: Any
    total: bool = False


@dataclass
class Check:
    label: str
    holds: bool
    detail: str

    def as_json(self) -> dict:
        return {"check": self.label, "holds": self.holds, "detail": self.detail}


@dataclass
class Table:
    spec: ReturnSpec
    start: dt.date
    end: dt.date
    region: Region | None
    rows: list[Row]
    values: dict[tuple[str, str], Any]
    checks: list[Check] = field(default_factory=list)
    queries: int = 0

    def value(self, row: str, col: str):
        return self.values[(row, col)]

    def grid(self) -> list[tuple[Row, list[Any]]]:
        return [(r, [self.values[(r.key, c.key)] for c in self.spec.columns]) for r in self.rows]

    def as_json(self) -> dict:
        return {
            "name": self.spec.name,
            "title": self.spec.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "region": self.region.code if self.region else None,
            "region_name": self.region.name if self.region else "全部",
            "unit": self.spec.unit,
            "columns": [
                {"key": c.key, "label": c.label, "group": c.group} for c in self.spec.columns
            ],
            "rows": [
                {
                    "key": r.key,
                    "label": r.label,
                    "section": r.section,
                    "total": r.total,
                    "cells": {c.key: self.values[(r.key, c.key)] for c in self.spec.columns},
                }
                for r in self.rows
            ],
            "checks": [c.as_json() for c in self.checks],
        }


def default_region(region: Region | None) -> Region | None:
    """The scope a return is made for: the one given, else the installation's only county."""
    if region is not None:
        return region
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY)[:2])
    return counties[0] if len(counties) == 1 else None


def _region_rows(index: int, section: RowSection, region, children=None) -> list[Row]:
    """One row per region under the scope (keyed by its code prefix), then the scope's own
    records (本级: a county's records filed at the county itself)."""
    if children is None:
        children = _children(region)
    rows = [
        Row(f"s{index}-{c.prefix}", c.name, section.label, lambda s, e, c=c: region_q(c))
        for c in children
    ]
    if region is not None and children:
        rows.append(
            Row(
                f"s{index}-{region.code[: len(children[0].prefix)]}",
                f"{region.short_name or region.name}{OWN_LEVEL}",
                section.label,
                lambda s, e, code=region.code: models.Q(region__code=code),
            )
        )
    return rows


def _relation_rows(index, section, spec, start, end, region, user) -> list[Row]:
    f = spec.model._meta.get_field(section.by_relation)
    date_field = spec.date_field
    base = _base(spec.model, user)
    if date_field:
        base = base.filter(**{f"{date_field}__gte": start, f"{date_field}__lte": end})
    if region is not None:
        base = base.filter(region_q(region))
    related = f.related_model._default_manager.filter(pk__in=base.values(f.attname)).order_by("pk")
    return [
        Row(
            f"s{index}-{obj.pk}",
            str(obj),
            section.label,
            lambda s, e, name=f.attname, pk=obj.pk: models.Q(**{name: pk}),
        )
        for obj in related
    ]


def rows_of(spec: ReturnSpec, start, end, region, user=None) -> list[Row]:
    rows: list[Row] = []
    for i, section in enumerate(spec.sections):
        if section.by_region:
            part = _region_rows(i, section, region)
        elif section.by_relation:
            part = _relation_rows(i, section, spec, start, end, region, user)
        else:
            part = [Row(f"s{i}-{it.key}", it.label, section.label, it.cond) for it in section.items]
        rows += part
        if section.total:
            rows.append(Row(f"s{i}-total", section.total, section.label, _always, total=True))
    return rows


def _always(start, end) -> models.Q:
    return models.Q()


def cell_indicator(spec: ReturnSpec, row: Row, col: Leaf) -> Indicator:
    date_field = col.date_field if col.date_field is not None else spec.date_field
    kind = "sum" if col.aggregate == "sum" else ("count" if date_field else "stock")
    rcond, ccond = row.cond, col.cond
    return Indicator(
        id=f"returns.{spec.name}.{row.key}.{col.key}",
        label=f"{spec.title}：{row.label}·{col.group + '·' if col.group else ''}{col.label}",
        kind=kind,
        model=spec.model_label,
        date_field=date_field,
        where=lambda s, e: rcond(s, e) & ccond(s, e),
        field=col.field,
        unit=spec.unit,
        internal=True,
    )


def _base(model, user) -> models.QuerySet:
    qs = model._default_manager.all()
    return access.scope(user, qs) if user is not None else qs


def find_cell(spec: ReturnSpec, row_key: str, col_key: str, start, end, region, user=None):
    """The indicator behind one cell (None when there is no such cell)."""
    region = default_region(region)
    col = spec.column(col_key)
    row = next((r for r in rows_of(spec, start, end, region, user) if r.key == row_key), None)
    if col is None or row is None:
        return None
    return cell_indicator(spec, row, col)


def compute(spec: ReturnSpec, start, end, region=None, user=None) -> Table:
    """The return for [start, end] in `region` as `user` may count it (None: the system).

    One statement for the whole table: per row section, the columns' conditional aggregates
    grouped by the section's row class (the choice field, the related record, the region
    under the scope) or, for explicit rows, one aggregate row each; and each section's total
    row, computed on its own so that it can be checked against its rows. The parts are joined
    by UNION ALL."""
    region = default_region(region)
    col_inds = [cell_indicator(spec, Row("", "", "", _always), c) for c in spec.columns]
    pairs = [(ind, ind.condition(start, end, region)) for ind in col_inds]
    qs, aggregates = engine.batch_queryset(pairs, start, end, region)
    if user is not None:
        qs = access.scope(user, qs)
    qs = qs.order_by()
    aliases = list(aggregates)
    parts: list[models.QuerySet] = []
    children = _children(region) if any(s.by_region for s in spec.sections) else []
    width = len(children[0].prefix) if children else 0
    for i, section in enumerate(spec.sections):
        if section.by_field or section.by_relation:
            name = section.by_field or spec.model._meta.get_field(section.by_relation).attname
            parts.append(
                _grouped(qs, f"s{i}-", Cast(models.F(name), models.CharField()), aggregates)
            )
        elif section.by_region and width:
            expr = Substr(models.F("region_id"), 1, width)
            parts.append(_grouped(qs, f"s{i}-", expr, aggregates))
        elif not section.by_region:
            for item in section.items:
                row = Row(f"s{i}-{item.key}", item.label, section.label, item.cond)
                cell = {
                    alias: engine.batch_queryset(
                        [(ind := cell_indicator(spec, row, c), ind.condition(start, end, region))],
                        start,
                        end,
                        region,
                    )[1]["f0"]
                    for alias, c in zip(aliases, spec.columns, strict=True)
                }
                parts.append(_constant(qs, row.key, cell))
        if section.total:
            parts.append(_constant(qs, f"s{i}-total", aggregates))
    found: dict[str, dict[str, Any]] = {}
    if parts:
        statement = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for rec in statement:
            found[rec["_row"]] = rec
    rows = _rows(spec, region, children, found)
    values: dict[tuple[str, str], Any] = {}
    for r in rows:
        rec = found.get(r.key, {})
        for alias, c in zip(aliases, spec.columns, strict=True):
            values[(r.key, c.key)] = engine._plain(rec.get(alias))
    table = Table(spec, start, end, region, rows, values)
    table.checks = checks(table)
    return table


def _grouped(qs, prefix: str, expr, aggregates) -> models.QuerySet:
    key = Concat(models.Value(prefix), expr, output_field=models.CharField())
    return qs.annotate(_row=key).values("_row").annotate(**aggregates).values("_row", *aggregates)


def _constant(qs, key: str, aggregates) -> models.QuerySet:
    # Grouping by a constant leaves GROUP BY out: a plain aggregate, always one row.
    return (
        qs.annotate(_row=models.Value(key, output_field=models.CharField()))
        .values("_row")
        .annotate(**aggregates)
        .values("_row", *aggregates)
    )


def _children(region) -> list[Region]:
    if region is None:
        return list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    return list(Region.objects.filter(parent=region).order_by("code"))


def _rows(spec, region, children, found) -> list[Row]:
    """The table's rows in order: every choice, region and explicit row (zeros included), the
    related records the period's records point to, each section's total last."""
    rows: list[Row] = []
    for i, section in enumerate(spec.sections):
        if section.by_region:
            rows += _region_rows(i, section, region, children)
        elif section.by_relation:
            f = spec.model._meta.get_field(section.by_relation)
            prefix = f"s{i}-"
            ids = sorted(
                k[len(prefix) :] for k in found if k.startswith(prefix) and k != f"{prefix}total"
            )
            related = f.related_model._default_manager.in_bulk(
                [int(x) if x.isdigit() else x for x in ids]
            )
            for pk in sorted(related):
                rows.append(
                    Row(
                        f"{prefix}{pk}",
                        str(related[pk]),
                        section.label,
                        lambda s, e, name=f.attname, pk=pk: models.Q(**{name: pk}),
                    )
                )
        else:
            rows += [
                Row(f"s{i}-{it.key}", it.label, section.label, it.cond) for it in section.items
            ]
        if section.total:
            rows.append(Row(f"s{i}-total", section.total, section.label, _always, total=True))
    return rows


def checks(table: Table) -> list[Check]:
    """Every total against its parts: a section's total row against its rows (where the rows
    split the records), and a column declared as the sum of others against them."""
    spec, out = table.spec, []
    by_section: dict[str, list[Row]] = {}
    for i, section in enumerate(spec.sections):
        prefix = f"s{i}-"
        members = [r for r in table.rows if r.key.startswith(prefix)]
        by_section[prefix] = members
        total = next((r for r in members if r.total), None)
        if total is None or not section.partition:
            continue
        parts = [r for r in members if not r.total]
        for col in spec.columns:
            whole = table.values[(total.key, col.key)]
            summed = sum(table.values[(r.key, col.key)] for r in parts)
            out.append(
                Check(
                    f"{section.label or '各行'}“{total.label}”＝各行之和（{col.label}）",
                    whole == summed,
                    f"{whole}＝{summed}" if whole == summed else f"{whole}≠{summed}",
                )
            )
    for col in spec.columns:
        if not col.parts:
            continue
        labels = "＋".join(spec.column(p).label for p in col.parts)  # type: ignore[union-attr]
        bad = []
        for r in table.rows:
            whole = table.values[(r.key, col.key)]
            summed = sum(table.values[(r.key, p)] for p in col.parts)
            if whole != summed:
                bad.append(f"{r.label}：{whole}≠{summed}")
        out.append(
            Check(
                f"“{col.label}”＝{labels}",
                not bad,
                "；".join(bad) if bad else f"{len(table.rows)}行均成立",
            )
        )
    return out
