"""Typed activities: events without a workflow, each of a catalogued type measuring quantities.

The catalogue (ActivityType, Measure) is data: loaded from core/fixtures/activity_types.json by
a migration and extended by an administrator without code.
"""

from django.core.exceptions import ValidationError
from django.db import models

from ..lines import Line
from .records import Record
from .units import Unit


class Measure(models.Model):
    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40)
    unit = models.CharField("计量单位", max_length=10)

    class Meta:
        verbose_name = "计量指标"
        verbose_name_plural = "计量指标"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class ActivityType(models.Model):
    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    line = models.CharField("业务条线", max_length=20, choices=Line.choices, db_index=True)
    measures = models.ManyToManyField(Measure, verbose_name="计量指标", blank=True)
    needs_theme = models.BooleanField("需填写主题", default=False)
    description = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "活动类型"
        verbose_name_plural = "活动类型"
        ordering = ["line", "code"]

    def __str__(self) -> str:
        return self.name


class Activity(Record):
    type = models.ForeignKey(ActivityType, verbose_name="活动类型", on_delete=models.PROTECT)
    date = models.DateField("日期", db_index=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="组织单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("名称", max_length=200)
    theme = models.CharField("主题", max_length=200, blank=True)
    quantities = models.JSONField("数量", default=dict, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["type", "date"]), models.Index(fields=["region", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("date")),
                name="activity_end_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def line(self) -> str:  # type: ignore[override]
        # No type yet (an empty form): no line, so the write check refuses before validation
        # would have said that the type is required.
        return self.type.line if self.type_id else ""

    @classmethod
    def line_q(cls, lines):
        """A proxy that serves one line declares `line = Line.X`; the base spans all lines."""
        own = cls.__dict__.get("line")
        if isinstance(own, str):
            return models.Q(type__line=own) if own in lines else None
        return models.Q(type__line__in=list(lines)) if lines else None

    def quantity(self, code: str) -> int:
        return int(self.quantities.get(code) or 0)

    def clean(self):
        errors = {}
        if self.type_id:
            allowed = {m.code: m for m in self.type.measures.all()}
            for code, value in (self.quantities or {}).items():
                if code not in allowed:
                    errors["quantities"] = f"活动类型“{self.type.name}”不计量“{code}”。"
                elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    errors["quantities"] = f"“{allowed[code].name}”应为不小于0的整数。"
            if self.type.needs_theme and not self.theme:
                errors["theme"] = f"“{self.type.name}”须填写活动主题。"
        if errors:
            raise ValidationError(errors)
