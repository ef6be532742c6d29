"""The region tree: province → city → county → township (镇/街道) → village (村/社区).

A region's primary key is its 12-digit statistical division code (统计用区划代码):
2 digits province, 2 city, 2 county, 3 township, 3 village. The code *is* a materialised
path: everything under a township is `region_id LIKE '610632101%'`, one indexed column on
every business table, with no join and no recursive walk. In the ORM write it
`filter(region__code__startswith=prefix)` (Django trims the join because `code` is the key
the foreign key stores; `region_id__startswith` is not a lookup Django allows on a FK). Codes already carry the province
and city, so the tree grows upward (adding the city and province rows) without touching a
single business row.
"""

from django.core.exceptions import ValidationError
from django.db import models


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, "省"
    CITY = 2, "市"
    COUNTY = 3, "县"
    TOWNSHIP = 4, "乡镇/街道"
    VILLAGE = 5, "村/社区"


# Number of leading code digits that identify a region of each level.
PREFIX_LEN = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}

# Generic suffixes of place names, longest first (kept by the masked edition).
NAME_SUFFIXES = ("街道", "社区", "省", "市", "县", "区", "镇", "乡", "村")


class RegionQuerySet(models.QuerySet):
    def townships(self):
        return self.filter(level=RegionLevel.TOWNSHIP)

    def villages(self):
        return self.filter(level=RegionLevel.VILLAGE)

    def under(self, region: "Region"):
        return self.filter(code__startswith=region.prefix)


class Region(models.Model):
    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=50)
    level = models.PositiveSmallIntegerField("层级", choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort = models.PositiveIntegerField("排序", default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区域"
        verbose_name_plural = "行政区域"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """The code digits shared by this region and everything under it."""
        return self.code[: PREFIX_LEN[RegionLevel(self.level)]]

    def contains(self, other: "Region | str") -> bool:
        code = other if isinstance(other, str) else other.code
        return code.startswith(self.prefix)

    @property
    def short_name(self) -> str:
        """The proper part of the name: 店头镇 → 店头, 桥山街道 → 桥山."""
        for suffix in NAME_SUFFIXES:
            if self.name.endswith(suffix) and len(self.name) > len(suffix):
                return self.name[: -len(suffix)]
        return self.name

    def township(self) -> "Region | None":
        if self.level < RegionLevel.TOWNSHIP:
            return None
        if self.level == RegionLevel.TOWNSHIP:
            return self
        return self.parent

    def clean(self):
        if len(self.code) != 12 or not self.code.isdigit():
            raise ValidationError({"code": "区划代码应为12位数字。"})
        parent = self.parent if self.parent_id else None
        if parent is not None and not self.code.startswith(parent.prefix):
            raise ValidationError({"code": "区划代码必须以上级区域的代码开头。"})
        tail = self.code[PREFIX_LEN[RegionLevel(self.level)] :]
        if tail.strip("0"):
            raise ValidationError({"code": "区划代码与层级不符：本级以下的位数应为0。"})


def region_q(region: "Region | None", field: str = "region"):
    """Q object: records whose region lies in `region`'s subtree (None means everything)."""
    if region is None:
        return models.Q()
    return models.Q(**{f"{field}__code__startswith": region.prefix})
