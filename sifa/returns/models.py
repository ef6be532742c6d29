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


class FigureAggregate(models.TextChoices):
    COUNT = "count", "计数（记录条数）"
    SUM = "sum", "求和（某一数值字段之和）"


class FigureFormat(models.TextChoices):
    EXACT = "exact", "整数（原数）"
    YU = "yu", "约数（如“120余”）"
    WAN = "wan", "万元（金额以元计，折算为万元，不足10万保留两位小数）"
    WAN_YU = "wan_yu", "万余（如“3万余”）"


class FigureDefinition(models.Model):
    """A figure a bureau declares itself: it joins the built-in figures (id `u.<key>`) and is
    computed, shown and opened like them (sifa.returns.figures)."""

    key = models.CharField(
        "代号",
        max_length=40,
        unique=True,
        help_text="小写字母、数字和下划线，以字母开头。统计数字的编号为“u.代号”，"
        "Word报告模板中写作 {{r F.u.代号 }}，统计报表的栏中写作 figure: u.代号。",
        error_messages={"unique": "已有代号相同的自定义指标，请换一个代号。"},
    )
    label = models.CharField("名称", max_length=60)
    model = models.CharField(
        "记录类型", max_length=80, help_text="统计哪一类记录（见“字段目录”）。"
    )
    date_field = models.CharField(
        "统计期依据的日期",
        max_length=60,
        help_text="记录的哪一个日期字段落在统计期内才计入，如人民调解案件的 received_on。",
    )
    conditions = models.TextField(
        "条件",
        blank=True,
        default="",
        help_text="每行一个“字段: 值”（与统计报表的条件写法相同），全部满足才计入；不填则不设条件。"
        "例：dispute_type: neighbour（某一可选值）、dispute_type__in: [neighbour, family]"
        "（其中之一）、agri: true（是/否）、region__level: 4（乡镇一级）。",
    )
    aggregate = models.CharField(
        "统计方式", max_length=10, choices=FigureAggregate.choices, default=FigureAggregate.COUNT
    )
    sum_field = models.CharField(
        "求和字段", max_length=60, blank=True, default="", help_text="求和时填写，须为数值字段。"
    )
    format = models.CharField(
        "显示格式", max_length=10, choices=FigureFormat.choices, default=FigureFormat.EXACT
    )
    unit = models.CharField(
        "单位", max_length=10, blank=True, default="", help_text="如 件、人、万元。"
    )
    note = models.TextField("说明", blank=True, default="")
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "自定义统计指标"
        verbose_name_plural = "自定义统计指标"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.label or self.key

    @property
    def figure_id(self) -> str:
        from .figures import figure_id

        return figure_id(self.key)

    def clean(self):
        from .figures import problems

        errors = problems(self)
        if errors:
            raise ValidationError(errors)

    def indicator(self):
        from .figures import indicator

        return indicator(self)
