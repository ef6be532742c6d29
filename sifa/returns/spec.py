"""A statistical return (统计报表) declared as data, and its validation against the field catalogue.

A declaration (YAML in `builtin/`, or an administrator's `ReturnDefinition`) reads::

    name: mediation                    # identifier (latin letters, digits, _)
    title: 人民调解案件统计表
    form: which real form it follows (shown in the list and the README)
    model: mediation.MediationCase     # one declared record type
    date_field: received_on            # the period applies to this date ("" = on the end date)
    unit: 件
    rows:                              # sections of rows, each with its total row
      - by: dispute_type               # one row per choice of a choice field
        total: 合计
      - by: region                     # one row per region under the scope (+ 本级)
      - items:                         # explicit rows, each with its own condition
          - {key: a, label: 甲, where: {status: succeeded}}
        total: 合计
        partition: true                # the rows split their records: total = sum of rows
    columns:                           # leaves hold conditions; groups give merged headers
      - {key: received, label: 受理, figure: mediation.received}   # a figure's own rule
      - {key: amount, label: 涉及金额（元）, aggregate: sum, field: amount_yuan}
      - key: form
        label: 协议形式
        where: {status: succeeded}     # a group's condition applies to its columns
        total: 小计                    # a subtotal column = sum of the group's columns
        children:
          - {key: written, label: 书面, where: {agreement_form: written}}
          - {key: oral, label: 口头, where: {agreement_form: oral}}

Conditions (`where`): a mapping of Django lookups on the model's own fields (`status`,
`close_kind__in`, `closed_on__lte`, `region__level`), values checked against the field's choices;
`$start` / `$end` stand for the period's dates; `not:` negates, `any:` is an OR of conditions,
`has: {relation: {...}}` asks for a related row (an EXISTS, so no row is counted twice), and
`contains: {json_list_field: value}` asks whether a JSON list holds a value. A leaf may set its
own `date_field` (null: a stock on the end date) and `parts: [keys]` (it equals their sum,
checked). Every cell is one conditional aggregate of one query per return.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Cast

MSG_NOT_MAPPING = "报表定义应为“名称: 值”的形式。"
MSG_BAD_YAML = "报表定义不是正确的YAML格式：{error}"
MSG_REQUIRED = "报表定义缺少“{key}”。"
MSG_BAD_NAME = "报表代号“{name}”只能由小写字母、数字和下划线组成，且以字母开头。"
MSG_UNKNOWN_MODEL = "“{model}”不是本系统登记的记录类型。"
MSG_UNKNOWN_FIELD = "{model}没有“{field}”这一字段。"
MSG_NOT_DATE = "“{field}”不是日期字段，不能作为统计期依据。"
MSG_NOT_NUMBER = "“{field}”不是数值字段，不能求和。"
MSG_BAD_CHOICE = "“{value}”不是{field}的可选值（可选：{choices}）。"
MSG_NOT_CHOICE = "“{field}”没有可选值，不能按它分行。"
MSG_BAD_LOOKUP = "条件“{lookup}”的写法不正确。"
MSG_BAD_AGGREGATE = "统计方式“{value}”不正确，只能是 count（计数）或 sum（求和）。"
MSG_UNKNOWN_FIGURE = "统计数字“{fid}”不存在。"
MSG_FIGURE_MODEL = "统计数字“{fid}”统计的是另一类记录，不能用于本报表。"
MSG_DUP_KEY = "代号“{key}”重复。"
MSG_BAD_PART = "“{key}”的组成部分“{part}”不存在。"
MSG_NO_COLUMNS = "报表至少需要一栏。"
MSG_NO_ROWS = "报表至少需要一行。"
MSG_BAD_RELATION = "“{name}”不是{model}的关联记录。"
MSG_NOT_JSON = "“{field}”不是列表字段，不能用 contains。"

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
ALLOWED_LOOKUPS = {
    "exact",
    "in",
    "isnull",
    "gt",
    "gte",
    "lt",
    "lte",
    "range",
    "startswith",
    "contains",
    "year",
}
PLACEHOLDERS = ("$start", "$end")
BOOL_CHOICES = "true（是）、false（否）"


class SpecError(ValueError):
    """A declaration that cannot be used; `.messages` are the Chinese reasons."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("；".join(self.messages))


