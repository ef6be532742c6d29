"""Sheets derived from model declarations: one sheet per record type, one column per field.

Nothing here is written per model: headers are the fields' Chinese verbose names, choices
become dropdowns, foreign keys are written and read by name (regions also by code), and the
natural key that matches a re-imported row to its record is the one its record type declares
(`natural_key` in records.py, else the model's `natural_key_fields`),
else its unconditional unique fields, else the whole row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db import models

from sifa.core import registry
from sifa.core.models import (
    Activity,
    ActivityType,
    CaseEvent,
    CountyProfile,
    Measure,
    PeriodOverride,
    Record,
    Region,
    Unit,
)

BOOKKEEPING = {"created_at", "updated_at", "created_by", "deleted_at"}
AUTO_FIELDS = (models.AutoField, models.BigAutoField, models.SmallAutoField)
KIND_HELP = {
    "text": "文字",
    "int": "整数",
    "decimal": "数字",
    "date": "日期，如 2022-03-01",
    "bool": "是 / 否",
    "choice": "从下拉列表中选择",
    "region": "区域名称（如 白石镇、东关村）或12位区划代码",
    "unit": "机构名称或简称",
    "fk": "填写对应记录的名称；重名的记录在名称后带识别码，如“张三（识别码3f9a2c）”（导出文件已自动填写）",
    "measure": "整数",
    "multi": "多个选项用顿号“、”分隔",
}


@dataclass
class Column:
    header: str
    name: str  # model field name, or "measure:<code>" for an Activity quantity
    kind: str
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    max_length: int | None = None
    help_text: str = ""
    related: type[models.Model] | None = None
    # what a blank cell means for a field with a default (its model default, called per cell)
    default: Callable[[], object] | None = None

    @property
    def format_help(self) -> str:
        return KIND_HELP[self.kind]


def _kind(f: models.Field) -> str:
    if f.is_relation:
        if f.related_model is Region:
            return "region"
        if f.related_model is Unit:
            return "unit"
        return "fk"
    if f.choices:
        return "choice"
    if isinstance(f, models.BooleanField):
        return "bool"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.IntegerField):
        return "int"
    if isinstance(f, models.DecimalField | models.FloatField):
        return "decimal"
    if isinstance(f, models.JSONField):
        return "multi"
    return "text"


def _required(f: models.Field) -> bool:
    if isinstance(f, models.BooleanField):
        # a yes/no cell left blank is the field's default; without one it must be filled
        return not f.null and not f.has_default()
    return not f.blank and not f.null and not f.has_default()


class SheetSpec:
    """How one record type lives in a workbook."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.title = str(model._meta.verbose_name_plural)[:31]

    def __repr__(self) -> str:
        return f"<SheetSpec {self.model.__name__}>"

    @cached_property
    def columns(self) -> list[Column]:
        cols = []
        for f in self.model._meta.concrete_fields:
            # Fields the workflow stamps (editable=False, e.g. a closing date) are columns too:
            # an import of past years' cases must carry them, and an export must round-trip.
            if (f.primary_key and isinstance(f, AUTO_FIELDS)) or f.name in BOOKKEEPING:
                continue  # a chosen primary key (a region's code) is a column, a serial is not
            if isinstance(f, models.JSONField) and self.model is Activity:
                continue  # quantities: one column per measure below
            kind = _kind(f)
            cols.append(
                Column(
                    header=str(f.verbose_name),
                    name=f.name,
                    kind=kind,
                    required=_required(f),
                    choices=[(str(k), str(v)) for k, v in (f.choices or [])],
                    max_length=getattr(f, "max_length", None),
                    help_text=str(f.help_text or ""),
                    related=f.related_model if f.is_relation else None,
                    default=f.get_default if f.has_default() else None,
                )
            )
        if self.model is Activity:
            for m in Measure.objects.order_by("code"):
                cols.append(
                    Column(header=f"{m.name}（{m.unit}）", name=f"measure:{m.code}", kind="measure")
                )
        # region first: it is how a clerk thinks of a record
        cols.sort(key=lambda c: c.name != "region")
        return cols

    @cached_property
    def natural_key(self) -> tuple[str, ...]:
        rt = registry.find(self.model)
        declared = rt.key_fields if rt else getattr(self.model, "natural_key_fields", None)
        if declared:
            return tuple(declared)
        for f in self.model._meta.concrete_fields:
            if f.primary_key and not isinstance(f, AUTO_FIELDS):
                return (f.name,)  # a chosen key, e.g. a region's 12-digit code
        for f in self.model._meta.concrete_fields:
            # a nullable unique link (a renewal's original, a case's application) is not a key:
            # every row without one would share the key "empty"
            if f.unique and not f.primary_key and not f.null:
                return (f.name,)
        for constraint in self.model._meta.constraints:
            if (
                isinstance(constraint, models.UniqueConstraint)
                and constraint.condition is None
                and constraint.fields
            ):
                return tuple(constraint.fields)
        return ()

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)

    def column_by_name(self, name: str) -> Column:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}


