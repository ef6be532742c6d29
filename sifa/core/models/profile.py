"""The county profile (the names the seed masks) and per-county statutory period overrides."""

from django.core.exceptions import ValidationError
from django.db import models

from .regions import Region, RegionLevel


class CountyProfile(models.Model):
    region = models.OneToOneField(
        Region, verbose_name="县", on_delete=models.PROTECT, related_name="profile"
    )
    county_name = models.CharField("县名", max_length=20, help_text="如“黄陵”（不含“县”字）")
    city_name = models.CharField("市名", max_length=20, help_text="如“延安”（不含“市”字）")
    province_short = models.CharField("省份简称", max_length=2, help_text="如“陕”")
    party_congress = models.CharField(
        "县委届次", max_length=20, help_text="如“十七届三次”，用于“县委十七届三次全会”"
    )
    county_slogan = models.CharField("县域口号", max_length=30, help_text="如“民族圣地﹒绿色黄陵”")
    bureau_name = models.CharField(
        "本局名称", max_length=50, blank=True, help_text="留空则为“某某县司法局”"
    )
    password_max_age_days = models.PositiveIntegerField(
        "密码有效期（天）",
        null=True,
        blank=True,
        help_text="密码设置满这么多天后，登录时须先修改密码；留空则密码不过期。",
    )
    # Case-number prefixes (字头) per line, e.g. 安调字〔2022〕第15号; empty: the county's first
    # character and the line's (core.casenumbers.DEFAULT_MARKS), as 安调字.
    prefix_mediation = models.CharField(
        "人民调解案号字头", max_length=10, blank=True, help_text="如“安调字”；留空则按县名首字生成"
    )
    prefix_reconsideration = models.CharField(
        "行政复议案号字头", max_length=10, blank=True, help_text="如“安复字”；留空则按县名首字生成"
    )
    prefix_litigation = models.CharField(
        "行政应诉案号字头", max_length=10, blank=True, help_text="如“安诉字”；留空则按县名首字生成"
    )
    prefix_legalaid = models.CharField(
        "法律援助案号字头", max_length=10, blank=True, help_text="如“安援字”；留空则按县名首字生成"
    )

    class Meta:
        verbose_name = "县情设置"
        verbose_name_plural = "县情设置"

    def __str__(self) -> str:
        return f"{self.county_name}县"

    @property
    def bureau(self) -> str:
        return self.bureau_name or f"{self.county_name}县司法局"

    def clean(self):
        if self.region_id and self.region.level != RegionLevel.COUNTY:
            raise ValidationError({"region": "县情设置只能挂在县级区域上。"})

    def proper_names(self) -> list[str]:
        """Names the masked edition hides (one * per character)."""
        return [n for n in (self.county_name, self.city_name, self.province_short) if n]


class PeriodOverride(models.Model):
    """A county's own value for a statutory period (the law's default lives in code)."""

    region = models.ForeignKey(Region, verbose_name="县", on_delete=models.CASCADE)
    code = models.CharField("期限代码", max_length=60)
    days = models.PositiveIntegerField("天数")
    working_days = models.BooleanField("按工作日计算", default=False)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "期限设置"
        verbose_name_plural = "期限设置"
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="one_override_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.days}{'个工作日' if self.working_days else '日'}"

    def clean(self):
        from ..deadlines import PERIODS

        if self.code not in PERIODS:
            raise ValidationError({"code": f"未知的期限代码“{self.code}”。"})
