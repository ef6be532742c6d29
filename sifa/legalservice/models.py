"""Records of the legalservice line (公共法律服务): platforms and village legal advisors.

Platforms (county centre, township stations, village rooms) are core Units; `Platform` is a
proxy that gives them this line's entry screen, scoped by region, without a second table.
A village's legal-advisor contract (村居法律顾问) carries the village as its region.
"""

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Record, RegionLevel, Unit, UnitKind
from sifa.core.models.units import PLATFORM_KINDS, UnitQuerySet

# The level of region each kind of platform stands in.
PLATFORM_LEVEL = {
    UnitKind.PLATFORM_CENTRE: RegionLevel.COUNTY,
    UnitKind.PLATFORM_STATION: RegionLevel.TOWNSHIP,
    UnitKind.PLATFORM_ROOM: RegionLevel.VILLAGE,
}
PLATFORM_KIND_CHOICES = [(k.value, k.label) for k in PLATFORM_KINDS]

MSG_PLATFORM_KIND = "请选择平台类型：公共法律服务中心、工作站或服务室。"
MSG_PLATFORM_LEVEL = "{kind}应设在{level}一级的区域。"
MSG_NOT_VILLAGE = "法律顾问合同应选择具体的村（社区）。"
MSG_NOT_LAW_FIRM = "请选择律师事务所。"
MSG_CONTRACT_ORDER = "合同终止日期不能早于起始日期。"
MSG_SERVICE_OUTSIDE = "服务日期应在法律顾问合同期限（{start}至{end}）内。"


class PlatformManager(models.Manager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind__in=PLATFORM_KINDS)


class Platform(Unit):
    """A public legal service platform: a core Unit of a platform kind."""

    line = Line.LEGALSERVICE
    sensitive_fields: tuple[str, ...] = ()

    objects = PlatformManager()
    all_objects = PlatformManager()

    class Meta:
        proxy = True
        verbose_name = "公共法律服务平台"
        verbose_name_plural = "公共法律服务平台"
        ordering = ["kind", "region_id", "name"]

    @classmethod
    def line_q(cls, lines):
        return models.Q() if cls.line in lines else None

    def clean(self):
        super().clean()
        if self.kind not in PLATFORM_LEVEL:
            raise ValidationError({"kind": MSG_PLATFORM_KIND})
        level = PLATFORM_LEVEL[UnitKind(self.kind)]
        if self.region_id and self.region.level != level:
            raise ValidationError(
                {
                    "region": MSG_PLATFORM_LEVEL.format(
                        kind=UnitKind(self.kind).label, level=RegionLevel(level).label
                    )
                }
            )


class AdvisorContract(Record):
    """A village's legal-advisor contract (村居法律顾问合同); its region is the village."""

    line = Line.LEGALSERVICE

    lawyer = models.CharField("法律顾问（律师）", max_length=30)
    law_firm = models.ForeignKey(
        Unit, verbose_name="律师事务所", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("合同起始日期")
    ends_on = models.DateField("合同终止日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "村居法律顾问合同"
        verbose_name_plural = "村居法律顾问合同"
        ordering = ["region_id", "-starts_on"]
        indexes = [models.Index(fields=["starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="advisor_contract_ends_after_start",
                violation_error_message=MSG_CONTRACT_ORDER,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}·{self.lawyer}（{self.starts_on}至{self.ends_on}）"

    def in_force(self, on) -> bool:
        return self.starts_on <= on <= self.ends_on

    def clean(self):
        errors = {}
        if self.region_id and self.region.level != RegionLevel.VILLAGE:
            errors["region"] = MSG_NOT_VILLAGE
        if self.law_firm_id and self.law_firm.kind != UnitKind.LAW_FIRM:
            errors["law_firm"] = MSG_NOT_LAW_FIRM
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = MSG_CONTRACT_ORDER
        if errors:
            raise ValidationError(errors)


class ServiceKind(models.TextChoices):
    CONSULTATION = "consultation", "法律咨询"
    LECTURE = "lecture", "法治讲座"
    MEDIATION = "mediation", "参与调解"
    CONTRACT_REVIEW = "contract_review", "审查合同"
    DOCUMENT = "document", "代写法律文书"
    OTHER = "other", "其他"


class AdvisorService(Record):
    """One service given by a village legal advisor; region = the contract's village."""

    line = Line.LEGALSERVICE

    contract = models.ForeignKey(
        AdvisorContract,
        verbose_name="法律顾问合同",
        on_delete=models.PROTECT,
        related_name="services",
    )
    date = models.DateField("服务日期", db_index=True)
    people_served = models.PositiveIntegerField("服务群众（人）", default=0)
    kind = models.CharField(
        "服务类型", max_length=20, choices=ServiceKind.choices, default=ServiceKind.CONSULTATION
    )
    note = models.CharField("服务内容", max_length=200, blank=True)

    class Meta:
        verbose_name = "法律顾问服务记录"
        verbose_name_plural = "法律顾问服务记录"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["region", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_served__gte=0),
                name="advisor_service_people_not_negative",
                violation_error_message="服务群众人数不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}（{self.people_served}人）"

    def clean(self):
        if self.contract_id and self.date and not self.contract.in_force(self.date):
            raise ValidationError(
                {
                    "date": MSG_SERVICE_OUTSIDE.format(
                        start=self.contract.starts_on, end=self.contract.ends_on
                    )
                }
            )
