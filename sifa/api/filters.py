"""The list filters of every record endpoint, declared (django-filter) so the schema lists them
and a bad value answers a Chinese 400 instead of reaching the query.

Every record type: `region` (a county or township code: its records and those of the villages
under it), `start`/`end` (its date field, inclusive), `q` (text search in its text fields). A
type with a status: `status`. A type with deadlines the system computes (fields named *due*):
`deadline` (逾期 overdue, 即将到期 soon, 正常 ok, for records still open).
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce

import django_filters
from django.db import models
from rest_framework import serializers

from sifa.core import registry
from sifa.core.deadlines import DeadlineState

MSG_UNKNOWN_REGION = "未知的区划代码“{code}”。"
MSG_PERIOD = "开始日期不能晚于结束日期。"
DEADLINE_CHOICES = [
    (DeadlineState.OVERDUE.value, DeadlineState.OVERDUE.label),
    (DeadlineState.SOON.value, DeadlineState.SOON.label),
    (DeadlineState.OK.value, DeadlineState.OK.label),
]


def date_field_of(model) -> str | None:
    declared = getattr(model, "api_date_field", None)
    if declared:
        return declared
    for f in model._meta.concrete_fields:
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return f.name
    return None


def due_fields_of(model) -> list[str]:
    """The deadlines the system computes for the type (read-only date fields named *due*)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and not f.editable and "due" in f.name
    ]


def text_fields_of(model) -> list[str]:
    from sifa.core import registry

    hidden = registry.sensitive_fields(model)
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in hidden
    ]


def status_field_of(model):
    try:
        f = model._meta.get_field("status")
    except Exception:
        return None
    return f if getattr(f, "choices", None) else None


def _region(queryset, name, value):
    from sifa.core.models import Region

    region = Region.objects.filter(code=value).first()
    if region is None:
        raise serializers.ValidationError({"region": [MSG_UNKNOWN_REGION.format(code=value)]})
    return queryset.filter(region__code__startswith=region.prefix)


def _search(fields):
    def search(queryset, name, value):
        value = value.strip()
        if not value or not fields:
            return queryset
        q = reduce(operator.or_, (models.Q(**{f"{f}__icontains": value}) for f in fields))
        return queryset.filter(q)

    return search


def _deadline(rt):
    pipeline = getattr(rt.model, "pipeline", None)

    def deadline(queryset, name, value):
        today = dt.date.today()
        q = reduce(operator.or_, (due.q(value, today) for due in rt.due_dates()))
        if pipeline is not None and not rt.deadlines:  # declared deadlines say when they run
            statuses = [s for s, _ in status_field_of(rt.model).choices if pipeline.is_final(s)]
            q &= ~models.Q(**{f"{pipeline.field}__in": statuses})
        return queryset.filter(q)

    return deadline


class RecordFilterSet(django_filters.FilterSet):
    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise serializers.ValidationError({"start": [MSG_PERIOD]})
        return super().filter_queryset(queryset)


def filterset_for(model) -> type[django_filters.FilterSet]:
    attrs: dict = {
        "region": django_filters.CharFilter(
            method=_region, label="区划代码：县或乡镇（街道）的12位代码，含其下辖村（社区）"
        )
    }
    date_field = date_field_of(model)
    if date_field:
        verbose = model._meta.get_field(date_field).verbose_name
        attrs["start"] = django_filters.DateFilter(
            field_name=date_field, lookup_expr="gte", label=f"{verbose}起（含），如2022-01-01"
        )
        attrs["end"] = django_filters.DateFilter(
            field_name=date_field, lookup_expr="lte", label=f"{verbose}止（含），如2022-12-31"
        )
    status = status_field_of(model)
    if status is not None:
        attrs["status"] = django_filters.ChoiceFilter(
            field_name="status", choices=status.choices, label="状态"
        )
    rt = registry.find(model)
    if rt is not None and rt.due_dates():
        attrs["deadline"] = django_filters.ChoiceFilter(
            choices=DEADLINE_CHOICES,
            method=_deadline(rt),
            label="期限状态（未办结的记录）：overdue 已超期，soon 即将到期，ok 正常",
        )
    attrs["q"] = django_filters.CharFilter(
        method=_search(text_fields_of(model)), label="按文字查找（名称、案号等文字字段）"
    )
    meta = type("Meta", (), {"model": model, "fields": []})
    attrs["Meta"] = meta
    return type(f"{model.__name__}FilterSet", (RecordFilterSet,), attrs)
