"""Mediation cases (人民调解案件), their parties and the pipeline
受理 → 调解中 → 调解成功 / 调解终止."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core import casenumbers, deadlines
from sifa.core.idnumber import mask, normalize, validate_id_number
from sifa.core.lines import Line
from sifa.core.models import Record
from sifa.core.workflow import Pipeline

from .committees import CommitteeMember, MediationCommittee

# 人民调解法 art. 33: judicial confirmation is applied for within 30 days of the agreement
# taking effect.
CONFIRMATION_PERIOD = deadlines.register(
    "mediation.judicial_confirmation",
    "申请司法确认期限",
    30,
    law="《人民调解法》第三十三条",
)

MSG_AMOUNT_NEGATIVE = "涉及金额不能为负数。"
MSG_AGREEMENT_REQUIRED = "调解成功须填写调解协议形式。"
MSG_EFFECTIVE_REQUIRED = "调解成功须填写调解协议生效日期。"
MSG_EFFECTIVE_BEFORE_RECEIVED = "调解协议生效日期不能早于受理日期。"
MSG_REASON_REQUIRED = "调解终止须填写终止原因。"
MSG_CLOSED_BEFORE_RECEIVED = "办结日期不能早于受理日期。"
MSG_STARTED_BEFORE_RECEIVED = "开始调解日期不能早于受理日期。"
MSG_APPLIED_WITHOUT_AGREEMENT = "只有调解成功的案件才能登记申请司法确认。"
MSG_APPLIED_BEFORE_EFFECTIVE = "申请司法确认日期不能早于调解协议生效日期。"
MSG_MEDIATOR_OTHER_COMMITTEE = "调解员应为本调解委员会的成员。"
MSG_ORG_ID_NUMBER = "单位当事人不填写身份证号。"


class DisputeType(models.TextChoices):
    MARRIAGE_FAMILY = "marriage_family", "婚姻家庭纠纷"
    NEIGHBOUR = "neighbour", "邻里纠纷"
    CONTRACT = "contract", "合同纠纷"
    DAMAGES = "damages", "损害赔偿纠纷"
    LABOUR = "labour", "劳动争议"
    LAND_FOREST = "land_forest", "土地山林纠纷"
    HOUSE_HOMESTEAD = "house_homestead", "房屋宅基地纠纷"
    PROPERTY_MANAGEMENT = "property_management", "物业纠纷"
    OTHER = "other", "其他纠纷"


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", "受理"
    MEDIATING = "mediating", "调解中"
    SUCCEEDED = "succeeded", "调解成功"
    TERMINATED = "terminated", "调解终止"


CLOSED_STATUSES = (CaseStatus.SUCCEEDED, CaseStatus.TERMINATED)


class AgreementForm(models.TextChoices):
    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class MediationCase(Record):
    """人民调解案件."""

    line = Line.MEDIATION
    # An import matches a row to its case by committee and case number (when it has one).
    natural_key_fields = ("committee", "case_number")
    case_number_date = "received_on"  # the year of its number (core.casenumbers)
    # A mediation may end without agreement from acceptance too (a party withdraws, art. 26).
    pipeline = Pipeline(
        moves={
            CaseStatus.ACCEPTED: (CaseStatus.MEDIATING, CaseStatus.TERMINATED),
            CaseStatus.MEDIATING: (CaseStatus.SUCCEEDED, CaseStatus.TERMINATED),
        },
        stamps={
            CaseStatus.MEDIATING: "started_on",
            CaseStatus.SUCCEEDED: "closed_on",
            CaseStatus.TERMINATED: "closed_on",
        },
    )

    case_number = models.CharField(
        "案号",
        max_length=40,
        blank=True,
        help_text="留空则受理时由系统按本县字头编号",
        error_messages=casenumbers.ERROR_MESSAGES,
    )
    committee = models.ForeignKey(
        MediationCommittee,
        verbose_name="调解委员会",
        on_delete=models.PROTECT,
        related_name="cases",
    )
    mediator = models.ForeignKey(
        CommitteeMember,
        verbose_name="调解员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    received_on = models.DateField("受理日期", db_index=True)
    dispute_type = models.CharField("纠纷类型", max_length=30, choices=DisputeType.choices)
    summary = models.TextField("纠纷简要情况", blank=True)
    amount_yuan = models.BigIntegerField("涉及金额（元）", default=0)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.ACCEPTED,
        editable=False,
        # (no index of its own: the (status, closed_on) index below serves status)
    )
    started_on = models.DateField("开始调解日期", null=True, blank=True, editable=False)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False, db_index=True)
    agreement_form = models.CharField(
        "调解协议形式", max_length=10, choices=AgreementForm.choices, blank=True
    )
    agreement_effective_on = models.DateField("调解协议生效日期", null=True, blank=True)
    termination_reason = models.CharField("终止原因", max_length=200, blank=True)
    confirmation_due_on = models.DateField(
        "申请司法确认届满日", null=True, blank=True, editable=False
    )
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)

    class Meta:
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["status", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_yuan__gte=0),
                name="mediation_case_amount_not_negative",
                violation_error_message=MSG_AMOUNT_NEGATIVE,
            ),
            casenumbers.unique_constraint("mediation_case"),
        ]

    def __str__(self) -> str:
        return self.case_number or f"调解案件{self.pk or ''}"

    def clean(self):
        errors: dict[str, str] = casenumbers.errors(self)
        if self.amount_yuan is not None and self.amount_yuan < 0:
            errors["amount_yuan"] = MSG_AMOUNT_NEGATIVE
        received = self.received_on
        if received and self.started_on and self.started_on < received:
            errors["started_on"] = MSG_STARTED_BEFORE_RECEIVED
        if received and self.closed_on and self.closed_on < received:
            errors["closed_on"] = MSG_CLOSED_BEFORE_RECEIVED
        if self.status == CaseStatus.SUCCEEDED:
            if not self.agreement_form:
                errors["agreement_form"] = MSG_AGREEMENT_REQUIRED
            if not self.agreement_effective_on:
                errors["agreement_effective_on"] = MSG_EFFECTIVE_REQUIRED
        if received and self.agreement_effective_on and self.agreement_effective_on < received:
            errors["agreement_effective_on"] = MSG_EFFECTIVE_BEFORE_RECEIVED
        if self.status == CaseStatus.TERMINATED and not self.termination_reason.strip():
            errors["termination_reason"] = MSG_REASON_REQUIRED
        if self.confirmation_applied_on:
            if self.status != CaseStatus.SUCCEEDED:
                errors["confirmation_applied_on"] = MSG_APPLIED_WITHOUT_AGREEMENT
            elif (
                self.agreement_effective_on
                and self.confirmation_applied_on < self.agreement_effective_on
            ):
                errors["confirmation_applied_on"] = MSG_APPLIED_BEFORE_EFFECTIVE
        if (
            self.mediator_id
            and self.committee_id
            and self.mediator.committee_id != self.committee_id
        ):
            errors["mediator"] = MSG_MEDIATOR_OTHER_COMMITTEE
        if errors:
            raise ValidationError(errors)

    def confirmation_state(self, today: dt.date | None = None) -> deadlines.DeadlineState:
        """The art. 33 window: 正常 / 即将到期 / 已超期 until applied, 已办结 once applied."""
        return deadlines.deadline_state(
            self.confirmation_due_on, today=today, done_on=self.confirmation_applied_on
        )


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class CaseParty(models.Model):
    """A party to a mediation case (sensitive: ID numbers are masked in lists)."""

    audit_masked_fields = ("id_number",)

    case = models.ForeignKey(
        MediationCase, verbose_name="调解案件", on_delete=models.CASCADE, related_name="parties"
    )
    name = models.CharField("姓名或名称", max_length=100)
    kind = models.CharField(
        "当事人类型", max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON
    )
    id_number = models.CharField(
        "身份证号", max_length=18, blank=True, validators=[validate_id_number]
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    refuses_mediation = models.BooleanField(
        "明确拒绝调解",
        default=False,
        help_text="当事人一方明确拒绝调解的，不得调解（《人民调解法》第十七条）。",
    )

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask(self.id_number) if self.id_number else ""

    def clean(self):
        self.id_number = normalize(self.id_number)
        if self.id_number and self.kind == PartyKind.ORGANISATION:
            raise ValidationError({"id_number": MSG_ORG_ID_NUMBER})


__all__ = [
    "CONFIRMATION_PERIOD",
    "MSG_AMOUNT_NEGATIVE",
    "MSG_AGREEMENT_REQUIRED",
    "MSG_EFFECTIVE_REQUIRED",
    "MSG_EFFECTIVE_BEFORE_RECEIVED",
    "MSG_REASON_REQUIRED",
    "MSG_CLOSED_BEFORE_RECEIVED",
    "MSG_STARTED_BEFORE_RECEIVED",
    "MSG_APPLIED_WITHOUT_AGREEMENT",
    "MSG_APPLIED_BEFORE_EFFECTIVE",
    "MSG_MEDIATOR_OTHER_COMMITTEE",
    "MSG_ORG_ID_NUMBER",
    "DisputeType",
    "CaseStatus",
    "CLOSED_STATUSES",
    "AgreementForm",
    "MediationCase",
    "PartyKind",
    "CaseParty",
]
