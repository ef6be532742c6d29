"""Accounts and roles (DESIGN.md: 局领导, 业务股室, 司法所, 上级查看) and the three separated
administrators (三员分立: 系统管理员, 安全管理员, 安全审计员; see sifa/accounts/roles.py)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Region, RegionLevel


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDITOR = "auditor", "安全审计员"
    LEADER = "leader", "局领导"
    SECTION = "section", "业务股室"
    OFFICE = "office", "司法所"
    VIEWER = "viewer", "上级查看"


ADMIN_ROLES = (Role.ADMIN, Role.SECURITY, Role.AUDITOR)
MSG_ADMIN_SEPARATED = (
    "系统管理员、安全管理员、安全审计员三员分立：一个账号只能担任其中一种，"
    "且不能兼有业务权限（负责条线、查阅封存档案）或超级用户权限。"
)
MSG_NO_SUPERUSER = "三员分立：本系统不使用超级用户，请为账号指定一种管理员角色。"
MSG_CREATESUPERUSER_ROLE = (
    "命令行只能建立系统管理员（admin）、安全管理员（security）或安全审计员（auditor）账号。"
)


class SifaUserManager(UserManager):
    """`sifa createsuperuser` makes one of the three administrators, never a Django superuser
    (whose every-permission bypass would hold all three roles at once)."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        role = extra_fields.pop("role", None) or Role.ADMIN
        if role not in ADMIN_ROLES:
            raise ValueError(MSG_CREATESUPERUSER_ROLE)
        extra_fields.pop("is_superuser", None)
        extra_fields["is_staff"] = True
        return self.create_user(username, email, password, role=role, **extra_fields)


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

    objects = SifaUserManager()
    REQUIRED_FIELDS = ["role"]  # createsuperuser asks which of the three administrators

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=False),
                name="accounts_user_no_superuser",
                violation_error_message=MSG_NO_SUPERUSER,
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=ADMIN_ROLES, can_view_sealed=True),
                name="accounts_user_admin_roles_separated",
                violation_error_message=MSG_ADMIN_SEPARATED,
            ),
        ]

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
        if self.role in ADMIN_ROLES and (self.lines or self.can_view_sealed or self.is_superuser):
            raise ValidationError(MSG_ADMIN_SEPARATED)

    def save(self, *args, **kwargs):
        # 三员分立: no Django superuser (see SifaUserManager), whatever a script set.
        self.is_superuser = False
        if self.role in ADMIN_ROLES:
            self.is_staff = True
        elif self.role in (Role.LEADER, Role.SECTION, Role.OFFICE):
            # staff of the bureau (the top bar's staff pages, the import); the admin itself
            # serves only the three administrators (core.admin_site.SifaAdminSite)
            self.is_staff = True
        else:
            self.is_staff = False
        super().save(*args, **kwargs)

    @property
    def is_administrator(self) -> bool:
        """One of the three separated administrators (two-factor login is required)."""
        return self.role in ADMIN_ROLES

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role

    @property
    def lines_label(self) -> str:
        return "、".join(Line(x).label for x in self.lines or [] if x in Line.values)
