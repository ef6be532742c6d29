"""When each account last set its password (for the county's password expiry)."""

from django.conf import settings
from django.db import models


class PasswordChange(models.Model):
    """One row per account: the time its password was last set (sifa.accounts.passwords)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.CASCADE,
        related_name="password_change",
    )
    changed_at = models.DateTimeField("密码设置时间")

    class Meta:
        verbose_name = "密码设置时间"
        verbose_name_plural = "密码设置时间"

    def __str__(self) -> str:
        return f"{self.user}：{self.changed_at:%Y-%m-%d %H:%M}"
