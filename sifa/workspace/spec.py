"""What the workspace's pages show of a record type: its declaration in the registry, or
defaults derived from the model where the declaration says nothing.

Every page of the workspace reads these functions, never a line's own admin: a new record type
declared in `records.py` gets its list, record page and forms as it is.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import models

from sifa.core import registry
from sifa.core.lines import Line
from sifa.core.models import Record, Region

# Fields every record carries that a clerk never types in.
SYSTEM_FIELDS = frozenset({"id", "created_at", "updated_at", "created_by", "deleted_at"})
# Dates named like a step done ("…_on") that name a planned or running date instead.
PLANNED_DATES = frozenset(
    {"due_on", "end_on", "ends_on", "start_on", "starts_on", "to_on", "from_on"}
)
# Long text left out of list columns.
LIST_WIDTH = 7  # columns that fit a 1366 px screen beside the record's name
NUMBER_FIELDS = ("case_number", "number")
PARTY_FIELDS = ("name", "applicant", "applicant_name", "title", "subject_name")


@dataclass(frozen=True)
class Column:
    name: str
    label: str


def slug(rt: registry.RecordType) -> tuple[str, str]:
    return rt.model._meta.app_label, rt.model._meta.model_name


def by_slug(app: str, model: str) -> registry.RecordType | None:
    return _by_slug().get((app, model))


@functools.cache
def _by_slug() -> dict[tuple[str, str], registry.RecordType]:
    return {slug(rt): rt for rt in workspace_types()}


def workspace_types() -> list[registry.RecordType]:
    """The declared record types the workspace serves: every business record."""
    return [rt for rt in registry.record_types() if issubclass(rt.model, Record)]


def line_label(rt: registry.RecordType) -> str:
    if rt.line:
        return str(Line(rt.line).label) if rt.line in Line.values else rt.line
    from django.apps import apps

    return str(apps.get_app_config(rt.model._meta.app_label).verbose_name)


def fields_of(model) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.concrete_fields}


def pipeline_fields(model) -> set[str]:
    pipeline = getattr(model, "pipeline", None)
    if pipeline is None:
        return set()
    return {pipeline.field, *pipeline.stamps.values()}


def form_fields(rt: registry.RecordType) -> list[str]:
    """The fields the create and edit forms ask for: declared, else every editable field
    except the system's and those the declared moves set (status, the dates it stamps)."""
    if rt.form_fields:
        return list(rt.form_fields)
    skip = set(SYSTEM_FIELDS)
    if rt.moves:
        skip |= pipeline_fields(rt.model)
    return [
        f.name
        for f in rt.model._meta.concrete_fields
        if f.editable and not f.auto_created and f.name not in skip
    ]


def number_field(rt: registry.RecordType) -> str | None:
    names = fields_of(rt.model)
    return next((n for n in NUMBER_FIELDS if n in names), None)


def party_child(rt: registry.RecordType) -> tuple[registry.Child, str] | None:
    """The child table holding the parties' names (a mediation case's parties), if any."""
    for child in rt.children:
        names = fields_of(child.model)
        if "name" in names:
            fk = child.model._meta.get_field(child.link)
            return child, fk.remote_field.get_accessor_name() or ""
    return None


def search_fields(rt: registry.RecordType) -> list[str]:
    """Case number and party names: declared, else the number field, the record's own name
    fields and its parties' names."""
    if rt.search_fields:
        return list(rt.search_fields)
    names = fields_of(rt.model)
    out = [n for n in NUMBER_FIELDS if n in names]
    out += [n for n in PARTY_FIELDS if n in names and isinstance(names[n], models.CharField)]
    party = party_child(rt)
    if party is not None:
        fk = party[0].model._meta.get_field(party[0].link)
        out.append(f"{fk.related_query_name()}__name")
    if not out:
        out = [
            f.name
            for f in rt.model._meta.concrete_fields
            if isinstance(f, models.CharField) and not f.choices and f.name not in SYSTEM_FIELDS
        ][:2]
    return out


