"""Units (机构) that belong to a region: judicial offices, the legal aid centre, law firms…"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from .regions import Region


class UnitKind(models.TextChoices):
    BUREAU = "bureau", "县司法局"
    JUDICIAL_OFFICE = "judicial_office", "司法所"
    LEGAL_AID_CENTRE = "legal_aid_centre", "法律援助中心"
    NOTARY_OFFICE = "notary_office", "公证处"
    LAW_FIRM = "law_firm", "律师事务所"
    MEDIATION_COMMITTEE = "mediation_committee", "人民调解委员会"
    MEDIATION_ROOM = "mediation_room", "调解室"
    PLATFORM_CENTRE = "platform_centre", "公共法律服务中心"
    PLATFORM_STATION = "platform_station", "公共法律服务工作站"
    PLATFORM_ROOM = "platform_room", "公共法律服务室"
    AGENCY = "agency", "行政机关"
    COURT = "court", "人民法院"
    PROCURATORATE = "procuratorate", "人民检察院"


PLATFORM_KINDS = (UnitKind.PLATFORM_CENTRE, UnitKind.PLATFORM_STATION, UnitKind.PLATFORM_ROOM)

# Generic suffixes of unit names, kept by the masked edition (longest first).
UNIT_NAME_SUFFIXES = (
    "公共法律服务工作站",
    "公共法律服务中心",
    "公共法律服务室",
    "人民调解委员会",
    "律师事务所",
    "法律援助中心",
    "司法所",
    "公证处",
    "调解室",
    "司法局",
)


class UnitQuerySet(models.QuerySet):
    def in_operation(self, on: dt.date):
        """Opened on or before `on` and not closed on or before it."""
        return self.filter(
            models.Q(opened_on__isnull=True) | models.Q(opened_on__lte=on),
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=on),
        )


class Unit(models.Model):
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField(
        "简称", max_length=30, blank=True, help_text="报告中使用的简称，如“店头”“法援中心”。"
    )
    kind = models.CharField("机构类型", max_length=30, choices=UnitKind.choices, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    opened_on = models.DateField("设立日期", null=True, blank=True)
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["kind", "region_id", "name"]
        indexes = [models.Index(fields=["kind", "region"])]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind="judicial_office"),
                name="one_judicial_office_per_township",
                violation_error_message="每个乡镇（街道）只能设一个司法所。",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="unit_closed_after_opened",
                violation_error_message="撤销日期不能早于设立日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def report_name(self) -> str:
        return self.short_name or self.name

    @property
    def proper_name(self) -> str:
        """The name without its generic suffix: 店头司法所 → 店头."""
        for suffix in UNIT_NAME_SUFFIXES:
            if self.name.endswith(suffix) and len(self.name) > len(suffix):
                return self.name[: -len(suffix)]
        return self.name

    def clean(self):
        from .regions import RegionLevel

        if (
            self.kind == UnitKind.JUDICIAL_OFFICE
            and self.region_id
            and (self.region.level != RegionLevel.TOWNSHIP)
        ):
            raise ValidationError({"region": "司法所应设在乡镇（街道）。"})