Cond = Callable[[dt.date, dt.date], models.Q]


def _always(start, end) -> models.Q:
    return models.Q()


@dataclass
class Leaf:
    """A column (or a row) that holds a condition."""

    key: str
    label: str
    cond: Cond = _always
    aggregate: str = "count"
    field: str = ""
    date_field: str | None = None  # None: the return's own; "": a stock on the end date
    parts: tuple[str, ...] = ()
    group: str = ""  # the group's label (merged header), if any

    def with_group(self, group_cond: Cond, group_label: str) -> Leaf:
        own = self.cond
        self.cond = lambda s, e: group_cond(s, e) & own(s, e)
        self.group = group_label
        return self


@dataclass
class RowSection:
    label: str
    items: list[Leaf]
    total: str = ""
    partition: bool = True
    by_region: bool = False
    by_relation: str = ""  # rows: the related records the period's records point to
    by_field: str = ""  # rows: the choices of this field (grouped by it in the query)


@dataclass
class ReturnSpec:
    name: str
    title: str
    model: type[models.Model]
    date_field: str
    columns: list[Leaf]
    sections: list[RowSection]
    form: str = ""
    unit: str = ""
    note: str = ""
    source: dict = field(default_factory=dict)

    @property
    def model_label(self) -> str:
        return f"{self.model._meta.app_label}.{self.model.__name__}"

    def column(self, key: str) -> Leaf | None:
        return next((c for c in self.columns if c.key == key), None)

    def header_groups(self) -> list[tuple[str, int]]:
        """(group label, span) across the columns, "" for a column without a group."""
        out: list[tuple[str, int]] = []
        for col in self.columns:
            if out and col.group and out[-1][0] == col.group:
                out[-1] = (col.group, out[-1][1] + 1)
            else:
                out.append((col.group, 1))
        return out


# --- the field catalogue ---------------------------------------------------------------------
def catalogue() -> list[dict[str, Any]]:
    """Every declared record type with the fields a return may use (for the admin's help)."""
    from sifa.core import registry

    out = []
    for rt in registry.record_types():
        model = rt.model
        fields = []
        for f in model._meta.concrete_fields:
            if f.name in ("id", "created_by", "deleted_at", "updated_at") or (
                f.name in getattr(model, "sensitive_fields", ())
            ):
                continue
            fields.append(
                {
                    "name": f.name,
                    "label": str(f.verbose_name),
                    "type": _kind(f),
                    "choices": [(str(v), str(lbl)) for v, lbl in (f.choices or [])],
                }
            )
        out.append(
            {
                "model": f"{model._meta.app_label}.{model.__name__}",
                "label": str(model._meta.verbose_name),
                "fields": fields,
            }
        )
    return out


def _kind(f) -> str:
    if f.choices:
        return "choice"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.BooleanField):
        return "bool"
    if isinstance(f, (models.IntegerField, models.DecimalField, models.FloatField)):
        return "number"
    if isinstance(f, models.JSONField):
        return "list"
    if f.is_relation:
        return "relation"
    return "text"


def _declared_models() -> dict[str, type[models.Model]]:
    from sifa.core import registry

    return {
        f"{rt.model._meta.app_label}.{rt.model.__name__}".lower(): rt.model
        for rt in registry.record_types()
    }


