"""Records of the litigation line (行政应诉): lawsuits against the county government or its
departments, and their court hearings with who appeared for the agency.

Periods (行政诉讼法): the defendant answers and submits its evidence within 15 days of being
served the complaint (art. 67); an appeal lies within 15 days of a judgment's service, 10 days
of a ruling's (art. 85). All are registered with sifa.core.deadlines (county-configurable).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core import casenumbers, deadlines
from sifa.core.lines import Line
from sifa.core.models import Record, Unit, UnitKind
from sifa.core.models.records import linked

LAW = "行政诉讼法"

ANSWER = deadlines.register("litigation.answer", "答辩及举证期限", 15, law=f"{LAW}第六十七条")
APPEAL_JUDGMENT = deadlines.register(
    "litigation.appeal_judgment", "不服判决上诉期限", 15, law=f"{LAW}第八十五条"
)
APPEAL_RULING = deadlines.register(
    "litigation.appeal_ruling", "不服裁定上诉期限", 10, law=f"{LAW}第八十五条"
)


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class Outcome(models.TextChoices):
    """How the court disposed of the case; the prefix says judgment (判决) or ruling (裁定)."""

    JUDGMENT_DISMISS = "j_dismiss", "判决驳回诉讼请求"
    JUDGMENT_REVOKE = "j_revoke", "判决撤销（含部分撤销）"
    JUDGMENT_PERFORM = "j_perform", "判决履行法定职责"
    JUDGMENT_ILLEGAL = "j_illegal", "判决确认违法"
    JUDGMENT_VOID = "j_void", "判决确认无效"
    JUDGMENT_CHANGE = "j_change", "判决变更"
    JUDGMENT_PAY = "j_pay", "判决给付或赔偿"
    JUDGMENT_UPHOLD = "j_uphold", "判决驳回上诉、维持原判"
    RULING_DISMISS = "r_dismiss", "裁定驳回起诉"
    RULING_WITHDRAW = "r_withdraw", "裁定准许撤诉"
    MEDIATION = "mediation", "调解结案"

    @property
    def is_judgment(self) -> bool:
        return self.value.startswith("j_")

    @property
    def is_ruling(self) -> bool:
        return self.value.startswith("r_")


class HeadRole(models.TextChoices):
    PRINCIPAL = "principal", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    IN_CHARGE = "in_charge", "分管负责人"
    ABSENT = "absent", "负责人未出庭"


HEAD_ROLES_PRESENT = (HeadRole.PRINCIPAL, HeadRole.DEPUTY, HeadRole.IN_CHARGE)

MSG_ANSWERED_BEFORE_SERVED = "答辩日期不能早于起诉状副本送达日期。"
MSG_OUTCOME_DATE = "填写裁判结果的，须同时填写裁判文书送达日期。"
MSG_OUTCOME_REQUIRED = "填写裁判文书送达日期的，须选择裁判结果。"
MSG_OUTCOME_BEFORE_SERVED = "裁判文书送达日期不能早于起诉状副本送达日期。"
MSG_APPEAL_WITHOUT_OUTCOME = "尚无可上诉的裁判，不能填写上诉日期。"
MSG_APPEAL_NOT_ALLOWED = "二审、再审的裁判和调解书不能上诉。"
MSG_APPEAL_LATE = "上诉期限已于{due}届满（{law}），不能登记逾期上诉。"
MSG_APPEAL_BEFORE_OUTCOME = "上诉日期不能早于裁判文书送达日期。"
MSG_HEARING_BEFORE_SERVED = "开庭日期不能早于起诉状副本送达日期。"
MSG_HEAD_NAME = "负责人出庭的，须填写出庭负责人姓名和职务。"
MSG_LAWYER_ALONE = "负责人不能出庭的，应当委托行政机关相应的工作人员出庭，不能仅委托律师出庭。"
MSG_STAFF_REQUIRED = "负责人不能出庭的，须有行政机关相应的工作人员出庭，请填写出庭工作人员。"
MSG_EXPLANATION_REQUIRED = "负责人不能出庭的，须向人民法院提交书面情况说明，请填写说明内容。"


class LitigationCase(Record):
    """行政应诉案件: a lawsuit against the county government or one of its departments."""

    line = Line.LITIGATION
    case_number_date = "served_on"  # the year of its number (core.casenumbers)

    case_number = models.CharField(
        "本局登记号",
        max_length=40,
        blank=True,
        help_text="留空则登记时由系统按本县字头编号",
        error_messages=casenumbers.ERROR_MESSAGES,
    )
    number = models.CharField("案号", max_length=50, blank=True)
    court = models.CharField("受理法院", max_length=100)
    instance = models.CharField(
        "审级", max_length=10, choices=Instance.choices, default=Instance.FIRST
    )
    plaintiff = models.CharField("原告", max_length=100)
    defendant = models.ForeignKey(
        Unit,
        verbose_name="被告行政机关",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.AGENCY},
    )
    cause = models.CharField("案由", max_length=200, blank=True)
    served_on = models.DateField("起诉状副本送达日期")
    answer_due = models.DateField("答辩举证届满日", null=True, blank=True, editable=False)
    answered_on = models.DateField("提交答辩状及证据日期", null=True, blank=True)
    outcome = models.CharField("裁判结果", max_length=20, choices=Outcome.choices, blank=True)
    outcome_served_on = models.DateField("裁判文书送达日期", null=True, blank=True)
    appeal_due = models.DateField("上诉届满日", null=True, blank=True, editable=False)
    appealed_on = models.DateField("提起上诉日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "行政应诉案件"
        verbose_name_plural = "行政应诉案件"
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["region", "served_on"])]
        constraints = [
            casenumbers.unique_constraint("litigation_case"),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("served_on")),
                name="litigation_answered_after_served",
                violation_error_message=MSG_ANSWERED_BEFORE_SERVED,
            ),
            models.CheckConstraint(
                condition=models.Q(outcome_served_on__isnull=True)
                | models.Q(outcome_served_on__gte=models.F("served_on")),
                name="litigation_outcome_after_served",
                violation_error_message=MSG_OUTCOME_BEFORE_SERVED,
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome_served_on__isnull=False),
                name="litigation_outcome_has_date",
                violation_error_message=MSG_OUTCOME_DATE,
            ),
        ]

    def __str__(self) -> str:
        return (
            self.case_number
            or self.number
            or f"{self.plaintiff}诉{getattr(linked(self, 'defendant'), 'name', '')}"
        )

    @property
    def appealable(self) -> bool:
        return (
            bool(self.outcome)
            and self.instance == Instance.FIRST
            and (self.outcome != Outcome.MEDIATION)
        )

    def refresh_deadlines(self) -> None:
        region = self.region if self.region_id else None
        self.answer_due = (
            deadlines.due_date(self.served_on, ANSWER.code, region).due if self.served_on else None
        )
        self.appeal_due = None
        if self.appealable and self.outcome_served_on:
            code = APPEAL_JUDGMENT.code if Outcome(self.outcome).is_judgment else APPEAL_RULING.code
            self.appeal_due = deadlines.due_date(self.outcome_served_on, code, region).due

    @property
    def answer_late(self) -> bool:
        return bool(self.answered_on and self.answer_due and self.answered_on > self.answer_due)

    def clean(self):
        errors: dict[str, str] = casenumbers.errors(self)
        served = self.served_on
        if served and self.answered_on and self.answered_on < served:
            errors["answered_on"] = MSG_ANSWERED_BEFORE_SERVED
        if self.outcome and not self.outcome_served_on:
            errors["outcome_served_on"] = MSG_OUTCOME_DATE
        if self.outcome_served_on and not self.outcome:
            errors["outcome"] = MSG_OUTCOME_REQUIRED
        if served and self.outcome_served_on and self.outcome_served_on < served:
            errors["outcome_served_on"] = MSG_OUTCOME_BEFORE_SERVED
        if self.appealed_on:
            errors.update(self._clean_appeal())
        if errors:
            raise ValidationError(errors)

    def _clean_appeal(self) -> dict[str, str]:
        if not self.outcome:
            return {"appealed_on": MSG_APPEAL_WITHOUT_OUTCOME}
        if not self.appealable:
            return {"appealed_on": MSG_APPEAL_NOT_ALLOWED}
        if self.outcome_served_on and self.appealed_on < self.outcome_served_on:
            return {"appealed_on": MSG_APPEAL_BEFORE_OUTCOME}
        self.refresh_deadlines()
        if self.appeal_due and self.appealed_on > self.appeal_due:
            code = APPEAL_JUDGMENT if Outcome(self.outcome).is_judgment else APPEAL_RULING
            return {"appealed_on": MSG_APPEAL_LATE.format(due=self.appeal_due, law=code.law)}
        return {}

    def due_now(self) -> tuple[str, dt.date | None, dt.date | None]:
        """(what, due, done_on) of the step the agency owes next: the answer, then an appeal."""
        if not self.answered_on and not self.outcome:
            return ("答辩举证", self.answer_due, None)
        if self.appeal_due:
            return ("上诉", self.appeal_due, self.appealed_on)
        return ("", None, None)


class Hearing(Record):
    """开庭: who appeared for the defendant agency. The head's presence counts toward the rate."""

    line = Line.LITIGATION

    case = models.ForeignKey(
        LitigationCase, verbose_name="应诉案件", on_delete=models.PROTECT, related_name="hearings"
    )
    held_on = models.DateField("开庭日期")
    head_role = models.CharField("负责人出庭情况", max_length=20, choices=HeadRole.choices)
    head_name = models.CharField(
        "出庭负责人", max_length=50, blank=True, help_text="姓名及职务，如“张某（副县长）”。"
    )
    staff_names = models.CharField(
        "出庭工作人员", max_length=200, blank=True, help_text="行政机关相应的工作人员。"
    )
    lawyer_names = models.CharField("委托律师", max_length=200, blank=True)
    absence_explanation = models.TextField("负责人未出庭书面说明", blank=True)

    class Meta:
        verbose_name = "开庭记录"
        verbose_name_plural = "开庭记录"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["region", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} 开庭"

    @property
    def head_appeared(self) -> bool:
        return self.head_role in HEAD_ROLES_PRESENT

    def clean(self):
        errors: dict[str, str] = {}
        if self.case_id and self.held_on and self.held_on < self.case.served_on:
            errors["held_on"] = MSG_HEARING_BEFORE_SERVED
        if self.head_appeared and not self.head_name.strip():
            errors["head_name"] = MSG_HEAD_NAME
        if self.head_role == HeadRole.ABSENT:
            if not self.staff_names.strip():
                errors["staff_names"] = (
                    MSG_LAWYER_ALONE if self.lawyer_names.strip() else MSG_STAFF_REQUIRED
                )
            if not self.absence_explanation.strip():
                errors["absence_explanation"] = MSG_EXPLANATION_REQUIRED
        if errors:
            raise ValidationError(errors)
