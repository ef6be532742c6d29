"""The records kept in a subject's file: team, classification, supervision, leave, monitoring,
rewards and penalties. Each carries the subject's region, so scoping works on every table."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from sifa.core import deadlines
from sifa.core.dates import ymd

from .common import LEAVE_OFFICE_LIMIT, MONITORING_MAX_MONTHS, Gender, add_months
from .subjects import CorrectionType, SubjectChild


class TeamRole(models.TextChoices):
    OFFICE_STAFF = "office_staff", "司法所工作人员"
    COMMITTEE = "committee", "村（居）民委员会人员"
    FAMILY = "family", "家庭成员或监护人"
    EMPLOYER = "employer", "所在单位或就读学校人员"
    SOCIAL_WORKER = "social_worker", "社会工作者"
    VOLUNTEER = "volunteer", "志愿者"


class TeamMember(SubjectChild):
    """A member of the subject's correction team (矫正小组, 社区矫正法 art. 25)."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    role = models.CharField("身份", max_length=20, choices=TeamRole.choices)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta(SubjectChild.Meta):
        verbose_name = "矫正小组成员"
        verbose_name_plural = "矫正小组成员"
        ordering = ["subject", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class ClassLevel(models.TextChoices):
    STRICT = "strict", "严管"
    NORMAL = "normal", "普管"
    LENIENT = "lenient", "宽管"


class Classification(SubjectChild):
    """A classification decision (分类管理); the latest one is in force."""

    level = models.CharField("管理类别", max_length=10, choices=ClassLevel.choices)
    decided_on = models.DateField("决定日期")
    reason = models.CharField("理由", max_length=200)

    class Meta(SubjectChild.Meta):
        verbose_name = "分类管理"
        verbose_name_plural = "分类管理"
        ordering = ["subject", "-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.get_level_display()}"

    def clean(self):
        errors: dict = {}
        self.check_within_supervision(self.decided_on, "decided_on", errors)
        if errors:
            raise ValidationError(errors)


class SupervisionKind(models.TextChoices):
    """What the office does to supervise and educate a subject (社区矫正法 arts. 23–26 and
    36–42, 实施办法 ch. 4–5): the subject reports (报告、报到); the office checks on them by
    field visit, phone or information systems (通信联络、信息化核查、实地查访, art. 26); and
    it educates and helps them (教育学习、公益活动、心理辅导、个别谈话、帮扶)."""

    REPORT = "report", "报到（报告活动情况）"
    VISIT = "visit", "走访（实地查访）"
    PHONE_CHECK = "phone_check", "电话核查（通信联络）"
    INFO_CHECK = "info_check", "信息化核查"
    TALK = "talk", "个别谈话教育"
    EDUCATION = "education", "教育学习"
    PUBLIC_SERVICE = "public_service", "公益活动"
    COUNSELLING = "counselling", "心理辅导"
    ASSISTANCE = "assistance", "帮扶（职业技能培训、就业指导等）"


MSG_EVENT_IN_FUTURE = "监督管理记录的是已经做过的事，日期不能晚于今天。"


class SupervisionEvent(SubjectChild):
    """One act of supervision or education of a subject: a report, a visit, a check, a lesson…"""

    kind = models.CharField("类别", max_length=20, choices=SupervisionKind.choices)
    date = models.DateField("日期", db_index=True)
    note = models.CharField("情况", max_length=300, blank=True)

    class Meta(SubjectChild.Meta):
        verbose_name = "监督管理记录"
        verbose_name_plural = "监督管理记录"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        errors: dict = {}
        self.check_within_supervision(self.date, "date", errors)
        if self.date and "date" not in errors and self.date > timezone.localdate():
            errors["date"] = MSG_EVENT_IN_FUTURE
        if errors:
            raise ValidationError(errors)


class ApproverLevel(models.TextChoices):
    OFFICE = "office", "司法所"
    COUNTY = "county", "县司法局（县级社区矫正机构）"


class LeaveDecision(models.TextChoices):
    APPROVED = "approved", "批准"
    REFUSED = "refused", "不批准"


class LeaveRequest(SubjectChild):
    """A request to leave the county (外出请假); who approves depends on its length."""

    applied_on = models.DateField("申请日期")
    leave_from = models.DateField("外出起")
    leave_to = models.DateField("外出止")
    destination = models.CharField("前往地", max_length=100)
    reason = models.CharField("事由", max_length=200)
    approver_level = models.CharField("审批机关", max_length=10, choices=ApproverLevel.choices)
    decision = models.CharField("审批结果", max_length=10, choices=LeaveDecision.choices)
    decided_on = models.DateField("审批日期")

    class Meta(SubjectChild.Meta):
        verbose_name = "外出请假"
        verbose_name_plural = "外出请假"
        ordering = ["-leave_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(leave_to__gte=models.F("leave_from")),
                name="leave_dates_in_order",
                violation_error_message="外出止日不能早于外出起日。",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__gte=models.F("applied_on")),
                name="leave_decided_after_applied",
                violation_error_message="审批日期不能早于申请日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leave_from}至{self.leave_to} {self.destination}"

    @property
    def days(self) -> int:
        """Days away, both ends counted."""
        return (self.leave_to - self.leave_from).days + 1

    def office_limit(self) -> int:
        """Longest leave (days) the 司法所 may approve in the subject's county."""
        region = self.subject.region if self.subject_id else None
        return deadlines.period(LEAVE_OFFICE_LIMIT.code, region).days

    def expected_approver(self) -> str:
        return ApproverLevel.OFFICE if self.days <= self.office_limit() else ApproverLevel.COUNTY

    def clean(self):
        errors: dict = {}
        self.check_within_supervision(self.applied_on, "applied_on", errors)
        if (
            self.leave_from
            and self.leave_to
            and self.leave_to >= self.leave_from
            and (self.approver_level)
        ):
            expected = self.expected_approver()
            if self.approver_level != expected:
                limit = self.office_limit()
                rule = (
                    f"{limit}日以内由司法所审批"
                    if expected == ApproverLevel.OFFICE
                    else f"超过{limit}日由县司法局审批"
                )
                errors["approver_level"] = (
                    f"外出{self.days}日，应由{ApproverLevel(expected).label}审批（{rule}）。"
                )
        if (
            self.leave_to
            and self.subject_id
            and self.subject.period_end
            and (self.leave_to > self.subject.period_end)
        ):
            errors["leave_to"] = "外出止日不能晚于矫正期止。"
        if errors:
            raise ValidationError(errors)


class MonitoringGround(models.TextChoices):
    """The five circumstances of 社区矫正法 art. 29 that allow electronic monitoring."""

    BAN_ORDER = "ban_order", "违反人民法院禁止令"
    LEFT_AREA = "left_area", "无正当理由，未经批准离开所居住的市、县"
    REPORT_REFUSED = "report_refused", "拒不按照规定报告自己的活动情况，被给予警告"
    POLICE_PENALTY = "police_penalty", "违反监督管理规定，被给予治安管理处罚"
    REVOCATION = "revocation", "拟提请撤销缓刑、假释或者暂予监外执行收监执行"


class Monitoring(SubjectChild):
    """One period of electronic monitoring (电子定位装置); a renewal points to the previous one."""

    ground = models.CharField("适用情形", max_length=20, choices=MonitoringGround.choices)
    renewal_of = models.OneToOneField(
        "self",
        verbose_name="延长的前一期",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    start_on = models.DateField("起始日期")
    end_on = models.DateField("截止日期")
    approved_by = models.CharField("批准人", max_length=50)
    approved_by_head = models.BooleanField("经县司法局负责人批准", default=False)
    approved_on = models.DateField("批准日期")
    removed_on = models.DateField("提前解除日期", null=True, blank=True)

    class Meta(SubjectChild.Meta):
        verbose_name = "电子定位监管"
        verbose_name_plural = "电子定位监管"
        ordering = ["subject", "start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")),
                name="monitoring_dates_in_order",
                violation_error_message="截止日期不能早于起始日期。",
            ),
        ]

    def __str__(self) -> str:
        kind = "延长" if self.renewal_of_id else "使用"
        return f"{kind}电子定位 {self.start_on}至{self.end_on}"

    @property
    def latest_end(self) -> dt.date | None:
        """The last day this period may run: three months from its start, less one day."""
        if not self.start_on:
            return None
        return add_months(self.start_on, MONITORING_MAX_MONTHS) - dt.timedelta(days=1)

    def clean(self):
        errors: dict = {}
        if not self.approved_by_head:
            errors["approved_by_head"] = "使用或延长电子定位装置须经县司法局负责人批准。"
        if self.start_on and self.end_on and self.end_on > self.latest_end:
            kind = "每次延长" if self.renewal_of_id else "使用电子定位装置"
            errors["end_on"] = (
                f"{kind}的期限不得超过{MONITORING_MAX_MONTHS}个月"
                f"（本期最迟至{ymd(self.latest_end)}）。"
            )
        if self.approved_on and self.start_on and self.approved_on > self.start_on:
            errors["approved_on"] = "应先批准后使用：批准日期不能晚于起始日期。"
        if (
            self.removed_on
            and self.start_on
            and not (self.start_on <= self.removed_on <= self.end_on)
        ):
            errors["removed_on"] = "提前解除日期应在本期起止日期之间。"
        self.check_within_supervision(self.start_on, "start_on", errors)
        if (
            self.end_on
            and self.subject_id
            and self.subject.ended_on
            and (self.end_on > self.subject.ended_on)
        ):
            errors["end_on"] = "截止日期不能晚于该社区矫正对象的解除（终止）日期。"
        if self.subject_id and self.start_on and self.end_on:
            overlapping = (
                type(self)
                .objects.filter(
                    subject_id=self.subject_id,
                    start_on__lte=self.end_on,
                    end_on__gte=self.start_on,
                )
                .exclude(pk=self.pk)
            )
            if overlapping.exists():
                errors["start_on"] = "与该社区矫正对象已有的电子定位期间重叠。"
        prev = self.renewal_of
        if prev is not None:
            if prev.subject_id != self.subject_id:
                errors["renewal_of"] = "只能延长同一社区矫正对象的电子定位。"
            elif self.start_on and self.start_on != prev.end_on + dt.timedelta(days=1):
                errors["start_on"] = (
                    f"延长期应自前一期截止日次日（{ymd(prev.end_on + dt.timedelta(days=1))}）起算。"
                )
        if errors:
            raise ValidationError(errors)