# --- parsing ---------------------------------------------------------------------------------
class _Parser:
    def __init__(self, model):
        self.model = model
        self.errors: list[str] = []
        self.verbose = str(model._meta.verbose_name)

    def err(self, msg: str) -> None:
        if msg not in self.errors:
            self.errors.append(msg)

    def field(self, model, path: str):
        """The model field at the end of `path` (one forward relation may be crossed)."""
        current = model
        f = None
        parts = path.split("__")
        for i, part in enumerate(parts):
            try:
                f = current._meta.get_field(part)
            except FieldDoesNotExist:
                self.err(MSG_UNKNOWN_FIELD.format(model=current._meta.verbose_name, field=part))
                return None
            if f.many_to_many or f.one_to_many:
                self.err(MSG_BAD_LOOKUP.format(lookup=path))
                return None
            if i < len(parts) - 1:
                if not f.is_relation or i >= 1:
                    self.err(MSG_BAD_LOOKUP.format(lookup=path))
                    return None
                current = f.related_model
        return f

    def value(self, f, lookup: str, value, path: str):
        if isinstance(value, str) and value in PLACEHOLDERS:
            return value
        values = value if isinstance(value, list) else [value]
        if lookup in ("isnull",):
            if not isinstance(value, bool):
                self.err(MSG_BAD_LOOKUP.format(lookup=path))
            return value
        if isinstance(f, models.BooleanField) and lookup == "exact" and not isinstance(value, bool):
            self.err(MSG_BAD_CHOICE.format(value=value, field=f.verbose_name, choices=BOOL_CHOICES))
            return value
        if f is not None and f.choices and lookup in ("exact", "in"):
            valid = {str(v) for v, _ in f.choices} | {""}  # "": not filled in yet
            for v in values:
                if str(v) not in valid:
                    self.err(
                        MSG_BAD_CHOICE.format(
                            value=v,
                            field=f.verbose_name,
                            choices="、".join(f"{k}（{lbl}）" for k, lbl in f.choices),
                        )
                    )
        if lookup in ("in", "range") and not isinstance(value, list):
            self.err(MSG_BAD_LOOKUP.format(lookup=path))
        return value

    def where(self, model, spec) -> Cond:
        """A condition builder (start, end) -> Q from the declaration's mapping or list."""
        if spec is None:
            return _always
        if isinstance(spec, list):
            parts = [self.where(model, s) for s in spec]
            return lambda s, e: _and(p(s, e) for p in parts)
        if not isinstance(spec, dict):
            self.err(MSG_BAD_LOOKUP.format(lookup=spec))
            return _always
        builders: list[Cond] = []
        for key, value in spec.items():
            key = str(key)
            if key == "not":
                inner = self.where(model, value)
                builders.append(lambda s, e, inner=inner: ~inner(s, e))
            elif key == "any":
                alts = [self.where(model, v) for v in (value if isinstance(value, list) else [])]
                if not alts:
                    self.err(MSG_BAD_LOOKUP.format(lookup="any"))
                builders.append(lambda s, e, alts=alts: _or(a(s, e) for a in alts))
            elif key == "has":
                builders.extend(self.has(model, value))
            elif key == "contains" and isinstance(value, dict):
                builders.extend(self.contains(model, value))
            else:
                builders.append(self.lookup(model, key, value))
        return lambda s, e: _and(b(s, e) for b in builders)

    def lookup(self, model, key: str, value) -> Cond:
        parts = key.split("__")
        lookup = "exact"
        if len(parts) > 1 and parts[-1] in ALLOWED_LOOKUPS:
            lookup = parts[-1]
            parts = parts[:-1]
        f = self.field(model, "__".join(parts))
        value = self.value(f, lookup, value, key)

        def build(start, end, key=key, value=value):
            v = (
                {"$start": start, "$end": end}.get(value, value)
                if isinstance(value, str)
                else value
            )
            return models.Q(**{key: v})

        return build

    def has(self, model, spec) -> list[Cond]:
        out: list[Cond] = []
        if not isinstance(spec, dict):
            self.err(MSG_BAD_LOOKUP.format(lookup="has"))
            return out
        for name, cond in spec.items():
            rel = next(
                (
                    r
                    for r in model._meta.related_objects
                    if r.get_accessor_name() == name and r.one_to_many
                ),
                None,
            )
            if rel is None:
                self.err(MSG_BAD_RELATION.format(name=name, model=model._meta.verbose_name))
                continue
            related = rel.related_model
            inner = self.where(related, cond)
            link = rel.field.name

            def build(s, e, related=related, inner=inner, link=link):
                manager = getattr(related, "objects", related._default_manager)
                sub = manager.filter(inner(s, e), **{link: models.OuterRef("pk")})
                return models.Q(models.Exists(sub))

            out.append(build)
        return out

    def contains(self, model, spec: dict) -> list[Cond]:
        out: list[Cond] = []
        for name, value in spec.items():
            f = self.field(model, str(name))
            if f is None:
                continue
            if not isinstance(f, models.JSONField):
                self.err(MSG_NOT_JSON.format(field=f.verbose_name))
                continue
            needle = f'"{value}"'

            def build(s, e, name=str(name), needle=needle):
                text = Cast(models.F(name), models.TextField())
                return models.Q(models.lookups.Contains(text, needle))

            out.append(build)
        return out

    def figure(self, fid: str) -> tuple[Cond, str | None, str]:
        """A figure's own rule, its date field ("" for a stock on the end date), and the field
        it sums ("" for a count) — a built-in figure or one the bureau defined (u.…)."""
        from sifa.core.indicators import registry

        ind = registry().get(fid)
        if ind is None or ind.kind in ("rate", "list", "text") or ind.window_years:
            self.err(MSG_UNKNOWN_FIGURE.format(fid=fid))
            return _always, None, ""
        if ind.model_class is not self.model:
            self.err(MSG_FIGURE_MODEL.format(fid=fid))
            return _always, None, ""
        where = ind.where

        def build(s, e, where=where):
            w = where(s, e) if callable(where) else where
            return w if w is not None else models.Q()

        return build, ind.date_field, ind.field if ind.kind == "sum" else ""

    def date(self, name) -> str | None:
        if name is None:
            return ""
        f = self.field(self.model, str(name))
        if f is not None and not isinstance(f, models.DateField):
            self.err(MSG_NOT_DATE.format(field=f.verbose_name))
        return str(name)

    def leaf(self, spec: dict, *, column: bool) -> Leaf:
        key = str(spec.get("key") or "")
        label = str(spec.get("label") or "")
        if not key:
            self.err(MSG_REQUIRED.format(key="key"))
        if not label:
            self.err(MSG_REQUIRED.format(key="label"))
        conds = []
        figure_date: str | None = None
        figure_sum = ""
        if "figure" in spec:
            cond, figure_date, figure_sum = self.figure(str(spec["figure"]))
            conds.append(cond)
        if "where" in spec:
            conds.append(self.where(self.model, spec["where"]))
        leaf = Leaf(key=key, label=label)
        if conds:
            leaf.cond = lambda s, e, conds=conds: _and(c(s, e) for c in conds)
        if column:
            # A column of a summing figure sums what the figure sums, unless it says otherwise.
            agg = spec.get("aggregate", "sum" if figure_sum else "count")
            if agg not in ("count", "sum"):
                self.err(MSG_BAD_AGGREGATE.format(value=agg))
            leaf.aggregate = agg
            if agg == "sum":
                fname = str(spec.get("field") or figure_sum or "")
                f = self.field(self.model, fname) if fname else None
                if not fname:
                    self.err(MSG_REQUIRED.format(key="field"))
                elif f is not None and not isinstance(
                    f, (models.IntegerField, models.DecimalField, models.FloatField)
                ):
                    self.err(MSG_NOT_NUMBER.format(field=f.verbose_name))
                leaf.field = fname
            if "date_field" in spec:
                leaf.date_field = self.date(spec["date_field"])
            elif figure_date is not None:
                leaf.date_field = figure_date
            leaf.parts = tuple(str(p) for p in spec.get("parts", ()) or ())
        return leaf

    def columns(self, specs) -> list[Leaf]:
        out: list[Leaf] = []
        for spec in specs or []:
            if not isinstance(spec, dict):
                self.err(MSG_NOT_MAPPING)
                continue
            if "children" in spec:
                gcond = self.where(self.model, spec.get("where"))
                glabel = str(spec.get("label") or "")
                if not glabel:
                    self.err(MSG_REQUIRED.format(key="label"))
                leaves = [self.leaf(c, column=True) for c in spec["children"] or []]
                if "date_field" in spec:
                    for lf in leaves:
                        if lf.date_field is None:
                            lf.date_field = self.date(spec["date_field"])
                if spec.get("total"):
                    # The subtotal counts what any of its columns counts (checked = their sum).
                    conds = [lf.cond for lf in leaves]
                    sub = Leaf(
                        cond=lambda s, e, conds=conds: _or(c(s, e) for c in conds),
                        key=str(spec.get("key") or glabel),
                        label=str(spec["total"]),
                        parts=tuple(lf.key for lf in leaves),
                        aggregate=leaves[0].aggregate if leaves else "count",
                        field=leaves[0].field if leaves else "",
                        date_field=leaves[0].date_field if leaves else None,
                    )
                    leaves = [sub, *leaves]
                out += [lf.with_group(gcond, glabel) for lf in leaves]
            else:
                out.append(self.leaf(spec, column=True))
        return out

    def sections(self, specs) -> list[RowSection]:
        out: list[RowSection] = []
        for spec in specs or []:
            if not isinstance(spec, dict):
                self.err(MSG_NOT_MAPPING)
                continue
            total = str(spec.get("total") or "")
            label = str(spec.get("label") or "")
            by = spec.get("by")
            if by == "region":
                out.append(RowSection(label, [], total, True, by_region=True))
                continue
            if by:
                f = self.field(self.model, str(by))
                items = []
                if f is not None and f.many_to_one:
                    out.append(RowSection(label, [], total, True, by_relation=str(by)))
                    continue
                if f is not None and not f.choices:
                    self.err(MSG_NOT_CHOICE.format(field=f.verbose_name))
                elif f is not None:
                    for value, text in f.choices:
                        items.append(
                            Leaf(
                                key=str(value),
                                label=str(text),
                                cond=lambda s, e, by=str(by), v=value: models.Q(**{by: v}),
                            )
                        )
                out.append(
                    RowSection(
                        label, items, total, bool(spec.get("partition", True)), by_field=str(by)
                    )
                )
                continue
            items = [self.leaf(i, column=False) for i in spec.get("items") or []]
            out.append(RowSection(label, items, total, bool(spec.get("partition", False))))
        return out


