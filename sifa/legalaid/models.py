"""Records of the legalaid line (法律援助, 法律援助法).

Applications follow arts. 43–44: the legal aid body reviews an application within 7 days of
receiving it and, having granted aid, assigns a handler within 3 days of the decision; a
refusal is told to the applicant in writing with its reasons. A granted and assigned matter
is a case (`AidCase`), which may also arise without an application (notified defence).
Duty-lawyer help in plea cases, free consultations and drafted documents are dated records,
one record per matter, so the figures count them.
"""

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core import casenumbers, deadlines
from sifa.core.idnumber import validate_id_number
from sifa.core.lines import Line
from sifa.core.models import Record, Unit, UnitKind
from sifa.core.workflow import Pipeline

REVIEW = deadlines.register(
    "legalaid.review", "法律援助申请审查", 7, law="《法律援助法》第四十三条"
)
ASSIGN = deadlines.register("legalaid.assign", "法律援助指派", 3, law="《法律援助法》第四十四条")

HANDLER_KINDS = (UnitKind.LEGAL_AID_CENTRE, UnitKind.LAW_FIRM)

MSG_REFUSAL_REASON = "不予法律援助的，应当书面说明理由。"
MSG_DECIDED_BEFORE_RECEIVED = "审查决定日期不能早于收到申请的日期。"
MSG_ASSIGNED_BEFORE_DECIDED = "指派日期不能早于准予援助的决定日期。"
MSG_CLOSED_BEFORE_ASSIGNED = "结案日期不能早于指派日期。"
MSG_HANDLER_KIND = "承办机构应为法律援助中心或律师事务所。"
MSG_GROUPS = "受援人群体只能从以下选择：{choices}。"
MSG_LAWYER_REQUIRED = "请填写承办律师。"


class CaseType(models.TextChoices):
    CRIMINAL = "criminal", "刑事"
    CIVIL = "civil", "民事"
    LABOR_ARBITRATION = "labor_arbitration", "劳动仲裁"
    ADMINISTRATIVE = "administrative", "行政"


class RecipientGroup(models.TextChoices):
    DISABLED = "disabled", "残疾人"
    ELDERLY = "elderly", "老年人"
    MINOR = "minor", "未成年人"
    WOMAN = "woman", "妇女"
    MIGRANT_WORKER = "migrant_worker", "农民工"


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", "待审查"
    APPROVED = "approved", "准予援助"
    REFUSED = "refused", "不予援助"
    ASSIGNED = "assigned", "已指派"


class AidApplication(Record):
    """An application for legal aid (法律援助申请); sensitive personal data."""

    line = Line.LEGALAID
    sensitive_fields = ("applicant_name", "id_number", "phone")
    audit_masked_fields = ("id_number",)

    pipeline = Pipeline(
        moves={
            ApplicationStatus.RECEIVED: (ApplicationStatus.APPROVED, ApplicationStatus.REFUSED),
            ApplicationStatus.APPROVED: (ApplicationStatus.ASSIGNED,),
        },
        stamps={
            ApplicationStatus.APPROVED: "decided_on",
            ApplicationStatus.REFUSED: "decided_on",
            ApplicationStatus.ASSIGNED: "assigned_on",
        },
    )

    applicant_name = models.CharField("申请人", max_length=30)
    id_number = models.CharField("身份证号", max_length=18, validators=[validate_id_number])
    phone = models.CharField("联系电话", max_length=20, blank=True)
    case_type = models.CharField("案件类别", max_length=20, choices=CaseType.choices)
    matter = models.CharField("申请事项", max_length=200)
    received_on = models.DateField("收到申请日期", db_index=True)
    review_due = models.DateField("审查期限", null=True, blank=True, editable=False)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
        editable=False,
    )
    decided_on = models.DateField("审查决定日期", null=True, blank=True, editable=False)
    refusal_reason = models.TextField("不予援助理由", blank=True, editable=False)
    assign_due = models.DateField("指派期限", null=True, blank=True, editable=False)
    assigned_on = models.DateField("指派日期", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "法律援助申请"
        verbose_name_plural = "法律援助申请"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["status", "review_due"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="legalaid_refusal_has_reason",
                violation_error_message=MSG_REFUSAL_REASON,
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True)
                | models.Q(decided_on__gte=models.F("received_on")),
                name="legalaid_decided_after_received",
                violation_error_message=MSG_DECIDED_BEFORE_RECEIVED,
            ),
            models.CheckConstraint(
                condition=models.Q(assigned_on__isnull=True)
                | models.Q(assigned_on__gte=models.F("decided_on")),
                name="legalaid_assigned_after_decided",
                violation_error_message=MSG_ASSIGNED_BEFORE_DECIDED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name}（{self.received_on}）"

    def clean(self):
        errors = {}
        if self.id_number:
            self.id_number = self.id_number.strip().upper()
        if self.status == ApplicationStatus.REFUSED and not (self.refusal_reason or "").strip():
            errors["refusal_reason"] = MSG_REFUSAL_REASON
        if self.decided_on and self.received_on and self.decided_on < self.received_on:
            errors["decided_on"] = MSG_DECIDED_BEFORE_RECEIVED
        if self.assigned_on and self.decided_on and self.assigned_on < self.decided_on:
            errors["assigned_on"] = MSG_ASSIGNED_BEFORE_DECIDED
        if errors:
            raise ValidationError(errors)

    # The deadline running now: review until decided, then assignment until assigned.
    @property
    def current_due(self):
        if self.status == ApplicationStatus.RECEIVED:
            return self.review_due
        if self.status == ApplicationStatus.APPROVED:
            return self.assign_due
        return None

    def running_deadline(self) -> deadlines.Deadline | None:
        """The running period with its explanation (for the detail page), or None when done."""
        if self.status == ApplicationStatus.RECEIVED and self.received_on:
            return deadlines.due_date(self.received_on, REVIEW.code, self.region)
        if self.status == ApplicationStatus.APPROVED and self.decided_on:
            return deadlines.due_date(self.decided_on, ASSIGN.code, self.region)
        return None


