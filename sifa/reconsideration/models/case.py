"""Records of the reconsideration line (行政复议, 行政复议法 2023).

A case's life (the `pipeline` table below):

    收到申请 ─┬─► 补正中 ─┬─► 收到申请（补正材料收到，重新审查）
              │           └─► 视为放弃（补正期限届满未补正，第三十一条）
              ├─► 不予受理（须写明理由，第三十条）
              └─► 审理中（受理：普通程序 / 简易程序；未在审查期限内作出不予受理决定的视为受理）
                    ├─► 中止 ──► 审理中（恢复审理，中止期间不计入审理期限）
                    │     └──► 已结案（终止，第四十一条）
                    └─► 已结案（维持、撤销、变更、确认违法……；一次延期不超过三十日）

Every statutory period is registered with sifa.core.deadlines so a county can override it.
The due dates are stored on the case (recomputed by `refresh_deadlines`) so lists can filter
and figures can count in SQL; "视为受理" is a rule on those stored dates (see `deemed_accepted_q`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core import casenumbers, deadlines
from sifa.core.lines import Line
from sifa.core.models import Record, Unit, UnitKind
from sifa.core.models.records import linked
from sifa.core.workflow import Pipeline

from .choices import (
    TERMINATING_GROUNDS,
    ApplicantType,
    Category,
    CloseKind,
    Procedure,
    Status,
    SuspensionGround,
    TerminationGround,
)
from .periods import (
    ACCEPTANCE_REVIEW,
    APPLICATION_PERIOD,
    CORRECTION_REPLY,
    DECISION,
    DECISION_SIMPLE,
    SUSPENSION_LIMIT,
)

MSG_REASON_REQUIRED = "不予受理须写明理由。"
MSG_PROCEDURE_REQUIRED = "受理时须选择审理程序（普通程序或简易程序）。"
MSG_KIND_REQUIRED = "结案须选择结案方式。"
MSG_KIND_NOT_ALLOWED = "案件尚未结案，不能填写结案方式。"
MSG_GROUND_REQUIRED = "以“终止”结案须选择终止事由（第四十一条）。"
MSG_GROUND_NOT_ALLOWED = "只有以“终止”结案时才填写终止事由。"
MSG_SUSPENSION_GROUND_REQUIRED = "中止须选择中止事由（第三十九条）。"
MSG_PUBLISHED_ON_REQUIRED = "已网上公开的，须填写公开日期。"
MSG_PUBLISHED_NOT_CLOSED = "案件结案后才能网上公开。"
MSG_PUBLISHED_FLAG = "填写公开日期的，须勾选“已网上公开”。"
MSG_EXTENSION_FIELDS = "延期须写明批准人和延期理由。"
MSG_ACCEPTED_BEFORE_RECEIVED = "受理日期不能早于收到申请日期。"
MSG_REJECTED_BEFORE_RECEIVED = "不予受理日期不能早于收到申请日期。"
MSG_CLOSED_BEFORE_ACCEPTED = "结案日期不能早于受理日期。"
MSG_PUBLISHED_BEFORE_CLOSED = "网上公开日期不能早于结案日期。"
MSG_KNOWN_AFTER_RECEIVED = "知道行政行为的日期不能晚于收到申请日期。"
MSG_CORRECTED_BEFORE_NOTICE = "收到补正材料日期不能早于补正通知日期。"
MSG_NOTICE_BEFORE_RECEIVED = "补正通知日期不能早于收到申请日期。"
MSG_LATE_APPLICATION = (
    "申请超过法定申请期限：自知道该行政行为之日起{days}日，已于{due}届满（{law}）。"
    "请核实申请人是否有正当理由。"
)


def deemed_accepted_q(on: dt.date) -> models.Q:
    """Cases still awaiting acceptance whose review period ran out before `on`: 视为受理."""
    return models.Q(status=Status.RECEIVED, acceptance_due__lt=on)


def deemed_abandoned_q(on: dt.date) -> models.Q:
    """Cases awaiting correction whose applicant's period ran out before `on`: 视为放弃."""
    return models.Q(status=Status.CORRECTION, correction_reply_due__lt=on)


