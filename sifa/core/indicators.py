"""Indicator declarations: each figure of spec/figures.yaml, declared once in its line's app.

A line's `indicators.py` holds `INDICATORS = [Indicator(...), ...]`. From one declaration come
both the figure and the queryset behind it (`Indicator.queryset`), so the drill-down list can
never disagree with the figure. The report engine (sifa.reports) batches the declarations of
one model into one query with conditional aggregates; `Indicator.compute` here is the plain,
one-query-per-figure reference that the engine must agree with.

Semantics (figures.yaml):
- count/sum/list/text: records whose `date_field` falls in [start, end] and that satisfy `where`;
- stock: records satisfying `where` evaluated for the end date (no `date_field`);
- `where` is a Q, or a callable (start, end) -> Q for conditions that depend on the period
  ("concluded by the end date", "in operation on the end date");
- rate: `numerator` / `denominator` are ids of two other indicators (internal ones allowed);
- sum over an Activity quantity: `field="quantities__attendees"` (a JSON key).
- `window_years=3`: the period is widened to the three years ending on the end date.
Every record counts in the scope of the region it carries (`region_field`).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from .dates import shift_year

KINDS = ("count", "sum", "stock", "rate", "list", "text")
FORMATS = ("exact", "yu", "wan", "wan_yu", "percent", "list", "text")

Where = models.Q | Callable[[dt.date, dt.date], models.Q] | None


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    kind: str
    model: str = ""  # "app_label.ModelName"
    date_field: str = ""
    where: Where = None
    field: str = ""  # sum: summed field; list/text: the item's name
    numerator: str = ""
    denominator: str = ""
    unit: str = ""
    format: str = "exact"
    window_years: int = 0
    region_field: str = "region__code"  # lookup path to the region code ("code" for Region)
    internal: bool = False  # a helper figure (e.g. a rate's denominator), not in figures.yaml
    order_by: tuple[str, ...] = ()
    text: Callable[[list[Any]], str] | None = None  # text kind: items -> sentence part

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: unknown kind {self.kind}")
        if self.format not in FORMATS:
            raise ValueError(f"{self.id}: unknown format {self.format}")
        if self.kind == "rate" and not (self.numerator and self.denominator):
            raise ValueError(f"{self.id}: a rate needs numerator and denominator")
        if self.kind != "rate" and not self.model:
            raise ValueError(f"{self.id}: needs a model")
        if self.kind in ("count", "sum", "list", "text") and not self.date_field:
            raise ValueError(f"{self.id}: needs a date_field")

    # --- the records behind the figure ---------------------------------------------------
    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def period_for(self, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
        if self.window_years:
            wstart = shift_year(end, -self.window_years) + dt.timedelta(days=1)
            return wstart, end
        return start, end

    def condition(self, start: dt.date, end: dt.date, region=None) -> models.Q:
        """The full Q (period, rule, scope) selecting this figure's records."""
        start, end = self.period_for(start, end)
        q = models.Q()
        if self.date_field:
            q &= models.Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end})
        where = self.rule(start, end, region)
        if where is not None:
            q &= where
        if region is not None:
            from .access import region_range

            q &= region_range(region.prefix, self.region_field)
        return q

    def rule(self, start: dt.date, end: dt.date, region=None) -> models.Q | None:
        """The figure's own condition for the (already windowed) period. A `where` callable
        that takes a `region` argument gets the scope too, to narrow a subquery by it (the
        outer scope is applied in any case, so the narrowing must not change the count)."""
        if not callable(self.where):
            return self.where
        if _takes_region(self.where):
            return self.where(start, end, region=region)  # type: ignore[call-arg]
        return self.where(start, end)

    def queryset(self, start: dt.date, end: dt.date, region=None, *, base=None):
        """The records behind the figure; `base` lets a caller pass a user-scoped queryset."""
        if self.kind == "rate":
            raise TypeError(f"{self.id}: a rate has no single queryset; use its numerator")
        qs = base if base is not None else self.model_class._default_manager.all()
        return qs.filter(self.condition(start, end, region))

    def sum_expression(self):
        """The expression summed: a model field, or an integer JSON key of `quantities`."""
        if "__" in self.field:
            column, key = self.field.split("__", 1)
            field = self.model_class._meta.get_field(column)
            if isinstance(field, models.JSONField):
                return Cast(KeyTextTransform(key, column), models.BigIntegerField())
        return models.F(self.field)

    def items(self, qs) -> list[Any]:
        """Distinct names (list/text kinds), in the order of the key date."""
        order = self.order_by or (self.date_field, "pk")
        seen, out = set(), []
        for value in qs.order_by(*order).values_list(self.field, flat=True):
            if value and value not in seen:
                seen.add(value)
                out.append(value)
        return out

    def compute(self, start: dt.date, end: dt.date, region=None, registry=None):
        """Reference computation (one query): a number, a list of names, or text."""
        if self.kind == "rate":
            reg = registry or REGISTRY
            num = reg[self.numerator].compute(start, end, region, reg)
            den = reg[self.denominator].compute(start, end, region, reg)
            return (num, den)
        qs = self.queryset(start, end, region)
        if self.kind in ("count", "stock"):
            return qs.count()
        if self.kind == "sum":
            return qs.aggregate(v=models.Sum(self.sum_expression()))["v"] or 0
        items = self.items(qs)
        if self.kind == "text":
            return self.text(items) if self.text else "、".join(map(str, items))
        return items


class Registry(dict):
    """id → Indicator for every line's INDICATORS, loaded once."""

    def load(self) -> Registry:
        if self:
            return self
        for name in [f"{app}.indicators" for app in settings.SIFA_LINE_APPS] + [
            "sifa.core.figures"
        ]:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            for ind in getattr(module, "INDICATORS", []):
                if ind.id in self:
                    raise ValueError(f"indicator {ind.id} declared twice")
                self[ind.id] = ind
        return self


REGISTRY = Registry()


@functools.lru_cache(maxsize=512)
def _takes_region(fn) -> bool:
    try:
        return "region" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


# Sources of figures declared outside the code (an administrator's, sifa.returns.figures):
# each takes the built-in registry and gives the registry to use, the same object when it
# adds nothing. A source keeps its own cache and drops it when a declaration is saved.
EXTENSIONS: list[Callable[[Registry], Registry]] = []


def extend_registry(source: Callable[[Registry], Registry]) -> None:
    if source not in EXTENSIONS:
        EXTENSIONS.append(source)


def registry() -> Registry:
    reg = REGISTRY.load()
    for source in EXTENSIONS:
        reg = source(reg)
    return reg
