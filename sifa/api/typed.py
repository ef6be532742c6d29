"""Typed serializer fields for the records' JSON columns, so the schema says what they hold and
a value of the wrong kind is a Chinese 400 (never a server error):

- `recipient_groups` (a legal-aid case's 受援人群体): an array of the RecipientGroup codes;
- `quantities` (an activity's 数量): an object keyed by measure code, each a non-negative
  integer; which measures an activity type counts is in `/api/core/activitytype/` (its
  `measures`), and the model's rule refuses a measure its type does not count.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

MSG_QUANTITY = "数量应为不小于0的整数。"
MSG_NOT_OBJECT = '应为对象，如 {{"attendees": 80}}。'  # braces doubled: a format string
MSG_NOT_LIST = '应为代码的数组，如 ["minor", "elderly"]。'
MSG_GROUP = "“{input}”不是可选的受援人群体。"


class QuantitiesField(serializers.DictField):
    default_error_messages = {"not_a_dict": MSG_NOT_OBJECT}

    def __init__(self, **kwargs):
        child = serializers.IntegerField(
            min_value=0,
            error_messages={
                "invalid": MSG_QUANTITY,
                "min_value": MSG_QUANTITY,
                "max_string_length": MSG_QUANTITY,
            },
        )
        super().__init__(child=child, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, dict) and any(isinstance(v, bool) for v in data.values()):
            self.fail("not_a_dict", input_type=type(data).__name__)
        values = super().to_internal_value(data)
        return {k: v for k, v in values.items()}


class QuantitiesExtension(OpenApiSerializerFieldExtension):
    target_class = QuantitiesField

    def map_serializer_field(self, auto_schema, direction):
        from django.db import DatabaseError

        from sifa.core.models import ActivityType, Measure

        counted: dict[str, list[str]] = {}
        try:
            for t in ActivityType.objects.prefetch_related("measures").order_by("code"):
                for m in t.measures.all():
                    counted.setdefault(m.code, []).append(t.code)
            measures = list(Measure.objects.order_by("code"))
        except (DatabaseError, RuntimeError):  # read without a database (a test collection)
            measures = []
        count = {"type": "integer", "minimum": 0}
        return {
            "type": "object",
            "description": "各计量指标的数量（键为指标代码）；活动类型计量哪些指标见其 measures，"
            "不计量的指标被拒绝。",
            "properties": {
                m.code: {
                    **count,
                    "description": f"{m.name}（{m.unit}）；计量此项的活动类型："
                    + "、".join(counted.get(m.code, [])),
                }
                for m in measures
            },
            "additionalProperties": count,
        }


def _recipient_groups():
    from sifa.legalaid.models import RecipientGroup

    return serializers.ListField(
        child=serializers.ChoiceField(
            choices=RecipientGroup.choices, error_messages={"invalid_choice": MSG_GROUP}
        ),
        required=False,
        error_messages={"not_a_list": MSG_NOT_LIST},
        help_text="受援人群体：" + "，".join(f"{v} {label}" for v, label in RecipientGroup.choices),
    )


def fields_for(model) -> dict:
    """The typed fields that replace the model serializer's free JSON ones for `model`."""
    out: dict = {}
    names = {f.name for f in model._meta.concrete_fields}
    label = model._meta.label
    if label == "core.Activity" and "quantities" in names:
        out["quantities"] = QuantitiesField(required=False, help_text="数量（按计量指标代码）")
    if label.startswith("legalaid.") and "recipient_groups" in names:
        out["recipient_groups"] = _recipient_groups()
    return out
