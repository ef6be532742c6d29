"""Figures a bureau defines itself (`FigureDefinition`): validated against the field catalogue
and turned into `Indicator`s of the one registry (sifa.core.indicators), id `u.<key>`.

Once in the registry a user figure is an indicator like the built-in ones: the report engine
batches it into the same statement as the other figures of its record type, the dashboard and
the key figures show it, a return's column takes it (`figure: u.<key>`), a report template
prints it (`{{ F.u.<key> }}`) and its drill-down list is the scoped, sealed-aware list of the
report centre (`/reports/figures/u.<key>/`).

A condition is written as a return's condition (sifa.returns.spec): `field: choice`,
`field__in: [a, b]`, `boolean_field: true`, `region__level: 4`, `not:`, `any:`, … and is
checked by the same parser, so the two declarations can never read a condition differently.

The registry with the user figures is kept per process and rebuilt when a definition is saved
or deleted: at once in the process that saved it, and in the other processes (gunicorn's
workers) within a second of the commit, through a stamp in Django's cache — when the cache is
shared between them (`CACHES`: a file-based or Redis cache; the default in-process cache
reaches only the process that saved).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from typing import Any

import yaml
from django.core.cache import cache
from django.db import DatabaseError, models, transaction

from sifa.core.indicators import REGISTRY, Indicator, Registry

from . import spec

PREFIX = "u"
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
STAMP_KEY = "sifa:returns:user-figures"

MSG_BAD_KEY = "代号“{key}”只能由小写字母、数字和下划线组成，且以字母开头（不超过40个字符）。"
MSG_KEY_TAKEN = "代号“{key}”与内置统计数字“{fid}”（{label}）重复，请换一个。"
MSG_NO_DATE = "请填写统计期依据的日期字段。"
MSG_NO_SUM_FIELD = "统计方式为求和时，须填写求和字段。"
MSG_SUM_FIELD_FOR_COUNT = "统计方式为计数时，不填写求和字段。"
MSG_WAN_FOR_COUNT = "“万元”格式只用于金额求和（以元计的数值字段）。"
MSG_BAD_CONDITIONS = "条件不是正确的写法：{error}"
MSG_CONDITIONS_MAPPING = "条件应为每行一个“字段: 值”。"


def figure_id(key: str) -> str:
    return f"{PREFIX}.{key}"


def is_user_figure(fid: str) -> bool:
    return fid.startswith(f"{PREFIX}.")


# --- validation ------------------------------------------------------------------------------
def _conditions(text: str) -> tuple[Any, list[str]]:
    """The conditions' mapping (or None), and the reasons it cannot be read."""
    if not (text or "").strip():
        return None, []
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return None, [MSG_BAD_CONDITIONS.format(error=str(exc).splitlines()[0])]
    if data is None:
        return None, []
    if not isinstance(data, dict | list):
        return None, [MSG_CONDITIONS_MAPPING]
    return data, []


