"""Records of the enforcement line (行政执法监督).

EnforcementAgency (执法主体, one per agency Unit)
 ├── Officer (执法人员: in service from `hired_on`, left on `left_on`)
 │    └── Certificate (执法证件: issued, expires; valid through `expires_on` unless revoked)
 └── ThreeSystemsEvaluation ("三项制度" scores for one year)

Special inspections (专项执法检查) are core Activity records of type `enforcement_inspection`
(the proxy SpecialInspection lists them).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from sifa.core import deadlines
from sifa.core.dates import ymd
from sifa.core.idnumber import normalize, validate_id_number
from sifa.core.lines import Line
from sifa.core.models import Activity, Record, Unit, UnitKind
from sifa.core.models.records import linked

# The validity of an enforcement certificate: five years by default, a county may override.
CERTIFICATE_VALIDITY = deadlines.register(
    "enforcement.certificate_validity",
    "行政执法证件有效期",
    1825,
    law="行政执法证件管理办法（有效期5年）",
)
# A certificate is flagged 即将到期 this many months before it expires.
EXPIRY_WARNING_MONTHS = 2
INSPECTION_TYPE = "enforcement_inspection"

MSG_AGENCY_UNIT_KIND = "执法主体须为“行政机关”类机构。"
MSG_LEFT_BEFORE_HIRED = "离岗日期不能早于上岗日期。"
MSG_EXPIRES_BEFORE_ISSUED = "有效期至不能早于发证日期。"
MSG_REVOKED_BEFORE_ISSUED = "注销日期不能早于发证日期。"
MSG_ISSUED_BEFORE_HIRED = "发证日期不能早于该人员上岗日期（{date}）。"
MSG_ISSUED_AFTER_LEFT = "该人员已于{date}离岗，不能再发证。"
MSG_RENEWAL_WITHOUT_PRIOR = "该人员此前没有执法证件，应登记为“新申领”。"
MSG_NUMBER_TAKEN = "证件编号“{number}”已登记，不能重复。"
MSG_ONE_ACTIVE_SERVICE = "该身份证号的人员已在岗登记，不能重复登记。"
MSG_SCORE_RANGE = "得分应在0至100分之间。"
MSG_YEAR_RANGE = "年度应在2000年至2100年之间。"
MSG_ONE_EVALUATION = "该执法主体本年度已有“三项制度”评查记录。"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months, clamped to the month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise ValueError(day)


def expiry_for(issued_on: dt.date, days: int) -> dt.date:
    """Last day of validity: whole years run to the day before the anniversary (5年 → 1825日)."""
    if days and days % 365 == 0:
        return add_months(issued_on, 12 * (days // 365)) - dt.timedelta(days=1)
    return issued_on + dt.timedelta(days=days)


class AgencyKind(models.TextChoices):
    STATUTORY = "statutory", "法定行政机关"
    AUTHORISED = "authorised", "法律法规授权组织"
    ENTRUSTED = "entrusted", "受委托组织"


class EnforcementAgency(Record):
    """An enforcement agency (执法主体): an agency Unit recorded with its legal standing."""

    line = Line.ENFORCEMENT

    unit = models.OneToOneField(
        Unit, verbose_name="机构", on_delete=models.PROTECT, related_name="enforcement_agency"
    )
    kind = models.CharField(
        "主体类别", max_length=20, choices=AgencyKind.choices, default=AgencyKind.STATUTORY
    )
    powers = models.TextField("执法职权与依据", blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering = ["unit__name"]

    def __str__(self) -> str:
        unit = linked(self, "unit")
        return unit.name if unit else "执法主体"

    def clean(self):
        if self.unit_id and self.unit.kind != UnitKind.AGENCY:
            raise ValidationError({"unit": MSG_AGENCY_UNIT_KIND})


def in_service_q(on: dt.date, prefix: str = "") -> Q:
    """Officers in service on `on`: started on or before it and not left on or before it."""
    return Q(**{f"{prefix}hired_on__lte": on}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": on})
    )


def valid_certificate_q(on: dt.date, prefix: str = "") -> Q:
    """Certificates valid on `on`: issued on or before it, not expired, not revoked by then."""
    return Q(**{f"{prefix}issued_on__lte": on, f"{prefix}expires_on__gte": on}) & (
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": on})
    )


def certified_q(on: dt.date) -> Q:
    """Officers holding a certificate valid on `on` (a Q over Officer)."""
    return Q(Exists(Certificate.objects.filter(valid_certificate_q(on), officer=OuterRef("pk"))))


class Officer(Record):
    """A law-enforcement officer (行政执法人员) of one agency."""

    line = Line.ENFORCEMENT
    sensitive_fields = ("id_number",)
    audit_masked_fields = ("id_number",)
    # An import matches a row to its officer by person and start of service, so a re-imported
    # row with a leaving date updates the officer (and revokes their certificates) instead of
    # registering the person a second time.
    natural_key_fields = ("id_number", "hired_on")

    agency = models.ForeignKey(
        EnforcementAgency,
        verbose_name="执法主体",
        on_delete=models.PROTECT,
        related_name="officers",
    )
    name = models.CharField("姓名", max_length=30)
    id_number = models.CharField("身份证号", max_length=18, validators=[validate_id_number])
    post = models.CharField("职务", max_length=50, blank=True)
    hired_on = models.DateField("上岗日期")
    left_on = models.DateField(
        "离岗日期", null=True, blank=True, help_text="调离、退休等不再从事执法工作的日期。"
    )

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["agency__unit__name", "name", "id"]
        indexes = [models.Index(fields=["hired_on", "left_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("hired_on")),
                name="officer_left_after_hired",
                violation_error_message=MSG_LEFT_BEFORE_HIRED,
            ),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(left_on__isnull=True, deleted_at__isnull=True),
                name="officer_one_active_service",
                violation_error_message=MSG_ONE_ACTIVE_SERVICE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        self.id_number = normalize(self.id_number)
        if self.hired_on and self.left_on and self.left_on < self.hired_on:
            raise ValidationError({"left_on": MSG_LEFT_BEFORE_HIRED})

    def in_service(self, on: dt.date) -> bool:
        return self.hired_on <= on and (self.left_on is None or self.left_on > on)

    def valid_certificate(self, on: dt.date) -> Certificate | None:
        return self.certificates.filter(valid_certificate_q(on)).order_by("-issued_on").first()

    def is_certified(self, on: dt.date) -> bool:
        return self.valid_certificate(on) is not None


class CertificateKind(models.TextChoices):
    NEW = "new", "新申领"
    RENEWED = "renewed", "换发"


class CertificateState(models.TextChoices):
    OK = "ok", "正常"
    SOON = "soon", "即将到期"
    OVERDUE = "overdue", "已超期"
    DONE = "done", "已换发或注销"


class Certificate(Record):
    """An enforcement certificate (行政执法证件); valid from issue through `expires_on`."""

    line = Line.ENFORCEMENT

    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField("证件编号", max_length=40)
    kind = models.CharField(
        "申领类别", max_length=10, choices=CertificateKind.choices, default=CertificateKind.NEW
    )
    issued_on = models.DateField("发证日期", db_index=True)
    expires_on = models.DateField(
        "有效期至",
        blank=True,
        help_text="留空则按本县设置的有效期（默认5年）自动计算。",
    )
    revoked_on = models.DateField("注销日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "执法证件"
        verbose_name_plural = "执法证件"
        ordering = ["-issued_on", "-id"]
        indexes = [
            # Every expiry read is scoped to a region range (the due lists, the 即将到期 and
            # 已超期 filters): the range and the expiry bound are both index conditions, so a
            # county's due list reads its own expiring certificates. (A plain expiry index let
            # the planner walk the province's certificates in expiry order for the LIMIT.)
            models.Index(fields=["region", "expires_on"], name="certificate_region_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(deleted_at__isnull=True),
                name="certificate_number_unique",
                violation_error_message="证件编号已登记，不能重复。",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("issued_on")),
                name="certificate_expires_after_issued",
                violation_error_message=MSG_EXPIRES_BEFORE_ISSUED,
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("issued_on")),
                name="certificate_revoked_after_issued",
                violation_error_message=MSG_REVOKED_BEFORE_ISSUED,
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def default_expiry(self) -> dt.date:
        region = self.officer.region if self.officer_id else None
        validity = deadlines.period(CERTIFICATE_VALIDITY.code, region)
        return expiry_for(self.issued_on, validity.days)

    def clean(self):
        errors = {}
        self.number = (self.number or "").strip()
        if self.issued_on and not self.expires_on:
            self.expires_on = self.default_expiry()
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors["expires_on"] = MSG_EXPIRES_BEFORE_ISSUED
        if self.issued_on and self.revoked_on and self.revoked_on < self.issued_on:
            errors["revoked_on"] = MSG_REVOKED_BEFORE_ISSUED
        if self.officer_id and self.issued_on:
            officer = self.officer
            if self.issued_on < officer.hired_on:
                errors["issued_on"] = MSG_ISSUED_BEFORE_HIRED.format(date=ymd(officer.hired_on))
            elif officer.left_on and self.issued_on >= officer.left_on:
                errors["issued_on"] = MSG_ISSUED_AFTER_LEFT.format(date=ymd(officer.left_on))
            earlier = Certificate.objects.filter(officer=officer, issued_on__lte=self.issued_on)
            if self.kind == CertificateKind.RENEWED and not earlier.exclude(pk=self.pk).exists():
                errors["kind"] = MSG_RENEWAL_WITHOUT_PRIOR
        if self.number:
            taken = Certificate.all_objects.filter(number=self.number).exclude(pk=self.pk)
            if taken.exists():
                errors["number"] = MSG_NUMBER_TAKEN.format(number=self.number)
        if errors:
            raise ValidationError(errors)

    # --- deadline state (正常 / 即将到期 / 已超期) ---------------------------------------------
    def warn_from(self) -> dt.date:
        return add_months(self.expires_on, -EXPIRY_WARNING_MONTHS)

    def is_replaced(self) -> bool:
        """Renewed by a later certificate, revoked, or its holder has left."""
        if self.revoked_on or self.officer.left_on:
            return True
        return self.officer.certificates.filter(issued_on__gt=self.issued_on).exists()

    def state(self, today: dt.date | None = None) -> CertificateState:
        """正常 / 即将到期 / 已超期, or 已换发或注销 (lists annotate `replaced` to save queries)."""
        today = today or dt.date.today()
        replaced = getattr(self, "replaced", None)
        if replaced if replaced is not None else self.is_replaced():
            return CertificateState.DONE
        if today > self.expires_on:
            return CertificateState.OVERDUE
        if today >= self.warn_from():
            return CertificateState.SOON
        return CertificateState.OK


def replaced_q() -> Q:
    """Certificates whose expiry no longer matters: renewed, revoked, or holder left."""
    later = Certificate.objects.filter(
        officer=OuterRef("officer"), issued_on__gt=OuterRef("issued_on")
    )
    return Q(revoked_on__isnull=False) | Q(officer__left_on__isnull=False) | Q(Exists(later))


def with_replaced(qs):
    """Annotate `replaced` (renewed, revoked or holder left) on a Certificate queryset."""
    return qs.annotate(
        replaced=models.ExpressionWrapper(replaced_q(), output_field=models.BooleanField())
    )


def certificate_state_q(state: str, today: dt.date) -> Q:
    """Q over Certificate for one deadline state (same rule as Certificate.state)."""
    warn_limit = add_months(today, EXPIRY_WARNING_MONTHS)
    if state == CertificateState.DONE:
        return replaced_q()
    if state == CertificateState.OVERDUE:
        return ~replaced_q() & Q(expires_on__lt=today)
    if state == CertificateState.SOON:
        return ~replaced_q() & Q(expires_on__gte=today, expires_on__lte=warn_limit)
    if state == CertificateState.OK:
        return ~replaced_q() & Q(expires_on__gt=warn_limit)
    return Q()


class ThreeSystemsEvaluation(Record):
    """One agency's "三项制度" evaluation for a year: 公示, 全过程记录, 重大执法决定法制审核."""

    line = Line.ENFORCEMENT

    agency = models.ForeignKey(
        EnforcementAgency,
        verbose_name="执法主体",
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    year = models.PositiveSmallIntegerField("年度")
    evaluated_on = models.DateField("评查日期")
    publicity_score = models.DecimalField("行政执法公示得分", max_digits=4, decimal_places=1)
    recording_score = models.DecimalField("执法全过程记录得分", max_digits=4, decimal_places=1)
    legal_review_score = models.DecimalField(
        "重大执法决定法制审核得分", max_digits=4, decimal_places=1
    )
    problems = models.TextField("发现问题", blank=True)

    class Meta:
        verbose_name = "“三项制度”评查"
        verbose_name_plural = "“三项制度”评查"
        ordering = ["-year", "agency__unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=Q(deleted_at__isnull=True),
                name="one_evaluation_per_agency_year",
                violation_error_message=MSG_ONE_EVALUATION,
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 0, f"{f}__lte": 100}),
                    name=f"evaluation_{f}_range",
                    violation_error_message=MSG_SCORE_RANGE,
                )
                for f in ("publicity_score", "recording_score", "legal_review_score")
            ],
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="evaluation_year_range",
                violation_error_message=MSG_YEAR_RANGE,
            ),
        ]

    SCORE_FIELDS = ("publicity_score", "recording_score", "legal_review_score")

    def __str__(self) -> str:
        return f"{self.year}年 {self.agency}"

    @property
    def average(self):
        scores = [getattr(self, f) for f in self.SCORE_FIELDS]
        if any(s is None for s in scores):
            return None
        return round(sum(scores) / 3, 1)

    def clean(self):
        errors = {}
        for f in self.SCORE_FIELDS:
            value = getattr(self, f)
            if value is not None and not 0 <= value <= 100:
                errors[f] = MSG_SCORE_RANGE
        if self.year is not None and not 2000 <= self.year <= 2100:
            errors["year"] = MSG_YEAR_RANGE
        if errors:
            raise ValidationError(errors)


class InspectionManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True, type__code=INSPECTION_TYPE)


class SpecialInspection(Activity):
    """专项执法检查: the Activity records of type enforcement_inspection."""

    objects = InspectionManager()

    class Meta:
        proxy = True
        verbose_name = "专项执法检查"
        verbose_name_plural = "专项执法检查"
