"""Records of the plans line (工作计划): the bureau's plan items for a year and their progress.

The report's closing section (二、下一步工作方向) lists the next year's items in order, each
written as "一是{heading}。{body}"; the dashboard lists the items past their deadline.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Record
from sifa.core.workflow import Pipeline

MSG_SECTION_REQUIRED = "请选择责任条线或填写责任股室。"
MSG_HEADING_PUNCTUATION = "标题末尾不要加标点，报告会自动加“。”。"


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


OPEN_STATUSES = (PlanStatus.NOT_STARTED, PlanStatus.IN_PROGRESS)


class PlanItem(Record):
    line = Line.PLANS

    year = models.PositiveSmallIntegerField("计划年度", db_index=True)
    order = models.PositiveSmallIntegerField(
        "序号", default=1, help_text="报告中按序号写作“一是、二是……”。"
    )
    heading = models.CharField(
        "标题", max_length=60, blank=True, help_text="如“全面落实工作责任”，不加句号。"
    )
    text = models.TextField("工作内容")
    section_line = models.CharField("责任条线", max_length=20, choices=Line.choices, blank=True)
    section_text = models.CharField(
        "责任股室", max_length=60, blank=True, help_text="不属于某一业务条线时填写。"
    )
    deadline = models.DateField("完成时限", null=True, blank=True, db_index=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.NOT_STARTED,
        editable=False,
    )
    started_on = models.DateField("开始推进日期", null=True, blank=True, editable=False)
    closed_on = models.DateField(
        "办结日期", null=True, blank=True, editable=False, help_text="完成或取消的日期。"
    )

    pipeline = Pipeline(
        moves={
            PlanStatus.NOT_STARTED: (PlanStatus.IN_PROGRESS, PlanStatus.CANCELLED),
            PlanStatus.IN_PROGRESS: (PlanStatus.DONE, PlanStatus.CANCELLED),
        },
        stamps={
            PlanStatus.IN_PROGRESS: "started_on",
            PlanStatus.DONE: "closed_on",
            PlanStatus.CANCELLED: "closed_on",
        },
    )

    class Meta:
        verbose_name = "工作计划事项"
        verbose_name_plural = "工作计划事项"
        ordering = ["year", "order", "id"]
        indexes = [models.Index(fields=["year", "order"])]

    def __str__(self) -> str:
        return f"{self.year}年 {self.order}. {self.heading or self.text[:30]}"

    @property
    def responsible(self) -> str:
        if self.section_text:
            return self.section_text
        return self.get_section_line_display() if self.section_line else ""

    def clean(self):
        errors = {}
        if not self.section_line and not self.section_text.strip():
            errors["section_text"] = MSG_SECTION_REQUIRED
        if self.heading and self.heading.rstrip()[-1:] in "。，；：！？.,;:!?":
            errors["heading"] = MSG_HEADING_PUNCTUATION
        if errors:
            raise ValidationError(errors)


class PlanProgress(Record):
    """A dated progress note of a plan item (its region is the item's)."""

    line = Line.PLANS

    item = models.ForeignKey(
        PlanItem, verbose_name="计划事项", on_delete=models.CASCADE, related_name="progress"
    )
    date = models.DateField("日期")
    text = models.TextField("进展情况")

    class Meta:
        verbose_name = "推进情况"
        verbose_name_plural = "推进情况"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:30]}"
