"""Rule-of-law building and publicity (法治建设、普法).

- IssuedDocument: documents the bureau or the county's rule-of-law office issues (发文); the
  planning ones (规划/方案/要点) make the report's list of titles.
- LegalLiterate: the 法律明白人 register, one person per row, attached to a village.
- LawExamSession: an officials' law exam (学法用法考试) with invited / sat / passed.
- PublicityDuty: one agency's duties in the "谁执法谁普法" responsibility list for a year.
- RulelawActivity: a proxy of core.Activity limited to this line's activity types
  (法治督察, 主题宣传活动, 宣讲会, 培训, 普法宣传活动), for its own entry screen.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Activity, Record, RegionLevel, Unit, UnitKind

MSG_TITLE_BRACKETS = "标题不要带书名号《》，报告会自动加上。"
MSG_NOT_VILLAGE = "法律明白人应登记在村（社区）。"
MSG_LEFT_NEEDS_DATE = "状态为“已退出”时须填写退出日期。"
MSG_ACTIVE_NO_LEFT_DATE = "状态为“在册”时不能填写退出日期。"
MSG_LEFT_BEFORE_SINCE = "退出日期不能早于评选（聘任）日期。"
MSG_SAT_OVER_INVITED = "参考人数不能多于应考人数。"
MSG_PASSED_OVER_SAT = "及格人数不能多于参考人数。"
MSG_DUTY_AGENCY = "责任单位应为行政机关。"
MSG_REVISED_YEAR = "修订日期应在清单年度之内或之前一年。"

# Kinds of issued document whose titles the report lists (figures.yaml rulelaw.documents_issued).
PLANNING_KINDS = ("plan", "scheme", "keypoints")


class DocumentKind(models.TextChoices):
    PLAN = "plan", "规划"
    SCHEME = "scheme", "方案"
    KEYPOINTS = "keypoints", "要点"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    MEASURES = "measures", "办法"
    OTHER = "other", "其他"


class Issuer(models.TextChoices):
    BUREAU = "bureau", "县司法局"
    RULE_OF_LAW_OFFICE = "rol_office", "县委全面依法治县委员会办公室"
    GOVERNMENT = "government", "县人民政府（办公室）"
    OTHER = "other", "其他单位"


# Issuers whose planning documents the report lists.
REPORTED_ISSUERS = (Issuer.BUREAU, Issuer.RULE_OF_LAW_OFFICE)


class IssuedDocument(Record):
    line = Line.RULELAW

    title = models.CharField(
        "标题", max_length=200, help_text="不带书名号，如“某某县“八五”普法规划”。"
    )
    number = models.CharField("文号", max_length=60, blank=True)
    kind = models.CharField("文种", max_length=20, choices=DocumentKind.choices)
    issuer = models.CharField(
        "发文单位", max_length=20, choices=Issuer.choices, default=Issuer.BUREAU
    )
    issued_on = models.DateField("印发日期", db_index=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "印发文件"
        verbose_name_plural = "印发文件"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~models.Q(number="") & models.Q(deleted_at__isnull=True),
                name="rulelaw_document_number_unique",
                violation_error_message="该文号已登记过，请核对。",
            ),
        ]

    def __str__(self) -> str:
        return f"《{self.title}》"

    @property
    def is_planning(self) -> bool:
        return self.kind in PLANNING_KINDS

    def clean(self):
        self.title = (self.title or "").strip()
        if "《" in self.title[:1] or "》" in self.title[-1:]:
            raise ValidationError({"title": MSG_TITLE_BRACKETS})


class LiteracyStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    LEFT = "left", "已退出"


class LegalLiterate(Record):
    """A 法律明白人; `region` is the village (村/社区) the person serves."""

    line = Line.RULELAW
    sensitive_fields = ("phone",)

    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    since = models.DateField("评选（聘任）日期", db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=LiteracyStatus.choices, default=LiteracyStatus.ACTIVE
    )
    left_on = models.DateField("退出日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "法律明白人"
        verbose_name_plural = "法律明白人"
        ordering = ["region_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("since")),
                name="rulelaw_literate_left_after_since",
                violation_error_message=MSG_LEFT_BEFORE_SINCE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def active_on_q(day: dt.date) -> models.Q:
        """In the register on `day`: chosen by then and not yet left."""
        return models.Q(since__lte=day) & (
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=day)
        )

    def clean(self):
        errors = {}
        if self.region_id and self.region.level != RegionLevel.VILLAGE:
            errors["region"] = MSG_NOT_VILLAGE
        if self.status == LiteracyStatus.LEFT and self.left_on is None:
            errors["left_on"] = MSG_LEFT_NEEDS_DATE
        elif self.status == LiteracyStatus.ACTIVE and self.left_on is not None:
            errors["left_on"] = MSG_ACTIVE_NO_LEFT_DATE
        elif self.left_on and self.since and self.left_on < self.since:
            errors["left_on"] = MSG_LEFT_BEFORE_SINCE
        if errors:
            raise ValidationError(errors)


class LawExamSession(Record):
    """One sitting of the officials' law exam (国家工作人员学法用法考试)."""

    line = Line.RULELAW

    session = models.CharField("考试场次", max_length=100)
    held_on = models.DateField("考试日期", db_index=True)
    invited = models.PositiveIntegerField("应考人数")
    sat = models.PositiveIntegerField("参考人数")
    passed = models.PositiveIntegerField("及格人数")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "学法用法考试"
        verbose_name_plural = "学法用法考试"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sat__lte=models.F("invited")),
                name="rulelaw_exam_sat_le_invited",
                violation_error_message=MSG_SAT_OVER_INVITED,
            ),
            models.CheckConstraint(
                condition=models.Q(passed__lte=models.F("sat")),
                name="rulelaw_exam_passed_le_sat",
                violation_error_message=MSG_PASSED_OVER_SAT,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}（{self.held_on:%Y-%m-%d}）"

    @property
    def participation_rate(self) -> float | None:
        """参考率 in percent, None without invitees."""
        return round(self.sat * 100 / self.invited, 1) if self.invited else None

    @property
    def pass_rate(self) -> float | None:
        """及格率 in percent of those who sat, None when nobody sat."""
        return round(self.passed * 100 / self.sat, 1) if self.sat else None

    def clean(self):
        errors = {}
        if self.sat is not None and self.invited is not None and self.sat > self.invited:
            errors["sat"] = MSG_SAT_OVER_INVITED
        if self.passed is not None and self.sat is not None and self.passed > self.sat:
            errors["passed"] = MSG_PASSED_OVER_SAT
        if errors:
            raise ValidationError(errors)