def record_models() -> list[type[models.Model]]:
    """Every record type's table, as the registry declares them (core first, then by line)."""
    return registry.record_models()


def organisation_models() -> list[type[models.Model]]:
    """What setup puts in an installation (the region tree, units incl. the legal service
    platforms, the county profile, its period overrides): sheets only the system or an
    administrator may import, so that one workbook can fill an installation that has only
    been migrated. The activity catalogue comes from a migration and has no sheet."""
    return [Region, Unit, CountyProfile, PeriodOverride]


# Kept out of workbooks on purpose: the case timeline (a generic link to any case, written by
# the workflow as a case moves) and the activity catalogue (loaded by a migration).
NO_SHEET = {CaseEvent, Measure, ActivityType}


def business_models() -> list[type[models.Model]]:
    """Every record type plus the child tables a record or a figure depends on (a mediation
    case's parties, a committee's members, a correction team, a cleanup round's items, a
    plan item's progress): every concrete model of a business line app, and core activities."""
    found = record_models()
    line_apps = {app.rsplit(".", 1)[-1] for app in settings.SIFA_LINE_APPS}
    children = [
        m
        for m in apps.get_models()
        if m._meta.app_label in line_apps
        and not m._meta.proxy
        and m not in found
        and m not in NO_SHEET
    ]
    children.sort(key=lambda m: (m._meta.app_label, m.__name__))
    return found + children


def _dependency_order(found: list[type[models.Model]]) -> list[type[models.Model]]:
    """`found` with every model after the models its foreign keys point to (stable)."""
    ordered: list[type[models.Model]] = []
    pending = list(found)
    while pending:
        for model in pending:
            needs = {
                f.related_model._meta.concrete_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model._meta.concrete_model is not model
            }
            if not any(m._meta.concrete_model in needs for m in pending if m is not model):
                ordered.append(model)
                pending.remove(model)
                break
        else:  # a cycle between two tables: keep the declared order for the rest
            ordered += pending
            break
    return ordered


def sheet_models(*, organisation: bool = True) -> list[type[models.Model]]:
    """Every type a workbook may hold, parents before children (the order an import reads
    and writes them in, whatever the order of sheets in the file)."""
    found = (organisation_models() if organisation else []) + business_models()
    return _dependency_order(found)


def parent_link(model):
    """A child table's link to the record it belongs to (its first link to a record), or None."""
    return next(
        (
            f
            for f in model._meta.concrete_fields
            if f.is_relation and issubclass(f.related_model, Record)
        ),
        None,
    )


def is_organisation(model) -> bool:
    return model._meta.concrete_model in organisation_models()


def specs() -> dict[str, SheetSpec]:
    """Sheet title → spec, for every type a workbook may hold, in dependency order."""
    out = {}
    for model in sheet_models():
        spec = SheetSpec(model)
        out[spec.title] = spec
    return out


def spec_for(model_or_label) -> SheetSpec:
    if isinstance(model_or_label, str):
        for spec in specs().values():
            m = spec.model
            if model_or_label in (m._meta.label_lower, m._meta.model_name, spec.title):
                return spec
        raise KeyError(model_or_label)
    return SheetSpec(model_or_label)
