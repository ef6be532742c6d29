"""People under community correction (社区矫正对象) and the base of the records in their file."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core import deadlines
from sifa.core.dates import ymd
from sifa.core.idnumber import birth_date as id_birth_date
from sifa.core.idnumber import gender_of, normalize, validate_id_number
from sifa.core.lines import Line
from sifa.core.models import Record, Region, RegionLevel
from sifa.core.workflow import Pipeline

from .common import ADULT_AGE, INTAKE_PERIOD, Gender, age_on


class CorrectionType(models.TextChoices):
    SURVEILLANCE = "surveillance", "管制"
    PROBATION = "probation", "缓刑"
    PAROLE = "parole", "假释"
    MEDICAL_PAROLE = "medical_parole", "暂予监外执行"


class SubjectStatus(models.TextChoices):
    PENDING = "pending", "待接收"
    ACTIVE = "active", "在矫"
    RELEASED = "released", "已解除"
    TERMINATED = "terminated", "已终止"


class EndReason(models.TextChoices):
    EXPIRED = "expired", "矫正期满"
    PARDONED = "pardoned", "被赦免"
    PROBATION_REVOKED = "probation_revoked", "撤销缓刑"
    PAROLE_REVOKED = "parole_revoked", "撤销假释"
    COMMITTED = "committed", "决定收监执行"
    DEATH = "death", "死亡"


RELEASE_REASONS = (EndReason.EXPIRED, EndReason.PARDONED)
TERMINATION_REASONS = (
    EndReason.PROBATION_REVOKED,
    EndReason.PAROLE_REVOKED,
    EndReason.COMMITTED,
    EndReason.DEATH,
)
# A termination reason that only fits one correction type.
REASON_TYPE = {
    EndReason.PROBATION_REVOKED: CorrectionType.PROBATION,
    EndReason.PAROLE_REVOKED: CorrectionType.PAROLE,
    EndReason.COMMITTED: CorrectionType.MEDICAL_PAROLE,
}


def registered_q(day: dt.date) -> models.Q:
    """在册 on `day`: taken in on or before it and not ended on or before it."""
    return models.Q(received_on__lte=day) & (
        models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day)
    )


class Subject(Record):
    """A person under community correction; `region` is the executing township (执行地)."""

    line = Line.CORRECTION
    sensitive_fields = ("name", "id_number", "birth_date")
    audit_masked_fields = ("id_number",)

    pipeline = Pipeline(
        moves={
            SubjectStatus.PENDING: (SubjectStatus.ACTIVE,),
            SubjectStatus.ACTIVE: (SubjectStatus.RELEASED, SubjectStatus.TERMINATED),
        },
        stamps={
            SubjectStatus.ACTIVE: "received_on",
            SubjectStatus.RELEASED: "ended_on",
            SubjectStatus.TERMINATED: "ended_on",
        },
    )

    region = models.ForeignKey(
        Region, verbose_name="执行地（乡镇/街道）", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    id_number = models.CharField(
        "身份证号", max_length=18, validators=[validate_id_number], db_index=True
    )
    birth_date = models.DateField("出生日期")
    correction_type = models.CharField("矫正类别", max_length=20, choices=CorrectionType.choices)
    offence_on = models.DateField(
        "犯罪时间", null=True, blank=True, help_text="已知时填写；用于判断是否为未成年人犯罪。"
    )
    judgment_effective_on = models.DateField("判决（裁定、决定）生效日期")
    period_start = models.DateField("矫正期起")
    period_end = models.DateField("矫正期止")
    intake_due = models.DateField("应报到接收期限", null=True, editable=False, db_index=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=SubjectStatus.choices,
        default=SubjectStatus.PENDING,
        editable=False,
        db_index=True,
    )
    received_on = models.DateField("接收日期", null=True, blank=True, editable=False, db_index=True)
    ended_on = models.DateField(
        "解除（终止）日期", null=True, blank=True, editable=False, db_index=True
    )
    end_reason = models.CharField(
        "解除（终止）原因", max_length=20, choices=EndReason.choices, blank=True, editable=False
    )
    is_minor = models.BooleanField(
        "未成年人（档案封存）",
        default=False,
        editable=False,
        db_index=True,
        help_text="犯罪时（未填写则按判决生效时）不满十八周岁，档案依法封存。",
    )
    note = models.TextField("备注", blank=True)

    class Meta(Record.Meta):
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["region", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="subject_period_in_order",
                violation_error_message="矫正期止不能早于矫正期起。",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | (
                    models.Q(received_on__isnull=False)
                    & models.Q(ended_on__gte=models.F("received_on"))
                ),
                name="subject_end_after_intake",
                violation_error_message="解除（终止）日期不能早于接收日期。",
            ),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(status__in=["pending", "active"], deleted_at__isnull=True),
                name="one_open_file_per_id_number",
                violation_error_message="该身份证号已有一份正在执行的社区矫正档案。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # --- derived facts -------------------------------------------------------------------
    def derive_minor(self) -> bool:
        """Under 18 at the offence (or, when its date is unknown, when the judgment took effect)."""
        day = self.offence_on or self.judgment_effective_on
        if not (self.birth_date and day):
            return False
        return age_on(self.birth_date, day) < ADULT_AGE

    def compute_intake_due(self, period: deadlines.Period | None = None) -> dt.date | None:
        """Last day to report (art. 21); `period` saves the county lookup in bulk."""
        if not self.judgment_effective_on:
            return None
        if period is None:
            period = deadlines.period(INTAKE_PERIOD.code, self.region if self.region_id else None)
        return deadlines.due_date(self.judgment_effective_on, period).due

    @property
    def intake_late(self) -> bool:
        return bool(self.received_on and self.intake_due and self.received_on > self.intake_due)

    @property
    def intake_state(self):
        return deadlines.deadline_state(self.intake_due, done_on=self.received_on)

    def is_registered_on(self, day: dt.date) -> bool:
        return bool(
            self.received_on
            and self.received_on <= day
            and (self.ended_on is None or self.ended_on > day)
        )

    def clean(self):
        self.is_minor = self.derive_minor()
        self.intake_due = self.compute_intake_due()
        errors = {}
        if self.id_number:
            self.id_number = normalize(self.id_number)
            try:
                validate_id_number(self.id_number)
            except ValidationError:
                pass  # reported by the field validator
            else:
                if self.birth_date and id_birth_date(self.id_number) != self.birth_date:
                    errors["birth_date"] = "出生日期与身份证号不一致。"
                if self.gender and gender_of(self.id_number) != self.gender:
                    errors["gender"] = "性别与身份证号不一致。"
        if self.region_id and self.region.level < RegionLevel.TOWNSHIP:
            errors["region"] = "执行地应选择乡镇（街道）或其下的村（社区）。"
        if (
            self.offence_on
            and self.judgment_effective_on
            and (self.offence_on > self.judgment_effective_on)
        ):
            errors["offence_on"] = "犯罪时间不能晚于判决生效日期。"
        if self.birth_date and self.offence_on and self.offence_on < self.birth_date:
            errors["offence_on"] = "犯罪时间不能早于出生日期。"
        if (
            self.received_on
            and self.judgment_effective_on
            and (self.received_on < self.judgment_effective_on)
        ):
            errors["received_on"] = "接收日期不能早于判决（裁定、决定）生效日期。"
        errors.update(self._clean_end())
        if errors:
            raise ValidationError(errors)

    def _clean_end(self) -> dict:
        errors = {}
        if self.status == SubjectStatus.RELEASED and self.end_reason not in RELEASE_REASONS:
            errors["end_reason"] = "解除社区矫正的原因只能是矫正期满或被赦免。"
        if self.status == SubjectStatus.TERMINATED and self.end_reason not in TERMINATION_REASONS:
            errors["end_reason"] = "终止社区矫正的原因只能是撤销缓刑、撤销假释、收监执行或死亡。"
        needed = REASON_TYPE.get(self.end_reason)
        if needed and self.correction_type != needed:
            errors["end_reason"] = (
                f"“{EndReason(self.end_reason).label}”只适用于"
                f"{CorrectionType(needed).label}的社区矫正对象。"
            )
        if (
            self.end_reason == EndReason.EXPIRED
            and self.ended_on
            and self.period_end
            and self.ended_on < self.period_end
        ):
            errors["ended_on"] = f"矫正期至{ymd(self.period_end)}届满，期满前不能以“矫正期满”解除。"
        if self.ended_on and not self.received_on:
            errors["ended_on"] = "尚未接收的社区矫正对象不能解除或终止。"
        elif self.ended_on and self.ended_on < self.received_on:
            errors["ended_on"] = "解除（终止）日期不能早于接收日期。"
        return errors


class SubjectChild(Record):
    """Base of the records kept in a subject's file; region follows the subject."""

    line = Line.CORRECTION

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.PROTECT)

    class Meta(Record.Meta):
        abstract = True

    def check_within_supervision(self, day: dt.date | None, field: str, errors: dict) -> None:
        """A supervision fact must fall between intake and the end of correction."""
        if not (day and self.subject_id):
            return
        s = self.subject
        if s.received_on is None or day < s.received_on:
            errors[field] = "日期不能早于该社区矫正对象的接收日期。"
        elif s.ended_on and day > s.ended_on:
            errors[field] = "日期不能晚于该社区矫正对象的解除（终止）日期。"