def _and(qs) -> models.Q:
    out = models.Q()
    for q in qs:
        out &= q
    return out


def _or(qs) -> models.Q:
    out = None
    for q in qs:
        out = q if out is None else out | q
    return out if out is not None else models.Q(pk__in=[])


def load_text(text: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError([MSG_BAD_YAML.format(error=str(exc).splitlines()[0])])
    if not isinstance(data, dict):
        raise SpecError([MSG_NOT_MAPPING])
    return data


def parse(data: dict) -> ReturnSpec:
    """A declaration as a ReturnSpec (SpecError with every problem found)."""
    if not isinstance(data, dict):
        raise SpecError([MSG_NOT_MAPPING])
    errors = []
    for key in ("name", "title", "model", "columns", "rows"):
        if not data.get(key):
            errors.append(MSG_REQUIRED.format(key=key))
    if errors:
        raise SpecError(errors)
    name = str(data["name"])
    if not NAME_RE.match(name):
        errors.append(MSG_BAD_NAME.format(name=name))
    model = _declared_models().get(str(data["model"]).lower())
    if model is None:
        try:
            apps.get_model(str(data["model"]))
        except (LookupError, ValueError):
            pass
        raise SpecError([*errors, MSG_UNKNOWN_MODEL.format(model=data["model"])])
    p = _Parser(model)
    p.errors = errors
    date_field = p.date(data.get("date_field")) or ""
    columns = p.columns(data["columns"])
    sections = p.sections(data["rows"])
    if not columns:
        p.err(MSG_NO_COLUMNS)
    if not sections:
        p.err(MSG_NO_ROWS)
    keys = [c.key for c in columns]
    for k in {k for k in keys if keys.count(k) > 1}:
        p.err(MSG_DUP_KEY.format(key=k))
    for c in columns:
        for part in c.parts:
            if part not in keys:
                p.err(MSG_BAD_PART.format(key=c.key, part=part))
    for section in sections:
        rkeys = [i.key for i in section.items]
        for k in {k for k in rkeys if rkeys.count(k) > 1}:
            p.err(MSG_DUP_KEY.format(key=k))
    if p.errors:
        raise SpecError(p.errors)
    return ReturnSpec(
        name=name,
        title=str(data["title"]),
        model=model,
        date_field=date_field,
        columns=columns,
        sections=sections,
        form=str(data.get("form") or ""),
        unit=str(data.get("unit") or ""),
        note=str(data.get("note") or ""),
        source=data,
    )
