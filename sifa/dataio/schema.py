"""Sheets derived from model declarations: one sheet per record type, one column per field.

Nothing here is written per model: headers are the fields' Chinese verbose names, choices
become dropdowns, foreign keys are written and read by name (regions also by code), and the
natural key that matches a re-imported row to its record is the model's `natural_key_fields`,
else its unconditional unique fields, else the whole row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib import admin
from django.db import models

from sifa.core.models import Activity, Measure, Record, Region, Unit

BOOKKEEPING = {"created_at", "updated_at", "created_by", "deleted_at"}
KIND_HELP = {
    "text": "文字",
    "int": "整数",
    "decimal": "数字",
    "date": "日期，如 2022-03-01",
    "bool": "是 / 否",
    "choice": "从下拉列表中选择",
    "region": "区域名称（如 白石镇、东关村）或12位区划代码",
    "unit": "机构名称或简称",
    "fk": "填写对应记录的名称",
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
        return False
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
            if f.primary_key or f.name in BOOKKEEPING:
                continue
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
        declared = getattr(self.model, "natural_key_fields", None)
        if declared:
            return tuple(declared)
        for f in self.model._meta.concrete_fields:
            if f.unique and not f.primary_key:
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
        return next(c for c in self.columns if c.name == name)


def record_models() -> list[type[models.Model]]:
    """Every record type with an entry screen: concrete Record subclasses in the admin."""
    found = []
    for model in admin.site._registry:
        if issubclass(model, Record) and not model._meta.proxy and model not in found:
            found.append(model)
    found.sort(key=lambda m: (m._meta.app_label != "core", m._meta.app_label, m.__name__))
    return found


def specs() -> dict[str, SheetSpec]:
    """Sheet title → spec, for every record type."""
    out = {}
    for model in record_models():
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
