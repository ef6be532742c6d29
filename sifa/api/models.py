"""When and from where each API token was last used (sifa.api.tokens)."""

from django.db import models
from rest_framework.authtoken.models import Token, TokenProxy


class TokenUse(models.Model):
    token = models.OneToOneField(
        Token,
        verbose_name="令牌",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="use",
    )
    last_used_at = models.DateTimeField("最近使用时间")
    last_used_from = models.GenericIPAddressField("最近使用地址", null=True, blank=True)

    class Meta:
        verbose_name = "令牌使用记录"
        verbose_name_plural = "令牌使用记录"

    def __str__(self) -> str:
        return f"{self.token.user}：{self.last_used_at:%Y-%m-%d %H:%M}"


class ApiToken(TokenProxy):
    """The admin's view of a token: named by its account, never by its key."""

    class Meta:
        proxy = True
        verbose_name = "数据接口令牌"
        verbose_name_plural = "数据接口令牌"

    def __str__(self) -> str:
        return f"{self.user}的数据接口令牌"
