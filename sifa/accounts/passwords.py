"""Password policy (AUTH_PASSWORD_VALIDATORS) and the county's password expiry.

Policy: at least 10 characters, at least three of the four classes (upper case, lower case,
digits, other), not a common password (Django's list, also with digits and symbols stripped
off its ends, plus words any Sifa user would try), not the public demo password, not similar
to and not containing the user name. Every message is Chinese and a module constant.

Expiry: `CountyProfile.password_max_age_days` (empty = never). `PasswordAgeRecorder` notes
when a password is set (Django calls each validator's `password_changed` on save after
`set_password`); at login an expired password marks the session, and
`PasswordExpiryMiddleware` sends that session to the password-change page until it is done.

The demo accounts are written by code (sifa.core.demo.county.build_accounts) and so never
pass through these validators: the demo keeps its published password.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from django.conf import settings
from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

MIN_LENGTH = 10
MIN_CLASSES = 3

MSG_TOO_SHORT = "密码太短：至少需要 {n} 个字符。"
MSG_TOO_SIMPLE = "密码须包含大写字母、小写字母、数字、其他符号这四类中的至少三类。"
MSG_COMMON = "这个密码太常见，容易被猜中，请换一个。"
MSG_DEMO = "不能使用演示系统的公开密码。"
MSG_SIMILAR = "密码与{what}太相似，请换一个。"
MSG_CONTAINS_USERNAME = "密码不能包含用户名。"
MSG_EXPIRED = "您的密码已超过有效期（{days} 天），请先修改密码。"

HELP = (
    "密码至少 10 个字符，须包含大写字母、小写字母、数字、其他符号中的至少三类；"
    "不能是常见密码或演示密码，不能与用户名相似。"
)

# Words people here reach for first; refused alone or with digits and symbols around them.
LOCAL_WORDS = frozenset(
    {"sifa", "shifa", "sifaju", "shifaju", "sfj", "admin", "mima", "password", "woaini"}
)

SESSION_FLAG = "sifa_password_expired"


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH):
        super().__init__(min_length)

    def get_error_message(self):
        return MSG_TOO_SHORT.format(n=self.min_length)

    def get_help_text(self):
        return MSG_TOO_SHORT.format(n=self.min_length)


def character_classes(password: str) -> int:
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class CharacterClassValidator:
    def __init__(self, min_classes: int = MIN_CLASSES):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(MSG_TOO_SIMPLE, code="password_too_simple")

    def get_help_text(self):
        return MSG_TOO_SIMPLE


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    """Django's list of 20,000, also matched after stripping digits and symbols at the ends."""

    def validate(self, password, user=None):
        lowered = password.lower().strip()
        core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
        candidates = {lowered} | ({core} if len(core) >= 3 else set())
        if candidates & self.passwords or candidates & LOCAL_WORDS:
            raise ValidationError(MSG_COMMON, code="password_too_common")

    def get_help_text(self):
        return MSG_COMMON


def demo_passwords() -> set[str]:
    from sifa.core.demo.county import DEMO_PASSWORD_DEFAULT

    return {p.lower() for p in (DEMO_PASSWORD_DEFAULT, os.environ.get("SIFA_DEMO_PASSWORD")) if p}


class DemoPasswordValidator:
    def validate(self, password, user=None):
        if password.lower().strip() in demo_passwords():
            raise ValidationError(MSG_DEMO, code="password_is_demo")

    def get_help_text(self):
        return MSG_DEMO


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    """Django's similarity test (user name and display name), and no user name inside."""

    DEFAULT_USER_ATTRIBUTES = ("username", "display_name", "first_name", "last_name", "email")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes, max_similarity)

    def validate(self, password, user=None):
        if user is None:
            return
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError(MSG_CONTAINS_USERNAME, code="password_contains_username")
        try:
            super().validate(password, user)
        except ValidationError as exc:
            what = (exc.params or {}).get("verbose_name") or "账号信息"
            raise ValidationError(MSG_SIMILAR.format(what=what), code=exc.code) from None

    def get_error_message(self):
        return MSG_SIMILAR.format(what="%(verbose_name)s")

    def get_help_text(self):
        return "密码不能与用户名、姓名相似。"


class PasswordAgeRecorder:
    """Validates nothing; notes the time each time a password is set (for the expiry)."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from sifa.core.models import PasswordChange

        PasswordChange.objects.update_or_create(
            user_id=user.pk, defaults={"changed_at": timezone.now()}
        )

    def get_help_text(self):
        return ""


# --- expiry --------------------------------------------------------------------------------


def max_age_days(user) -> int | None:
    """The password lifetime of the county the account belongs to (None: no expiry)."""
    from sifa.core.models import CountyProfile

    profiles = list(CountyProfile.objects.select_related("region"))
    if not profiles:
        return None
    region = getattr(user, "region", None)
    profile = next((p for p in profiles if region and p.region.contains(region)), profiles[0])
    return profile.password_max_age_days


def password_set_at(user) -> dt.datetime | None:
    from sifa.core.models import PasswordChange

    row = PasswordChange.objects.filter(user_id=user.pk).first()
    return row.changed_at if row else user.date_joined


def password_expired(user, *, now: dt.datetime | None = None) -> bool:
    days = max_age_days(user)
    if not days:
        return False
    set_at = password_set_at(user)
    if set_at is None:
        return False
    return (now or timezone.now()) - set_at >= dt.timedelta(days=days)


def mark_session_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: an expired password marks the session."""
    if request is None or not hasattr(request, "session"):
        return
    if password_expired(user):
        request.session[SESSION_FLAG] = max_age_days(user)
    else:
        request.session.pop(SESSION_FLAG, None)


def clear_session_mark(request) -> None:
    request.session.pop(SESSION_FLAG, None)


# The two-factor steps come first (TwoFactorMiddleware sends an unverified session there):
# they stay open, or the two redirects would chase each other.
EXEMPT_URL_NAMES = (
    "password_change",
    "logout",
    "login",
    "twofactor_verify",
    "twofactor_enrol",
    "twofactor_codes",
)


def exempt_paths() -> list[str]:
    paths = []
    for name in EXEMPT_URL_NAMES:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:
            pass
    return paths


class PasswordExpiryMiddleware:
    """A session marked at login goes to the password-change page, whatever it asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_FLAG):
            exempt = exempt_paths()
            static = [settings.STATIC_URL, settings.MEDIA_URL]
            path = request.path_info
            if path not in exempt and not any(path.startswith(p) for p in static if p):
                from django.contrib import messages

                messages.warning(request, MSG_EXPIRED.format(days=session[SESSION_FLAG]))
                return redirect("password_change")
        return self.get_response(request)
