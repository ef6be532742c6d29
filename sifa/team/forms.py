"""Entry form of typed activities: one whole-number field per measure instead of raw JSON."""

from __future__ import annotations

from django import forms

from sifa.core.errors import RuleViolation
from sifa.core.models import Activity, ActivityType, Measure

from .services import QUANTITY_FIELD, activity_quantities

ACTIVITY_FIELDS = ["type", "date", "end_date", "title", "theme", "region", "unit", "note"]


class ActivityQuantitiesForm(forms.ModelForm):
    """Base form; `activity_form(group)` adds the measures of the group's types."""

    group = None  # the proxy model (one of models.ACTIVITY_GROUPS)
    measure_codes: tuple[str, ...] = ()

    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "type" in self.fields and self.group is not None:
            self.fields["type"].queryset = ActivityType.objects.filter(
                code__in=self.group.type_codes, active=True
            ).order_by("code")
        stored = self.instance.quantities or {}
        for code in self.measure_codes:
            self.initial.setdefault(QUANTITY_FIELD.format(code=code), stored.get(code))

    def clean(self):
        cleaned = super().clean()
        activity_type = cleaned.get("type")
        if activity_type is not None:
            values = {c: cleaned.get(QUANTITY_FIELD.format(code=c)) for c in self.measure_codes}
            try:
                self._quantities = activity_quantities(activity_type, values)
            except RuleViolation as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned

    def _post_clean(self):
        if hasattr(self, "_quantities"):
            self.instance.quantities = self._quantities
        super()._post_clean()


def activity_form(group) -> type[ActivityQuantitiesForm]:
    """A form class for `group` with one field per measure its types record (read from the
    catalogue on each call, so a measure an administrator adds appears without code)."""
    measures = list(
        Measure.objects.filter(activitytype__code__in=group.type_codes).distinct().order_by("pk")
    )
    attrs = {"group": group, "measure_codes": tuple(m.code for m in measures)}
    for m in measures:
        kinds = "、".join(
            ActivityType.objects.filter(code__in=group.type_codes, measures=m)
            .order_by("code")
            .values_list("name", flat=True)
        )
        attrs[QUANTITY_FIELD.format(code=m.code)] = forms.IntegerField(
            label=f"{m.name}（{m.unit}）", required=False, help_text=f"适用于：{kinds}。"
        )
    meta = type("Meta", (), {"model": group, "fields": ACTIVITY_FIELDS})
    attrs["Meta"] = meta
    return type(f"{group.__name__}Form", (ActivityQuantitiesForm,), attrs)