class MeasureKind(models.TextChoices):
    COMMENDATION = "commendation", "表扬"
    ADMONITION = "admonition", "训诫"
    WARNING = "warning", "警告"
    POLICE_PENALTY = "police_penalty", "提请治安管理处罚"
    REVOKE_PROBATION = "revoke_probation", "提请撤销缓刑"
    REVOKE_PAROLE = "revoke_parole", "提请撤销假释"
    COMMIT = "commit", "提请收监执行"


# A request that only fits one correction type (社区矫正法 arts. 45–49).
MEASURE_TYPE = {
    MeasureKind.REVOKE_PROBATION: CorrectionType.PROBATION,
    MeasureKind.REVOKE_PAROLE: CorrectionType.PAROLE,
    MeasureKind.COMMIT: CorrectionType.MEDICAL_PAROLE,
}


class RewardPenalty(SubjectChild):
    """A reward, a sanction or a request to the court/police (奖惩)."""

    kind = models.CharField("类别", max_length=20, choices=MeasureKind.choices)
    decided_on = models.DateField("决定（提请）日期")
    reason = models.CharField("事实与理由", max_length=300)

    class Meta(SubjectChild.Meta):
        verbose_name = "奖惩"
        verbose_name_plural = "奖惩"
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.get_kind_display()}"

    def clean(self):
        errors: dict = {}
        self.check_within_supervision(self.decided_on, "decided_on", errors)
        needed = MEASURE_TYPE.get(self.kind)
        if needed and self.subject_id and self.subject.correction_type != needed:
            errors["kind"] = (
                f"“{MeasureKind(self.kind).label}”只适用于"
                f"{CorrectionType(needed).label}的社区矫正对象。"
            )
        if errors:
            raise ValidationError(errors)
