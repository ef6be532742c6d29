"""The figure engine: every registered indicator for one period and scope, in few queries.

All count/sum/stock indicators of one model become conditional aggregates of ONE query
(`Count("pk", filter=Q)` / `Sum(expr, filter=Q)`, the Q being `Indicator.condition`), so a whole
report costs about one query per record type, whatever the number of figures. List and text
indicators cost one query each (their names, in order). Rates are taken from the results of
their numerator and denominator. The result equals `Indicator.compute` for every id; the
tests check that for every registered id.

A condition that crosses a multi-valued relation (reverse FK, many-to-many) would multiply
rows inside a shared aggregate; such an indicator is computed alone with its reference query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from sifa.core.indicators import Indicator, registry

from . import formats
from .invariants import Check, check_all


@dataclass
class Figures:
    """Computed figures: raw values by id, plus the invariant checks."""

    start: dt.date
    end: dt.date
    region: Any
    values: dict[str, Any]
    checks: list[Check] = field(default_factory=list)
    indicators: dict[str, Indicator] = field(default_factory=dict)

    def text(self, fid: str) -> str:
        return formats.format_value(self.indicators[fid].format, self.values[fid])

    def public_ids(self) -> list[str]:
        """Ids of figures.yaml (internal helpers left out), in declaration order."""
        return [i for i, ind in self.indicators.items() if not ind.internal]

    def as_json(self) -> dict:
        out = {}
        for fid in self.public_ids():
            value = self.values[fid]
            entry: dict[str, Any] = {}
            if isinstance(value, tuple):
                num, den = value
                pct = formats.percent_value(num, den)
                entry["value"] = float(pct) if pct is not None else None
                entry["numerator"], entry["denominator"] = num, den
            else:
                entry["value"] = value
            entry["text"] = self.text(fid)
            out[fid] = entry
        return out


def _lookups(q: models.Q):
    for child in q.children:
        if isinstance(child, models.Q):
            yield from _lookups(child)
        elif isinstance(child, tuple):
            yield child[0]
        # an expression (Exists, a subquery) joins nothing into the shared query


def _multivalued(model, q: models.Q) -> bool:
    """Whether a lookup of `q` crosses a reverse FK or a many-to-many relation."""
    for lookup in _lookups(q):
        current = model
        for part in lookup.split("__"):
            try:
                f = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if f.many_to_many or f.one_to_many:
                return True
            if not f.is_relation or f.related_model is None:
                break
            current = f.related_model
    return False


def _aggregate_for(ind: Indicator, cond: models.Q):
    filt = cond if cond else None
    if ind.kind in ("count", "stock"):
        return models.Count("pk", filter=filt)
    return models.Sum(ind.sum_expression(), filter=filt)


def compute_values(start: dt.date, end: dt.date, region=None, reg=None) -> dict[str, Any]:
    """id → raw value (int, list, str, or (numerator, denominator) for rates)."""
    reg = reg if reg is not None else registry()
    values: dict[str, Any] = {}
    batches: dict[str, list[tuple[Indicator, models.Q]]] = defaultdict(list)
    for ind in reg.values():
        if ind.kind == "rate":
            continue
        if ind.kind in ("list", "text"):
            values[ind.id] = ind.compute(start, end, region, reg)
            continue
        cond = ind.condition(start, end, region)
        if _multivalued(ind.model_class, cond):
            values[ind.id] = ind.compute(start, end, region, reg)
            continue
        batches[ind.model].append((ind, cond))
    values.update(_run_batches(list(batches.values()), start, end, region))
    for ind in reg.values():
        if ind.kind == "rate":
            values[ind.id] = (
                _number(values, reg, ind.numerator, start, end, region),
                _number(values, reg, ind.denominator, start, end, region),
            )
    return {i: values[i] for i in reg}


def _narrowing(inds, start, end, region) -> models.Q:
    """A cheap Q every batched condition implies (shared date range, scope) for the scan."""
    q = models.Q()
    fields = {ind.date_field for ind, _c in inds}
    if len(fields) == 1 and "" not in fields:
        (field,) = fields
        periods = [ind.period_for(start, end) for ind, _c in inds]
        q &= models.Q(
            **{
                f"{field}__gte": min(p[0] for p in periods),
                f"{field}__lte": max(p[1] for p in periods),
            }
        )
    region_fields = {ind.region_field for ind, _c in inds}
    if region is not None and len(region_fields) == 1:
        (rf,) = region_fields
        q &= models.Q(**{f"{rf}__startswith": region.prefix})
    return q


def batch_queryset(inds, start, end, region):
    """One model's figures as one aggregate queryset (a single row, columns f<n>)."""
    model = inds[0][0].model_class
    qs = model._default_manager.filter(_narrowing(inds, start, end, region))
    return qs, {f"f{n}": _aggregate_for(ind, cond) for n, (ind, cond) in enumerate(inds)}


def _run_batches(batches, start, end, region) -> dict[str, Any]:
    """Every model's aggregates in ONE statement: a cross join of one-row aggregate queries."""
    from django.db import connections

    if not batches:
        return {}
    parts, params, columns = [], [], []
    db = None
    for b, inds in enumerate(batches):
        qs, aggregates = batch_queryset(inds, start, end, region)
        db = qs.db
        renamed = {f"b{b}_{alias}": agg for alias, agg in aggregates.items()}
        # Grouping by a constant leaves GROUP BY out: a plain aggregate, always one row.
        sub = (
            qs.order_by()
            .annotate(_one=models.Value(1))
            .values("_one")
            .annotate(**renamed)
            .values(*renamed)
        )
        sql, sub_params = sub.query.get_compiler(using=sub.db).as_sql()
        parts.append(f"({sql}) AS b{b}")
        params.extend(sub_params)
        columns.extend(
            (f"b{b}_{alias}", ind) for alias, (ind, _c) in zip(aggregates, inds, strict=True)
        )
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(parts), params)
        row = cursor.fetchone()
        names = [c[0] for c in cursor.description]
    by_name = dict(zip(names, row, strict=True))
    return {ind.id: _plain(by_name[name]) for name, ind in columns}


def _plain(value):
    """A count or sum as Python gives it back from the reference query."""
    if value is None:
        return 0
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(values, reg, fid, start, end, region):
    if fid not in values:
        values[fid] = reg[fid].compute(start, end, region, reg)
    return values[fid]


def compute(start: dt.date, end: dt.date, region=None, reg=None) -> Figures:
    """Every registered figure for [start, end] in `region`, with the invariant checks."""
    reg = reg if reg is not None else registry()
    values = compute_values(start, end, region, reg)
    checks = check_all(values, reg, start, end, region)
    return Figures(
        start=start, end=end, region=region, values=values, checks=checks, indicators=dict(reg)
    )


def definitions_version(reg=None) -> str:
    """A hash of the indicator declarations: changes when any figure's definition changes."""
    reg = reg if reg is not None else registry()
    h = hashlib.sha256()
    for fid in sorted(reg):
        ind = reg[fid]
        where = ind.where
        if callable(where):
            try:
                where = inspect.getsource(where)
            except (OSError, TypeError):
                where = getattr(where, "__qualname__", repr(where))
        parts = [
            fid,
            ind.kind,
            ind.model,
            ind.date_field,
            repr(where),
            ind.field,
            ind.numerator,
            ind.denominator,
            ind.format,
            str(ind.window_years),
            ind.region_field,
            repr(ind.order_by),
        ]
        h.update("\x1f".join(parts).encode())
        h.update(b"\x1e")
    return h.hexdigest()[:16]
