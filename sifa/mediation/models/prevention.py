"""Prevention: dispute screening rounds (矛盾纠纷排查) and disputes prevented (预防纠纷)."""

from __future__ import annotations

from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Activity, Record
from sifa.core.models.records import LiveManager

from .cases import DisputeType

SCREENING_TYPE = "dispute_screening"
SCREENING_MEASURE = "disputes_found"


class ScreeningManager(LiveManager):
    def get_queryset(self):
        return super().get_queryset().filter(type__code=SCREENING_TYPE)


class DisputeScreening(Activity):
    """矛盾纠纷排查: the core Activity of type `dispute_screening`, with its own entry screen."""

    objects = ScreeningManager()

    class Meta:
        proxy = True
        default_manager_name = "objects"
        verbose_name = "矛盾纠纷排查"
        verbose_name_plural = "矛盾纠纷排查"
        ordering = ["-date", "-id"]

    @property
    def disputes_found(self) -> int:
        return self.quantity(SCREENING_MEASURE)


class PreventedDispute(Record):
    """预防纠纷: a dispute found (usually in screening) and defused before it became a case."""

    line = Line.MEDIATION

    date = models.DateField("化解日期", db_index=True)
    dispute_type = models.CharField("纠纷类型", max_length=30, choices=DisputeType.choices)
    summary = models.CharField("简要情况", max_length=300)
    screening = models.ForeignKey(
        "core.Activity",
        verbose_name="来源排查",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"type__code": SCREENING_TYPE},
    )

    class Meta:
        verbose_name = "预防纠纷"
        verbose_name_plural = "预防纠纷"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.summary[:20]}"


__all__ = [
    "SCREENING_TYPE",
    "SCREENING_MEASURE",
    "ScreeningManager",
    "DisputeScreening",
    "PreventedDispute",
]