class ReconsiderationCase(Record):
    """行政复议案件: one application, from receipt to its decision."""

    line = Line.RECONSIDERATION
    # An import matches a row to its case by the case number (a row without one: by the whole
    # row), so re-importing a file whose late acceptance was derived as 视为受理 updates the
    # case instead of registering it again.
    natural_key_fields = ("case_number",)
    case_number_date = "received_on"  # the year of its number (core.casenumbers)

    pipeline = Pipeline(
        moves={
            Status.RECEIVED: (Status.CORRECTION, Status.REJECTED, Status.UNDER_REVIEW),
            Status.CORRECTION: (Status.RECEIVED, Status.ABANDONED),
            Status.UNDER_REVIEW: (Status.SUSPENDED, Status.CLOSED),
            Status.SUSPENDED: (Status.UNDER_REVIEW, Status.CLOSED),
        },
        stamps={
            Status.CORRECTION: "correction_notice_on",
            Status.ABANDONED: "abandoned_on",
            Status.REJECTED: "rejected_on",
            Status.UNDER_REVIEW: "accepted_on",
            Status.SUSPENDED: "suspended_on",
            Status.CLOSED: "closed_on",
        },
    )

    case_number = models.CharField(
        "案号",
        max_length=50,
        blank=True,
        help_text="留空则登记时由系统按本县字头编号",
        error_messages=casenumbers.ERROR_MESSAGES,
    )
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    respondent = models.ForeignKey(
        Unit,
        verbose_name="被申请人",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.AGENCY},
    )
    category = models.CharField("案件类别", max_length=20, choices=Category.choices)
    act_description = models.CharField("被申请复议的行政行为", max_length=200, blank=True)
    act_known_on = models.DateField("知道该行政行为之日", null=True, blank=True)
    received_on = models.DateField("收到申请日期")
    late_warning = models.CharField("逾期申请提示", max_length=300, blank=True, editable=False)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=Status.choices,
        default=Status.RECEIVED,
        editable=False,
        # (no index of its own: the (status, acceptance_due) index serves status)
    )
    acceptance_due = models.DateField("受理审查届满日", null=True, blank=True, editable=False)

    correction_notice_on = models.DateField("补正通知日期", null=True, blank=True, editable=False)
    correction_items = models.TextField("补正事项", blank=True, editable=False)
    correction_reply_due = models.DateField("补正届满日", null=True, blank=True, editable=False)
    corrected_on = models.DateField("收到补正材料日期", null=True, blank=True, editable=False)
    abandoned_on = models.DateField("视为放弃日期", null=True, blank=True, editable=False)

    rejected_on = models.DateField("不予受理日期", null=True, blank=True, editable=False)
    rejection_reason = models.TextField("不予受理理由", blank=True, editable=False)

    accepted_on = models.DateField("受理日期", null=True, blank=True, editable=False)
    deemed_accepted = models.BooleanField("视为受理", default=False, editable=False)
    procedure = models.CharField(
        "审理程序", max_length=20, choices=Procedure.choices, blank=True, editable=False
    )
    decision_due = models.DateField("决定届满日", null=True, blank=True, editable=False)

    extended_on = models.DateField("延期批准日期", null=True, blank=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(
        "延长天数", null=True, blank=True, editable=False
    )
    extension_approver = models.CharField("延期批准人", max_length=50, blank=True, editable=False)
    extension_reason = models.TextField("延期理由", blank=True, editable=False)

    suspended_on = models.DateField("中止日期", null=True, blank=True, editable=False)
    suspension_ground = models.CharField(
        "中止事由", max_length=10, blank=True, editable=False, choices=SuspensionGround.choices
    )
    suspended_days = models.PositiveIntegerField(
        "已中止天数",
        default=0,
        editable=False,
        help_text="已恢复审理的各次中止合计天数，不计入审理期限。",
    )
    suspension_limit_on = models.DateField(
        "中止满期日",
        null=True,
        blank=True,
        editable=False,
        help_text="依第三十九条第一款第一、二、四项中止满六十日之日。",
    )

    closed_on = models.DateField("结案日期", null=True, blank=True, editable=False)
    close_kind = models.CharField(
        "结案方式",
        max_length=30,
        choices=CloseKind.choices,
        blank=True,
        editable=False,
        db_index=True,
    )
    termination_ground = models.CharField(
        "终止事由", max_length=10, blank=True, editable=False, choices=TerminationGround.choices
    )
    decision_summary = models.TextField("决定要旨", blank=True)
    published_online = models.BooleanField("已网上公开", default=False)
    published_on = models.DateField("网上公开日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["region", "received_on"]),
            models.Index(fields=["status", "acceptance_due"]),
        ]
        constraints = [
            casenumbers.unique_constraint("reconsideration_case"),
            models.CheckConstraint(
                condition=models.Q(accepted_on__isnull=True)
                | models.Q(accepted_on__gte=models.F("received_on")),
                name="recon_accepted_after_received",
                violation_error_message=MSG_ACCEPTED_BEFORE_RECEIVED,
            ),
            models.CheckConstraint(
                condition=models.Q(rejected_on__isnull=True)
                | models.Q(rejected_on__gte=models.F("received_on")),
                name="recon_rejected_after_received",
                violation_error_message=MSG_REJECTED_BEFORE_RECEIVED,
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("accepted_on")),
                name="recon_closed_after_accepted",
                violation_error_message=MSG_CLOSED_BEFORE_ACCEPTED,
            ),
            models.CheckConstraint(
                condition=models.Q(published_on__isnull=True)
                | models.Q(published_on__gte=models.F("closed_on")),
                name="recon_published_after_closed",
                violation_error_message=MSG_PUBLISHED_BEFORE_CLOSED,
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__isnull=True) | models.Q(extension_days__gt=0),
                name="recon_extension_positive",
                violation_error_message="延长天数应大于0。",
            ),
        ]

    def __str__(self) -> str:
        return (
            self.case_number
            or f"{self.applicant_name}诉{getattr(linked(self, 'respondent'), 'name', '')}"
        )

    # --- deadlines -----------------------------------------------------------------------
    def _due(self, start: dt.date, code: str, **kwargs) -> deadlines.Deadline:
        """Due date of period `code` in force for the case's county (resolved once per case)."""
        cache = self.__dict__.setdefault("_periods", {})
        key = (code, self.region_id)
        if key not in cache:
            cache[key] = deadlines.period(code, self.region if self.region_id else None)
        return deadlines.due_date(start, cache[key], **kwargs)

    def decision_period_code(self) -> str:
        if self.procedure == Procedure.SIMPLE:
            return DECISION_SIMPLE.code
        return DECISION.code

    def acceptance_deadline(self) -> deadlines.Deadline | None:
        start = self.corrected_on or self.received_on
        if self.status != Status.RECEIVED or start is None:
            return None
        return self._due(start, ACCEPTANCE_REVIEW.code)

    def decision_deadline(self) -> deadlines.Deadline | None:
        """Accepted (or deemed-to-be) cases: 60/30 days, plus suspensions and an extension."""
        if self.accepted_on:
            return self._due(
                self.accepted_on,
                self.decision_period_code(),
                paused_days=self.suspended_days,
                extension_days=self.extension_days or 0,
            )
        if self.status == Status.RECEIVED and self.acceptance_due:
            # Prospective: the due date if the case becomes deemed accepted.
            return self._due(self.acceptance_due, DECISION.code)
        return None

    def refresh_deadlines(self) -> None:
        """Recompute the stored due dates from the dates of the case and the periods in force."""
        review = self.acceptance_deadline()
        if review is not None:
            self.acceptance_due = review.due
        elif self.status == Status.CORRECTION:
            self.acceptance_due = None
        if self.correction_notice_on and self.status == Status.CORRECTION:
            self.correction_reply_due = self._due(
                self.correction_notice_on, CORRECTION_REPLY.code
            ).due
        decision = self.decision_deadline()
        self.decision_due = (
            None if self.status == Status.SUSPENDED else (decision.due if decision else None)
        )
        if self.status == Status.SUSPENDED and self.suspension_ground in TERMINATING_GROUNDS:
            self.suspension_limit_on = self._due(self.suspended_on, SUSPENSION_LIMIT.code).due
        elif self.status != Status.CLOSED:
            self.suspension_limit_on = None
        self.late_warning = self.late_application_warning()

    def late_application_warning(self) -> str:
        if not (self.act_known_on and self.received_on):
            return ""
        limit = self._due(self.act_known_on, APPLICATION_PERIOD.code)
        if self.received_on <= limit.due:
            return ""
        return MSG_LATE_APPLICATION.format(
            days=limit.period.days, law=limit.period.law, due=f"{limit.due:%Y年%m月%d日}"
        )

    # --- computed status -----------------------------------------------------------------
    def is_deemed_accepted(self, on: dt.date | None = None) -> bool:
        """True once accepted by operation of law (stored) or when the review ran out by `on`."""
        on = on or dt.date.today()
        if self.deemed_accepted:
            return True
        return (
            self.status == Status.RECEIVED
            and bool(self.acceptance_due)
            and (self.acceptance_due < on)
        )

    def is_deemed_abandoned(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return (
            self.status == Status.CORRECTION
            and bool(self.correction_reply_due)
            and (self.correction_reply_due < on)
        )

    def effective_status_label(self, on: dt.date | None = None) -> str:
        if self.status == Status.RECEIVED and self.is_deemed_accepted(on):
            return "视为受理（审理中）"
        if self.is_deemed_abandoned(on):
            return "视为放弃（补正期限届满）"
        label = self.get_status_display()
        if self.status == Status.UNDER_REVIEW and self.deemed_accepted:
            return f"{label}（视为受理）"
        if self.status == Status.CLOSED:
            return f"{label}（{self.get_close_kind_display()}）"
        return label

    def due_now(self, on: dt.date | None = None) -> dt.date | None:
        """The due date of whatever the case is waiting for on `on` (None when nothing is)."""
        on = on or dt.date.today()
        if self.status == Status.RECEIVED:
            if self.acceptance_due and self.acceptance_due >= on:
                return self.acceptance_due
            return self.decision_due
        if self.status == Status.CORRECTION:
            return None if self.is_deemed_abandoned(on) else self.correction_reply_due
        if self.status == Status.UNDER_REVIEW:
            return self.decision_due
        if self.status == Status.SUSPENDED:
            return self.suspension_limit_on
        return None

    @property
    def closed_late(self) -> bool:
        return bool(self.closed_on and self.decision_due and self.closed_on > self.decision_due)

    # --- cross-field rules ---------------------------------------------------------------
    def clean(self):
        errors: dict[str, str] = casenumbers.errors(self)
        received = self.received_on
        if self.act_known_on and received and self.act_known_on > received:
            errors["act_known_on"] = MSG_KNOWN_AFTER_RECEIVED
        if received and self.accepted_on and self.accepted_on < received:
            errors["accepted_on"] = MSG_ACCEPTED_BEFORE_RECEIVED
        if received and self.rejected_on and self.rejected_on < received:
            errors["rejected_on"] = MSG_REJECTED_BEFORE_RECEIVED
        if received and self.correction_notice_on and self.correction_notice_on < received:
            errors["correction_notice_on"] = MSG_NOTICE_BEFORE_RECEIVED
        if (
            self.corrected_on
            and self.correction_notice_on
            and (self.corrected_on < self.correction_notice_on)
        ):
            errors["corrected_on"] = MSG_CORRECTED_BEFORE_NOTICE
        if self.closed_on and self.accepted_on and self.closed_on < self.accepted_on:
            errors["closed_on"] = MSG_CLOSED_BEFORE_ACCEPTED
        if self.status == Status.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = MSG_REASON_REQUIRED
        if self.accepted_on and not self.procedure:
            errors["procedure"] = MSG_PROCEDURE_REQUIRED
        if self.status == Status.SUSPENDED and not self.suspension_ground:
            errors["suspension_ground"] = MSG_SUSPENSION_GROUND_REQUIRED
        if self.extension_days and not (
            self.extension_approver.strip() and self.extension_reason.strip()
        ):
            errors["extension_approver"] = MSG_EXTENSION_FIELDS
        errors.update(self._clean_closing())
        errors.update(self._clean_publication())
        if errors:
            raise ValidationError(errors)

    def _clean_closing(self) -> dict[str, str]:
        errors = {}
        if self.status == Status.CLOSED:
            if not self.close_kind:
                errors["close_kind"] = MSG_KIND_REQUIRED
        elif self.close_kind:
            errors["close_kind"] = MSG_KIND_NOT_ALLOWED
        if self.close_kind == CloseKind.TERMINATED and not self.termination_ground:
            errors["termination_ground"] = MSG_GROUND_REQUIRED
        if self.termination_ground and self.close_kind != CloseKind.TERMINATED:
            errors["termination_ground"] = MSG_GROUND_NOT_ALLOWED
        return errors

    def _clean_publication(self) -> dict[str, str]:
        errors = {}
        if self.published_online and not self.published_on:
            errors["published_on"] = MSG_PUBLISHED_ON_REQUIRED
        elif self.published_on and not self.published_online:
            errors["published_online"] = MSG_PUBLISHED_FLAG
        elif self.published_on and self.status != Status.CLOSED:
            errors["published_online"] = MSG_PUBLISHED_NOT_CLOSED
        elif self.published_on and self.closed_on and self.published_on < self.closed_on:
            errors["published_on"] = MSG_PUBLISHED_BEFORE_CLOSED
        return errors
