"""Pre-sentence investigation assessments (调查评估), 社区矫正法实施办法 art. 14."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core import deadlines
from sifa.core.lines import Line
from sifa.core.models import Record

from .common import ASSESSMENT_EXPEDITED_PERIOD, ASSESSMENT_PERIOD


class Commissioner(models.TextChoices):
    COURT = "court", "人民法院"
    PROCURATORATE = "procuratorate", "人民检察院"
    POLICE = "police", "公安机关"
    PRISON = "prison", "监狱管理机关"


class Opinion(models.TextChoices):
    SUITABLE = "suitable", "适宜社区矫正"
    UNSUITABLE = "unsuitable", "不适宜社区矫正"


class Assessment(Record):
    """A pre-sentence investigation assessment commissioned by a court, procuratorate…"""

    line = Line.CORRECTION
    sensitive_fields = ("person_name",)
    audit_masked_fields = ()

    person_name = models.CharField("被调查评估人", max_length=50)
    commissioner = models.CharField("委托机关", max_length=20, choices=Commissioner.choices)
    commissioner_name = models.CharField("委托机关名称", max_length=100, blank=True)
    expedited = models.BooleanField("适用速裁程序", default=False)
    received_on = models.DateField("收到委托日期", db_index=True)
    due_on = models.DateField("完成期限", editable=False, null=True, db_index=True)
    finished_on = models.DateField("完成日期", null=True, blank=True, db_index=True)
    opinion = models.CharField("评估意见", max_length=20, choices=Opinion.choices, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta(Record.Meta):
        verbose_name = "调查评估"
        verbose_name_plural = "调查评估"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finished_on__isnull=True)
                | models.Q(finished_on__gte=models.F("received_on")),
                name="assessment_finished_after_received",
                violation_error_message="完成日期不能早于收到委托日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name}（{self.received_on}收到）"

    @property
    def period_code(self) -> str:
        return ASSESSMENT_EXPEDITED_PERIOD.code if self.expedited else ASSESSMENT_PERIOD.code

    def compute_due(self, period: deadlines.Period | None = None) -> dt.date | None:
        """Due date from receipt; `period` saves the county lookup when many are computed."""
        if not self.received_on:
            return None
        if period is None:
            period = deadlines.period(self.period_code, self.region if self.region_id else None)
        return deadlines.due_date(self.received_on, period).due

    @property
    def deadline_state(self):
        return deadlines.deadline_state(self.due_on, done_on=self.finished_on)

    def clean(self):
        self.due_on = self.compute_due()
        errors = {}
        if self.finished_on and not self.opinion:
            errors["opinion"] = "已完成的调查评估须填写评估意见（适宜或不适宜）。"
        if self.opinion and not self.finished_on:
            errors["finished_on"] = "填写评估意见的，须同时填写完成日期。"
        if errors:
            raise ValidationError(errors)
