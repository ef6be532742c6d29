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
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save

from sifa.core.access import region_range
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
    plan = _plan_for(reg, start, end, region)
    values: dict[str, Any] = {}
    for fid in plan.separate:
        values[fid] = reg[fid].compute(start, end, region, reg)
    values.update(plan.run())
    for ind in reg.values():
        if ind.kind == "rate":
            values[ind.id] = (
                _number(values, reg, ind.numerator, start, end, region),
                _number(values, reg, ind.denominator, start, end, region),
            )
    return {i: values[i] for i in reg}


# --- the compiled statement ---------------------------------------------------------------
#
# Building ~90 conditional aggregates through the ORM costs tens of milliseconds of Python on
# every call, more than the database needs for a county-year. A plan (the one statement's SQL
# and parameters, and which figures are computed apart) is built once per process for each
# (registry, period, scope) and kept on the registry object; the database still runs the
# statement on every call, so the figures are always today's.


@dataclass
class Plan:
    separate: list[str]  # list/text/multi-valued figures: their own query each
    db: str | None = None
    sql: str = ""
    params: tuple = ()
    columns: list[tuple[str, str]] = field(default_factory=list)  # (column, figure id)
    name: str = ""  # its prepared statement's name (PostgreSQL)
    literal: str = ""  # the SQL with its parameters written in

    def run(self) -> dict[str, Any]:
        from django.db import connections

        if not self.sql:
            return {}
        connection = connections[self.db or "default"]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(self._prepared(connection, cursor))
            else:
                cursor.execute(self.sql, self.params)
            row = cursor.fetchone()
            names = [c[0] for c in cursor.description]
        by_name = dict(zip(names, row, strict=True))
        return {fid: _plain(by_name[name]) for name, fid in self.columns}

    def _prepared(self, connection, cursor) -> str:
        """`EXECUTE <name>` of the statement prepared once per database connection.

        PostgreSQL spends longer planning the one wide statement than running it for a
        county (about 120 ms per call at a province's size). The plan's period and scope are
        fixed, so its parameters are written into the SQL as literals and the statement is
        PREPAREd without parameters: PostgreSQL then plans it once and keeps that plan for
        the connection (a parameterless prepared statement never takes a custom plan), and
        re-plans by itself when a table's definition or statistics change. A prepared
        statement outlives a rolled-back transaction, so what is marked here stays true."""
        if not self.name:
            literal = connection.ops.compose_sql(self.sql, self.params)
            self.literal = literal
            self.name = "sifa_fig_" + hashlib.sha1(literal.encode()).hexdigest()[:20]
        raw = connection.connection
        prepared = _prepared_on.get(raw)
        if prepared is None:
            prepared = _prepared_on[raw] = set()
        if self.name not in prepared:
            cursor.execute(f"PREPARE {self.name} AS {self.literal}")
            prepared.add(self.name)
        return f"EXECUTE {self.name}"


# Names of the statements prepared on each raw database connection (a new connection, e.g.
# after CONN_MAX_AGE, starts with none).
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

_PLAN_LIMIT = 64


def _plan_for(reg, start, end, region) -> Plan:
    from django.db import router

    key: tuple = (start, end, region.prefix if region is not None else None)
    plans = getattr(reg, "_plans", None)
    if plans is None:
        try:
            plans = reg._plans = {}
        except AttributeError:  # a plain dict of indicators: no place to keep a plan
            return _build_plan(reg, start, end, region)
    key = (*key, router.db_for_read(models.Model), _catalogue_epoch[0])
    plan = plans.get(key)
    if plan is None:
        if len(plans) >= _PLAN_LIMIT:
            plans.clear()
        plan = plans[key] = _build_plan(reg, start, end, region)
    return plan


# Bumped when the activity catalogue changes (plans hold its ids as literals).
_catalogue_epoch = [0]


def catalogue_changed(sender=None, **kwargs) -> None:
    if sender is None or getattr(sender, "_meta", None) is None:
        return
    if sender._meta.label in ("core.ActivityType",):
        _catalogue_epoch[0] += 1


