"""Returns an administrator declares in the admin, as the same YAML the built-in ones use."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .spec import ReturnSpec, SpecError, load_text, parse

MSG_NAME_TAKEN = "“{name}”是内置报表的代号，请换一个。"
MSG_NAME_DIFFERS = "定义中的代号“{inner}”与报表代号“{name}”不一致。"

EXAMPLE = """name: mediation_by_committee_kind
title: 人民调解案件按调委会类型统计表
model: mediation.MediationCase
date_field: received_on
unit: 件
rows:
  - by: committee__kind
    total: 合计
columns:
  - {key: received, label: 受理}
  - {key: succeeded, label: 调解成功, figure: mediation.succeeded}
"""


class ReturnDefinition(models.Model):
    name = models.SlugField("报表代号", max_length=50, unique=True)
    title = models.CharField("报表名称", max_length=100, editable=False)
    declaration = models.TextField(
        "报表定义",
        default=EXAMPLE,
        help_text="YAML格式：记录类型、统计期依据的日期、行（分类）、栏（条件与统计方式）。"
        "字段须取自“字段目录”，保存时逐项检查。",
    )
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "自定义统计报表"
        verbose_name_plural = "自定义统计报表"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title or self.name

    def spec(self) -> ReturnSpec:
        return parse(load_text(self.declaration))

    def clean(self):
        from .library import builtin

        if self.name in builtin():
            raise ValidationError({"name": MSG_NAME_TAKEN.format(name=self.name)})
        try:
            spec = self.spec()
        except SpecError as exc:
            raise ValidationError({"declaration": exc.messages})
        if spec.name != self.name:
            raise ValidationError(
                {"declaration": MSG_NAME_DIFFERS.format(inner=spec.name, name=self.name)}
            )
        self.title = spec.title


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报送，待审核"
    LOCKED = "locked", "已审核锁定"


class ReturnSubmission(models.Model):
    """A return a township office (or the county) reported for a period: its cells frozen as
    they were on submission, reviewed and locked by the county like an issued report."""

    name = models.SlugField("报表代号", max_length=50)
    title = models.CharField("报表名称", max_length=100)
    region = models.ForeignKey(
        "core.Region", verbose_name="填报范围", on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField("统计期起")
    end = models.DateField("统计期止")
    data = models.JSONField("报送的数字", default=dict)
    status = models.CharField(
        "状态", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        "accounts.User", verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "报表报送"
        verbose_name_plural = "报表报送"
        ordering = ["-end", "name", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region", "start", "end"],
                name="returns_one_submission_per_period",
                violation_error_message="这一统计期的这张报表已经报送。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.start}至{self.end}）"