def list_columns(rt: registry.RecordType) -> list[Column]:
    """The list's columns: declared, else up to LIST_WIDTH short fields (choices, dates,
    links, numbers, short text), the parties' names where the type has them."""
    names = fields_of(rt.model)
    if rt.list_display:
        chosen = list(rt.list_display)
    else:
        chosen = []
        for f in rt.model._meta.concrete_fields:
            if f.name in SYSTEM_FIELDS or f.name in NUMBER_FIELDS:
                continue
            if isinstance(f, models.TextField) or isinstance(f, models.JSONField):
                continue
            if f.name in registry.sensitive_fields(rt.model):
                continue
            if isinstance(f, models.CharField) and not f.choices and f.max_length > 100:
                continue
            chosen.append(f.name)
        if party_child(rt) is not None:
            chosen = chosen[: LIST_WIDTH - 1] + ["parties"]
        chosen = chosen[:LIST_WIDTH]
    out = []
    for name in chosen:
        if name == "parties":
            # The child table's own name: 当事人 of a case, 委员 of a committee.
            party = party_child(rt)
            label = str(party[0].model._meta.verbose_name_plural) if party else "当事人"
            out.append(Column(name, label))
        elif name in names:
            out.append(Column(name, str(names[name].verbose_name)))
    return out


def list_filters(rt: registry.RecordType) -> list[str]:
    if rt.list_filters:
        return list(rt.list_filters)
    out = []
    for f in rt.model._meta.concrete_fields:
        if f.name in SYSTEM_FIELDS:
            continue
        if f.choices or isinstance(f, models.BooleanField):
            out.append(f.name)
    return out[:4]


def date_field(rt: registry.RecordType) -> str | None:
    if rt.date_field:
        return rt.date_field
    for f in rt.model._meta.concrete_fields:
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            if f.name not in SYSTEM_FIELDS:
                return f.name
    return None


def links_of(model, depth: int = 2) -> list[str]:
    """The model's link fields and theirs, `depth` levels down (what a row's cells and the
    linked records' names read), for select_related: one query per page, not one per row."""
    out = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.ForeignKey):
            continue
        out.append(f.name)
        if depth > 1 and f.related_model is not model:
            out += [f"{f.name}__{n}" for n in links_of(f.related_model, depth - 1)]
    return out


def related_fields(rt: registry.RecordType, names) -> list[str]:
    """The link fields among `names`, for select_related (one query per list page)."""
    fields = fields_of(rt.model)
    return [n for n in names if n in fields and isinstance(fields[n], models.ForeignKey)]


def sections(rt: registry.RecordType) -> list[tuple[str, list[str]]]:
    """The record page's sections: declared, else 基本情况 (the form's fields), 办理情况 (the
    status and the dates the steps stamp) and 登记信息 (region, who and when)."""
    if rt.sections:
        return [(title, list(names)) for title, names in rt.sections]
    names = fields_of(rt.model)
    order = list(names)
    steps = sorted((n for n in pipeline_fields(rt.model) if n in names), key=order.index)
    main = [n for n in form_fields(rt) if n not in steps and n != "region"]
    derived = [
        n
        for n, f in names.items()
        if not f.editable and n not in SYSTEM_FIELDS and n not in steps and n not in main
    ]
    out = [("基本情况", main)]
    if steps or derived:
        out.append(("办理情况", steps + derived))
    out.append(("登记信息", ["region", "created_at", "created_by", "updated_at"]))
    return [(t, ns) for t, ns in out if ns]


def step_dates(rt: registry.RecordType, names) -> list[str]:
    """Date fields among `names` that record a step already done: no day after today."""
    fields = fields_of(rt.model)
    out = []
    for n in names:
        f = fields.get(n)
        if not isinstance(f, models.DateField) or isinstance(f, models.DateTimeField):
            continue
        if n in rt.future_dates or n in PLANNED_DATES or not n.endswith("_on"):
            continue
        out.append(n)
    return out


def region_field(rt: registry.RecordType) -> models.Field | None:
    f = fields_of(rt.model).get("region")
    return f if f is not None and f.related_model is Region else None


def anchor(label: str) -> str:
    """The index page's anchor of a line (its position among the lines)."""
    labels = []
    for rt in workspace_types():
        name = line_label(rt)
        if name not in labels:
            labels.append(name)
    return f"line-{labels.index(label)}" if label in labels else "line"