post_save.connect(catalogue_changed, dispatch_uid="sifa.reports.engine.catalogue_saved")
post_delete.connect(catalogue_changed, dispatch_uid="sifa.reports.engine.catalogue_deleted")


def _build_plan(reg, start, end, region) -> Plan:
    separate: list[str] = []
    groups: dict[tuple, list[tuple[Indicator, models.Q]]] = defaultdict(list)
    catalogue: dict[str, dict[str, int]] = {}  # the activity types' ids, read once per plan
    for ind in reg.values():
        if ind.kind == "rate":
            continue
        if ind.kind in ("list", "text"):
            separate.append(ind.id)
            continue
        if _multivalued(ind.model_class, ind.condition(start, end, region)):
            separate.append(ind.id)
            continue
        period = ind.period_for(start, end) if ind.date_field else None
        groups[(ind.model, ind.date_field, period, ind.region_field)].append(
            (ind, _literal_types(ind.model_class, _rule(ind, start, end, region), catalogue))
        )
    plan = Plan(separate=separate)
    parts, params = [], []
    for b, ((_model, date_field, period, region_field), inds) in enumerate(groups.items()):
        model = inds[0][0].model_class
        where = models.Q()
        if date_field:
            where &= models.Q(**{f"{date_field}__gte": period[0], f"{date_field}__lte": period[1]})
        if region is not None:
            where &= region_range(region.prefix, region_field)
        qs = model._default_manager.filter(where)
        renamed = {f"b{b}_f{n}": _aggregate_for(ind, cond) for n, (ind, cond) in enumerate(inds)}
        # Grouping by a constant leaves GROUP BY out: a plain aggregate, always one row.
        sub = (
            qs.order_by()
            .annotate(_one=models.Value(1))
            .values("_one")
            .annotate(**renamed)
            .values(*renamed)
        )
        sql, sub_params = sub.query.get_compiler(using=sub.db).as_sql()
        plan.db = sub.db
        parts.append(f"({sql}) AS b{b}")
        params.extend(sub_params)
        plan.columns.extend((alias, ind.id) for alias, (ind, _c) in zip(renamed, inds, strict=True))
    if parts:
        plan.sql = "SELECT * FROM " + " CROSS JOIN ".join(parts)
        plan.params = tuple(params)
    return plan


def _rule(ind: Indicator, start, end, region=None) -> models.Q:
    """The figure's own condition without its period and scope (those are the scan's WHERE)."""
    pstart, pend = ind.period_for(start, end)
    where = ind.rule(pstart, pend, region)
    return where if where is not None else models.Q()


def _literal_types(model, q: models.Q, catalogue) -> models.Q:
    """`type__code="lecture"` → `type_id=<its id>` on a model whose `type` is the activity
    catalogue: the aggregate compares an integer instead of joining the catalogue."""
    try:
        fk = model._meta.get_field("type")
    except FieldDoesNotExist:
        return q
    if not fk.is_relation or fk.related_model._meta.label != "core.ActivityType":
        return q
    if "ids" not in catalogue:
        catalogue["ids"] = dict(fk.related_model._default_manager.values_list("code", "pk"))
    ids = catalogue["ids"]

    def rewrite(node: models.Q) -> models.Q:
        out = models.Q()
        out.connector, out.negated = node.connector, node.negated
        for child in node.children:
            if isinstance(child, models.Q):
                child = rewrite(child)
            elif isinstance(child, tuple) and child[0] == "type__code" and child[1] in ids:
                child = ("type_id", ids[child[1]])
            elif (
                isinstance(child, tuple)
                and child[0] == "type__code__in"
                and all(c in ids for c in child[1])
            ):
                child = ("type_id__in", sorted(ids[c] for c in child[1]))
            out.children.append(child)
        return out

    return rewrite(q)


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
        q &= region_range(region.prefix, rf)
    return q


def batch_queryset(inds, start, end, region):
    """One model's figures as one aggregate queryset (a single row, columns f<n>)."""
    model = inds[0][0].model_class
    qs = model._default_manager.filter(_narrowing(inds, start, end, region))
    return qs, {f"f{n}": _aggregate_for(ind, cond) for n, (ind, cond) in enumerate(inds)}


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
