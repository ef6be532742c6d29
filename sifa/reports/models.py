"""Issued reports (签发): the file, every figure's value and the definitions' version, frozen."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class IssuedReport(models.Model):
    title = models.CharField("标题", max_length=200)
    kind = models.CharField(
        "报告类别",
        max_length=40,
        default="summary",
        help_text="summary：工作总结；briefing:<代号>：定期通报（如 briefing:litigation）。",
    )
    start = models.DateField("统计开始日期")
    end = models.DateField("统计结束日期")
    region = models.ForeignKey(
        "core.Region",
        verbose_name="统计范围",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="留空为全县。",
    )
    masked = models.BooleanField("脱敏版", default=False)
    file = models.FileField("报告文件", upload_to="reports/issued/%Y/")
    figures = models.JSONField(
        "签发时的数据", default=dict, help_text="数据项 → {value, text}，签发后不再改变。"
    )
    checks = models.JSONField("勾稽关系检查", default=list)
    definitions_version = models.CharField("指标定义版本", max_length=32)
    issued_at = models.DateTimeField("签发时间", default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "已签发报告"
        verbose_name_plural = "已签发报告"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="issued_report_period",
                violation_error_message="统计期间的结束日期不能早于开始日期。",
            )
        ]

    def __str__(self) -> str:
        return self.title


class BriefingTemplate(models.Model):
    """A county's own Word template for a briefing (briefings.py), checked when uploaded; the
    briefing is written and issued from it instead of the shipped one."""

    briefing = models.CharField("通报代号", max_length=40)
    county = models.ForeignKey(
        "core.Region",
        verbose_name="县",
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField("Word模板", upload_to="reports/briefing-templates/")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "通报模板"
        verbose_name_plural = "通报模板"
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "county"],
                name="one_briefing_template_per_county",
                violation_error_message="每个县的每种通报只有一个模板。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.county}：{self.briefing}"
