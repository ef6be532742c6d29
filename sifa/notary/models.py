"""Records of the notary line (公证, 公证法).

A notarization is accepted, then issued (出具公证书) within 15 working days of acceptance
(art. 30), or refused (不予办理, art. 31) or terminated (终结) with reasons. Consultations and
documents drafted by the notary office are dated records, one per matter.
"""

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core import deadlines
from sifa.core.lines import Line
from sifa.core.models import Record
from sifa.core.workflow import Pipeline

ISSUE = deadlines.register(
    "notary.issue", "出具公证书", 15, working_days=True, law="《公证法》第三十条"
)

MSG_CERT_REQUIRED = "出具公证书须填写公证书编号。"
MSG_CERT_TOO_EARLY = "公证书编号在出证时填写。"
MSG_CERT_TAKEN = "该公证书编号已被使用。"
MSG_REASON_REQUIRED = "不予办理或终结公证的，应当说明理由。"
MSG_CLOSED_BEFORE_ACCEPTED = "办结日期不能早于受理日期。"


class Category(models.TextChoices):
    DOMESTIC_CIVIL = "domestic_civil", "国内民事"
    DOMESTIC_ECONOMIC = "domestic_economic", "国内经济"
    FOREIGN_CIVIL = "foreign_civil", "涉外民事"
    FOREIGN_ECONOMIC = "foreign_economic", "涉外经济"


class Status(models.TextChoices):
    ACCEPTED = "accepted", "已受理"
    ISSUED = "issued", "已出证"
    REFUSED = "refused", "不予办理"
    TERMINATED = "terminated", "终结公证"


class Notarization(Record):
    """One notarization matter (公证事项)."""

    line = Line.NOTARY
    sensitive_fields = ("applicant_name",)

    pipeline = Pipeline(
        moves={Status.ACCEPTED: (Status.ISSUED, Status.REFUSED, Status.TERMINATED)},
        stamps={
            Status.ISSUED: "issued_on",
            Status.REFUSED: "closed_on",
            Status.TERMINATED: "closed_on",
        },
    )

    category = models.CharField("公证类别", max_length=20, choices=Category.choices, db_index=True)
    matter = models.CharField("公证事项", max_length=100)
    applicant_name = models.CharField("申请人", max_length=50)
    accepted_on = models.DateField("受理日期", db_index=True)
    issue_due = models.DateField("出证期限", null=True, blank=True, editable=False)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.ACCEPTED, editable=False
    )
    certificate_no = models.CharField("公证书编号", max_length=40, blank=True, editable=False)
    issued_on = models.DateField("出证日期", null=True, blank=True, editable=False, db_index=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    reason = models.TextField("不予办理/终结理由", blank=True, editable=False)

    class Meta:
        verbose_name = "公证事项"
        verbose_name_plural = "公证事项"
        ordering = ["-accepted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~models.Q(certificate_no="") & models.Q(deleted_at__isnull=True),
                name="notary_certificate_no_unique",
                violation_error_message=MSG_CERT_TAKEN,
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("accepted_on")),
                name="notary_closed_after_accepted",
                violation_error_message=MSG_CLOSED_BEFORE_ACCEPTED,
            ),
        ]

    def __str__(self) -> str:
        return self.certificate_no or f"{self.matter}（{self.accepted_on}受理）"

    def clean(self):
        errors = {}
        self.certificate_no = (self.certificate_no or "").strip()
        if self.status == Status.ISSUED:
            if not self.certificate_no:
                errors["certificate_no"] = MSG_CERT_REQUIRED
            self.closed_on = self.issued_on
        elif self.certificate_no:
            errors["certificate_no"] = MSG_CERT_TOO_EARLY
        if self.status in (Status.REFUSED, Status.TERMINATED) and not self.reason.strip():
            errors["reason"] = MSG_REASON_REQUIRED
        if self.closed_on and self.accepted_on and self.closed_on < self.accepted_on:
            errors["issued_on" if self.status == Status.ISSUED else "closed_on"] = (
                MSG_CLOSED_BEFORE_ACCEPTED
            )
        if errors:
            raise ValidationError(errors)


class NotaryConsultation(Record):
    """One notary consultation received (公证咨询, one person-time)."""

    line = Line.NOTARY
    sensitive_fields = ("visitor_name",)

    date = models.DateField("日期", db_index=True)
    visitor_name = models.CharField("咨询人", max_length=30, blank=True)
    topic = models.CharField("咨询事项", max_length=200, blank=True)

    class Meta:
        verbose_name = "公证咨询"
        verbose_name_plural = "公证咨询"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} 公证咨询"


class NotaryDocument(Record):
    """One legal document drafted by the notary office (代写法律文书)."""

    line = Line.NOTARY
    sensitive_fields = ("applicant_name",)

    date = models.DateField("日期", db_index=True)
    applicant_name = models.CharField("申请人", max_length=30, blank=True)
    title = models.CharField("文书名称", max_length=100)

    class Meta:
        verbose_name = "公证处代写法律文书"
        verbose_name_plural = "公证处代写法律文书"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"
