"""API tokens that expire, can be revoked, and whose use is recorded.

A token (DRF's authtoken `Token`, one per account) is valid for SIFA_API_TOKEN_DAYS days from
its creation (default 30). Revoking deletes it; `sifa token create` replaces it with a new one.
Each successful use writes the time and the client address (sifa.core.client_ip) to
`TokenUse`, at most once a minute per token unless the address changes; each refused token is
logged (logger "sifa.security", never the whole key).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token

from sifa.core.access import is_administrator
from sifa.core.client_ip import client_ip

from .models import TokenUse

log = logging.getLogger("sifa.security")

MSG_INVALID = "令牌无效或已被撤销。"
MSG_EXPIRED = "令牌已过期（有效期 {days} 天），请联系系统管理员重新生成。"
MSG_INACTIVE = "令牌所属账号已停用。"
MSG_ADMINISTRATOR = "管理员账号不能使用数据接口令牌（须经两步验证登录，且不办理业务数据）。"
MSG_BAD_HEADER = "认证请求头格式不正确，应为 Authorization: Token <令牌>。"

USE_RECORD_INTERVAL = dt.timedelta(minutes=1)


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=token_days())


def token_days() -> int:
    return int(getattr(settings, "SIFA_API_TOKEN_DAYS", 30))


def expires_at(token: Token) -> dt.datetime:
    return token.created + lifetime()


def is_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at(token)


def key_hint(key: str) -> str:
    """What the logs and screens show of a key: its first 6 characters."""
    return f"{key[:6]}…" if key else "（空）"


def issue(user) -> Token:
    """A new token for `user`, replacing (revoking) the one it had. Administrators get none: a
    token would sign in past their two-factor step."""
    if is_administrator(user):
        raise PermissionDenied(MSG_ADMINISTRATOR)
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
    log.warning("API token issued for %s (%s)", user.username, key_hint(token.key))
    return token


def revoke(user) -> bool:
    """Delete `user`'s token; False when it had none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        log.warning("API token revoked for %s", user.username)
    return bool(deleted)


def record_use(token: Token, address: str | None, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    try:
        use = token.use  # type: ignore[attr-defined]
    except TokenUse.DoesNotExist:
        use = None
    if use is None:
        TokenUse.objects.update_or_create(
            token=token, defaults={"last_used_at": now, "last_used_from": address}
        )
        return
    if now - use.last_used_at < USE_RECORD_INTERVAL and use.last_used_from == address:
        return
    TokenUse.objects.filter(pk=use.pk).update(last_used_at=now, last_used_from=address)
    use.last_used_at, use.last_used_from = now, address


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF token authentication with expiry, Chinese refusals and a record of each use."""

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.keyword.lower().encode():
            return None
        address = client_ip(request)
        key = ""
        try:
            if len(auth) != 2:
                raise exceptions.AuthenticationFailed(MSG_BAD_HEADER)
            try:
                key = auth[1].decode()
            except UnicodeError:
                raise exceptions.AuthenticationFailed(MSG_BAD_HEADER)
            user, token = self.authenticate_credentials(key)
        except exceptions.AuthenticationFailed as exc:
            log.warning(
                "API token %s refused from %s for %s: %s",
                key_hint(key),
                address,
                request.get_full_path(),
                exc.detail,
            )
            raise
        record_use(token, address)
        return (user, token)

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user", "use").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(MSG_INVALID)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(MSG_INACTIVE)
        if is_administrator(token.user):
            raise exceptions.AuthenticationFailed(MSG_ADMINISTRATOR)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(MSG_EXPIRED.format(days=token_days()))
        return (token.user, token)