class PublicityDuty(Record):
    """One agency's entry in the "谁执法谁普法" responsibility list for a year; revised in place
    (the audit history keeps every earlier wording)."""

    line = Line.RULELAW

    agency = models.ForeignKey(
        Unit,
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    laws = models.TextField("重点普及的法律法规", blank=True)
    duties = models.TextField("普法责任")
    revised_on = models.DateField("修订日期", null=True, blank=True)

    class Meta:
        verbose_name = "普法责任清单"
        verbose_name_plural = "普法责任清单"
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=models.Q(deleted_at__isnull=True),
                name="rulelaw_one_duty_per_agency_year",
                violation_error_message="该单位本年度的普法责任清单已存在，请修订原清单。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.agency}"

    def clean(self):
        errors = {}
        if self.agency_id and self.agency.kind != UnitKind.AGENCY:
            errors["agency"] = MSG_DUTY_AGENCY
        if (
            self.revised_on
            and self.year
            and not (self.year - 1 <= self.revised_on.year <= self.year)
        ):
            errors["revised_on"] = MSG_REVISED_YEAR
        if errors:
            raise ValidationError(errors)


class RulelawActivityManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True, type__line=Line.RULELAW)


class RulelawActivity(Activity):
    """法治督察 and publicity events: core activities of this line's types."""

    objects = RulelawActivityManager()

    class Meta:
        proxy = True
        verbose_name = "法治督察与普法活动"
        verbose_name_plural = "法治督察与普法活动"
        ordering = ["-date", "-id"]
