"""Accounts and roles (DESIGN.md: 系统管理员, 局领导, 业务股室, 司法所, 上级查看)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Region, RegionLevel


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    LEADER = "leader", "局领导"
    SECTION = "section", "业务股室"
    OFFICE = "office", "司法所"
    VIEWER = "viewer", "上级查看"


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.VIEWER)
    region = models.ForeignKey(
        Region,
        verbose_name="所属区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="司法所账号填所在乡镇（街道）。",
    )
    lines = models.JSONField(
        "负责业务条线", default=list, blank=True, help_text="业务股室账号负责的条线。"
    )
    can_view_sealed = models.BooleanField("可查阅封存的未成年人档案", default=False)
    display_name = models.CharField("姓名", max_length=30, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self):
        super().clean()
        if self.role == Role.OFFICE and (
            self.region is None or self.region.level != RegionLevel.TOWNSHIP
        ):
            raise ValidationError({"region": "司法所账号必须指定所在乡镇（街道）。"})
        unknown = [x for x in (self.lines or []) if x not in Line.values]
        if unknown:
            raise ValidationError({"lines": f"未知的业务条线：{'、'.join(unknown)}。"})
        if self.role == Role.SECTION and not self.lines:
            raise ValidationError({"lines": "业务股室账号至少负责一个业务条线。"})

    def save(self, *args, **kwargs):
        if self.role == Role.ADMIN:
            self.is_staff = True
            self.is_superuser = True
        elif self.role in (Role.LEADER, Role.SECTION, Role.OFFICE):
            self.is_staff = True  # enters the admin-based entry screens, scoped by role
        else:
            self.is_staff = False
        super().save(*args, **kwargs)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role

    @property
    def lines_label(self) -> str:
        return "、".join(Line(x).label for x in self.lines or [] if x in Line.values)
