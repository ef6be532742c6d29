"""Records of the offices line (司法所建设).

The judicial office itself is the core Unit of kind `judicial_office` (one per township, a
constraint of core). This line records who works there (OfficeStaff) and the building
projects on its premises (BuildingProject: 新建 / 维修改造).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from sifa.core.lines import Line
from sifa.core.models import Record, Unit, UnitKind
from sifa.core.models.records import linked

MSG_NOT_AN_OFFICE = "请选择司法所。"
MSG_UNTIL_BEFORE_SINCE = "离任日期不能早于任职日期。"
MSG_COMPLETED_BEFORE_START = "竣工日期不能早于开工日期。"
MSG_NEGATIVE_INVESTMENT = "投资金额不能为负数。"


class Post(models.TextChoices):
    HEAD = "head", "所长"
    DEPUTY = "deputy", "副所长"
    STAFF = "staff", "专职工作人员"
    ASSISTANT = "assistant", "司法协理员"


class OfficeStaff(Record):
    """A person working at a judicial office over a period."""

    line = Line.OFFICES

    office = models.ForeignKey(
        Unit, verbose_name="司法所", on_delete=models.PROTECT, related_name="office_staff"
    )
    name = models.CharField("姓名", max_length=30)
    post = models.CharField("岗位", max_length=20, choices=Post.choices, default=Post.STAFF)
    since = models.DateField("任职日期")
    until = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "司法所工作人员"
        verbose_name_plural = "司法所工作人员"
        ordering = ["office__region_id", "post", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="office_staff_until_after_since",
                violation_error_message=MSG_UNTIL_BEFORE_SINCE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"

    def on_post(self, on: dt.date) -> bool:
        return self.since <= on and (self.until is None or self.until > on)

    def clean(self):
        errors = {}
        if self.office_id and self.office.kind != UnitKind.JUDICIAL_OFFICE:
            errors["office"] = MSG_NOT_AN_OFFICE
        if self.since and self.until and self.until < self.since:
            errors["until"] = MSG_UNTIL_BEFORE_SINCE
        if errors:
            raise ValidationError(errors)


def on_post_q(on: dt.date) -> Q:
    return Q(since__lte=on) & (Q(until__isnull=True) | Q(until__gt=on))


class ProjectKind(models.TextChoices):
    NEW = "new", "新建"
    RENOVATION = "renovation", "维修改造"


class BuildingProject(Record):
    """A building project of a judicial office's premises (业务用房)."""

    line = Line.OFFICES

    office = models.ForeignKey(
        Unit, verbose_name="司法所", on_delete=models.PROTECT, related_name="building_projects"
    )
    kind = models.CharField("建设类型", max_length=20, choices=ProjectKind.choices)
    title = models.CharField("项目名称", max_length=100, blank=True)
    investment_yuan = models.BigIntegerField("投资金额（元）")
    started_on = models.DateField("开工日期")
    completed_on = models.DateField("竣工日期", null=True, blank=True, db_index=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "司法所业务用房建设项目"
        verbose_name_plural = "司法所业务用房建设项目"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_yuan__gte=0),
                name="building_investment_not_negative",
                violation_error_message=MSG_NEGATIVE_INVESTMENT,
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="building_completed_after_started",
                violation_error_message=MSG_COMPLETED_BEFORE_START,
            ),
        ]

    def __str__(self) -> str:
        if self.title:
            return self.title
        office = getattr(linked(self, "office"), "name", "司法所")
        return f"{office}业务用房{self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.office_id and self.office.kind != UnitKind.JUDICIAL_OFFICE:
            errors["office"] = MSG_NOT_AN_OFFICE
        if self.investment_yuan is not None and self.investment_yuan < 0:
            errors["investment_yuan"] = MSG_NEGATIVE_INVESTMENT
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = MSG_COMPLETED_BEFORE_START
        if errors:
            raise ValidationError(errors)