class AidCase(Record):
    """A legal aid case (法律援助案件), counted by the date it was assigned."""

    line = Line.LEGALAID
    sensitive_fields = ("recipient_name", "recipient_id_number")
    audit_masked_fields = ("recipient_id_number",)
    case_number_date = "assigned_on"  # the year of its number (core.casenumbers)

    case_number = models.CharField(
        "案号",
        max_length=40,
        blank=True,
        help_text="留空则登记时由系统按本县字头编号",
        error_messages=casenumbers.ERROR_MESSAGES,
    )
    application = models.OneToOneField(
        AidApplication,
        verbose_name="法律援助申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    case_type = models.CharField("案件类别", max_length=20, choices=CaseType.choices, db_index=True)
    recipient_name = models.CharField("受援人", max_length=30)
    recipient_id_number = models.CharField(
        "受援人身份证号", max_length=18, blank=True, validators=[validate_id_number]
    )
    handler = models.ForeignKey(
        Unit, verbose_name="承办机构", on_delete=models.PROTECT, related_name="+"
    )
    lawyer = models.CharField("承办律师", max_length=30)
    assigned_on = models.DateField("指派日期", db_index=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    agri = models.BooleanField("涉农案件", default=False)
    recipient_groups = models.JSONField("受援人群体", default=list, blank=True)
    summary = models.CharField("案情摘要", max_length=200, blank=True)

    class Meta:
        verbose_name = "法律援助案件"
        verbose_name_plural = "法律援助案件"
        ordering = ["-assigned_on", "-id"]
        indexes = [
            models.Index(fields=["case_type", "assigned_on"]),
            models.Index(fields=["region", "assigned_on"]),
        ]
        constraints = [
            casenumbers.unique_constraint("legalaid_case"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("assigned_on")),
                name="legalaid_case_closed_after_assigned",
                violation_error_message=MSG_CLOSED_BEFORE_ASSIGNED,
            ),
        ]

    def __str__(self) -> str:
        if self.case_number:
            return self.case_number
        return f"{self.get_case_type_display()}·{self.recipient_name}（{self.assigned_on}）"

    @property
    def groups_display(self) -> str:
        labels = dict(RecipientGroup.choices)
        return "、".join(str(labels.get(g, g)) for g in self.recipient_groups or [])

    def clean(self):
        errors = casenumbers.errors(self)
        if self.recipient_id_number:
            self.recipient_id_number = self.recipient_id_number.strip().upper()
        if self.handler_id and self.handler.kind not in HANDLER_KINDS:
            errors["handler"] = MSG_HANDLER_KIND
        if self.closed_on and self.assigned_on and self.closed_on < self.assigned_on:
            errors["closed_on"] = MSG_CLOSED_BEFORE_ASSIGNED
        groups = self.recipient_groups or []
        if not isinstance(groups, list) or any(g not in RecipientGroup.values for g in groups):
            errors["recipient_groups"] = MSG_GROUPS.format(choices="、".join(RecipientGroup.labels))
        else:
            self.recipient_groups = [g for g in RecipientGroup.values if g in groups]
        if errors:
            raise ValidationError(errors)


class PleaHelp(Record):
    """Duty-lawyer help (值班律师) in one plea case (认罪认罚案件)."""

    line = Line.LEGALAID
    sensitive_fields = ("suspect_name",)

    date = models.DateField("日期", db_index=True)
    suspect_name = models.CharField("犯罪嫌疑人/被告人", max_length=30, blank=True)
    lawyer = models.CharField("值班律师", max_length=30)
    stage = models.CharField(
        "诉讼阶段", max_length=20, blank=True, choices=[("review", "审查起诉"), ("trial", "审判")]
    )
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "认罪认罚值班律师帮助"
        verbose_name_plural = "认罪认罚值班律师帮助"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} 认罪认罚案件（{self.lawyer}）"


class AidConsultation(Record):
    """One free legal consultation (免费法律咨询, one person-time) at the legal aid centre."""

    line = Line.LEGALAID
    sensitive_fields = ("visitor_name",)

    date = models.DateField("日期", db_index=True)
    visitor_name = models.CharField("咨询人", max_length=30, blank=True)
    channel = models.CharField(
        "咨询方式",
        max_length=20,
        default="visit",
        choices=[("visit", "来访"), ("phone", "电话"), ("online", "网络")],
    )
    topic = models.CharField("咨询事项", max_length=200, blank=True)

    class Meta:
        verbose_name = "法律援助咨询"
        verbose_name_plural = "法律援助咨询"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} 法律咨询"


class AidDocument(Record):
    """One legal document drafted for an applicant (代写法律文书) by the legal aid centre."""

    line = Line.LEGALAID
    sensitive_fields = ("applicant_name",)

    date = models.DateField("日期", db_index=True)
    applicant_name = models.CharField("申请人", max_length=30, blank=True)
    kind = models.CharField(
        "文书类型",
        max_length=20,
        default="complaint",
        choices=[
            ("complaint", "起诉状"),
            ("defence", "答辩状"),
            ("appeal", "上诉状"),
            ("application", "申请书"),
            ("other", "其他"),
        ],
    )
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "代写法律文书"
        verbose_name_plural = "代写法律文书"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