def _uses_period(data) -> bool:
    if isinstance(data, dict):
        return any(_uses_period(k) or _uses_period(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_uses_period(v) for v in data)
    return isinstance(data, str) and data in spec.PLACEHOLDERS


def _compile(d) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """(errors by form field, the parts of the indicator) of a definition."""
    errors: dict[str, list[str]] = {}

    def err(name: str, msg: str) -> None:
        errors.setdefault(name, [])
        if msg not in errors[name]:
            errors[name].append(msg)

    key = (d.key or "").strip()
    if not KEY_RE.match(key):
        err("key", MSG_BAD_KEY.format(key=key))
    else:
        taken = REGISTRY.load().get(figure_id(key))
        if taken is not None:
            err("key", MSG_KEY_TAKEN.format(key=key, fid=taken.id, label=taken.label))
    model = spec._declared_models().get((d.model or "").strip().lower())
    if model is None:
        err("model", spec.MSG_UNKNOWN_MODEL.format(model=d.model))
        return errors, {}
    p = spec._Parser(model)
    date_field = (d.date_field or "").strip()
    if not date_field:
        err("date_field", MSG_NO_DATE)
    else:
        p.date(date_field)
        for msg in p.errors:
            err("date_field", msg)
        p.errors = []
    sum_field = (d.sum_field or "").strip()
    if d.aggregate == "sum":
        if not sum_field:
            err("sum_field", MSG_NO_SUM_FIELD)
        else:
            f = p.field(model, sum_field)
            if f is not None and not isinstance(
                f, models.IntegerField | models.DecimalField | models.FloatField
            ):
                p.err(spec.MSG_NOT_NUMBER.format(field=f.verbose_name))
            for msg in p.errors:
                err("sum_field", msg)
            p.errors = []
    else:
        if sum_field:
            err("sum_field", MSG_SUM_FIELD_FOR_COUNT)
        if d.format in ("wan",):
            err("format", MSG_WAN_FOR_COUNT)
    data, problems_ = _conditions(d.conditions)
    for msg in problems_:
        err("conditions", msg)
    builder = p.where(model, data) if data is not None else None
    for msg in p.errors:
        err("conditions", msg)
    if errors:
        return errors, {}
    if builder is None:
        where: Any = None
    elif _uses_period(data):
        where = builder  # (start, end) -> Q: the period's dates go into the condition
    else:
        where = builder(dt.date.min, dt.date.max)  # a plain Q, the same for every period
    return errors, {
        "id": figure_id(key),
        "label": d.label,
        "kind": "sum" if d.aggregate == "sum" else "count",
        "model": f"{model._meta.app_label}.{model.__name__}",
        "date_field": date_field,
        "where": where,
        "field": sum_field if d.aggregate == "sum" else "",
        "unit": d.unit,
        "format": d.format or "exact",
    }


def problems(d) -> dict[str, list[str]]:
    """The Chinese reasons a definition cannot be used, by the form field they concern."""
    return _compile(d)[0]


def indicator(d) -> Indicator:
    """The definition as an indicator (ValueError with the reasons if it is not valid)."""
    errors, parts = _compile(d)
    if errors:
        raise ValueError("；".join(m for msgs in errors.values() for m in msgs))
    return Indicator(**parts)


# --- the registry with the user figures --------------------------------------------------------
_lock = threading.Lock()
# (stamp, the built-in registry, the registry with the user figures, when the stamp was last
# read): one tuple, replaced whole, so a thread reading it never sees half of another's update.
_kept: list[tuple[str, Registry, Registry, float] | None] = [None]
# How long a process trusts its registry before reading the shared stamp again (a save in
# another process shows here at most this late; a save in this process shows at once).
RECHECK_SECONDS = 1.0


def _stamp() -> str:
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex, None)
        stamp = cache.get(STAMP_KEY) or ""
    return stamp


def _load(base: Registry) -> Registry:
    from .models import FigureDefinition

    inds = []
    for d in FigureDefinition.objects.filter(active=True).order_by("key"):
        try:
            ind = indicator(d)
        except ValueError:
            continue  # a field it counted on has gone: left out rather than break every figure
        if ind.id not in base:
            inds.append(ind)
    if not inds:
        return base
    reg = Registry(base)
    for ind in inds:
        reg[ind.id] = ind
    return reg


def with_user_figures(base: Registry) -> Registry:
    """The registry: the built-in figures, then the administrator's active valid ones."""
    kept = _kept[0]
    now = time.monotonic()
    if kept is not None and kept[1] is base and now - kept[3] < RECHECK_SECONDS:
        return kept[2]
    stamp = _stamp()
    if kept is not None and kept[0] == stamp and kept[1] is base:
        _kept[0] = (stamp, base, kept[2], now)
        return kept[2]
    with _lock:
        try:
            reg = _load(base)
        except (DatabaseError, RuntimeError):
            # no table yet (before `migrate`) or no database at hand: the built-in figures
            return base
        _kept[0] = (stamp, base, reg, now)
    return reg


def user_figures(reg: Registry | None = None) -> list[Indicator]:
    """The user figures of the registry, in the order of their keys."""
    from sifa.core.indicators import registry

    reg = reg if reg is not None else registry()
    return [ind for fid, ind in reg.items() if is_user_figure(fid)]


def forget(**kwargs) -> None:
    """Drop this process's registry at once; the others' after the save is committed."""
    _kept[0] = None
    transaction.on_commit(lambda: cache.set(STAMP_KEY, uuid.uuid4().hex, None))
