"""Two-factor login (django-otp): an authenticator app (TOTP, enrolled with a QR code) and ten
one-time backup codes (django-otp's static device).

After the password (the ordinary login page, throttled by axes), a user who has a confirmed
device is asked for a 6-digit code before anything else; an administrator (系统管理员,
安全管理员, 安全审计员) without one is sent to enrolment first (`TwoFactorMiddleware`).
Everyone else may turn it on or off on their own 两步验证 page. A wrong code counts as a failed
login for axes, so the same 5-failure lock applies; the devices also throttle themselves.
"""

from __future__ import annotations

import io
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.core.access import is_administrator

BACKUP_CODES = 10
MSG_WRONG_CODE = "验证码不正确或已失效，请重新输入。"
MSG_ENROLLED = "两步验证已开启。"
MSG_DISABLED = "两步验证已关闭。"
MSG_REQUIRED = "管理员账号必须使用两步验证，不能关闭。"
MSG_ALREADY = "两步验证已经开启。"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


# --- devices --------------------------------------------------------------------------------
def has_two_factor(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def requires_two_factor(user) -> bool:
    return is_administrator(user)


def _audit(user, what: str, *, by=None, remote_addr: str | None = None) -> None:
    """An audit row (sealed in the chain like every other) for a change of a user's 2FA."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=str(user)[:500],
        action=LogEntry.Action.UPDATE,
        changes={"two_factor": [None, what]},
        changes_text="",
        actor_id=(by or user).pk,
        remote_addr=remote_addr,
        timestamp=timezone.now(),
        additional_data={"what": what},
    )


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed authenticator (kept across reloads of the enrolment page)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with ten new ones (returned once, never stored plain
    anywhere else than django-otp's own table)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="备用码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def match(user, code: str):
    """The device that accepts `code` (a 6-digit authenticator code, or a backup code, which is
    then used up), or None. Each device throttles its own failures (django-otp)."""
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def reset_devices(user, *, by, remote_addr: str | None = None) -> int:
    """Remove all of a user's devices (a lost phone); 1 when there were any, else 0."""
    with transaction.atomic():
        n = TOTPDevice.objects.filter(user=user).delete()[0]
        n += StaticDevice.objects.filter(user=user).delete()[0]
        if n:
            _audit(user, "重置两步验证", by=by, remote_addr=remote_addr)
    return 1 if n else 0


def secret_of(device: TOTPDevice) -> str:
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(text: str) -> str:
    """An inline SVG QR code (no image library, no network)."""
    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    img.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def _addr(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


# --- views ----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of login: a code from the authenticator, or one backup code."""
    user = request.user
    if request.user.is_verified():
        return redirect(_next(request))
    if not has_two_factor(user):
        return redirect("twofactor_enrol" if requires_two_factor(user) else "home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        # counted by axes like a wrong password: the 5th failure locks this account here
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return render(request, "accounts/locked.html", status=429)
        form.add_error("code", MSG_WRONG_CODE)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Scan the QR code (or type the secret), confirm with a code; then the backup codes."""
    user = request.user
    if has_two_factor(user):
        messages.info(request, MSG_ALREADY)
        return redirect("twofactor")
    device = pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                codes = new_backup_codes(user)
                _audit(user, "开启两步验证", remote_addr=_addr(request))
            django_otp.login(request, device)
            request.session["sifa_backup_codes"] = codes
            return redirect("twofactor_codes")
        form.add_error("code", MSG_WRONG_CODE)
    context = {
        "form": form,
        "qr": mark_safe(qr_svg(device.config_url)),  # noqa: S308 - generated by qrcode
        "secret": secret_of(device),
        "required": requires_two_factor(user),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
def backup_codes(request):
    """The ten backup codes, shown once right after enrolment."""
    codes = request.session.pop("sifa_backup_codes", None)
    if not codes:
        return redirect("twofactor")
    return render(request, "accounts/otp_codes.html", {"codes": codes})


@login_required
@require_http_methods(["GET", "POST"])
def status(request):
    """The user's own 两步验证 page: on or off, backup codes left, turn off (not administrators)."""
    user = request.user
    enabled = has_two_factor(user)
    required = requires_two_factor(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if required:
            messages.error(request, MSG_REQUIRED)
            return redirect("twofactor")
        if enabled and form.is_valid():
            if match(user, form.cleaned_data["code"]) is not None:
                reset_devices(user, by=user, remote_addr=_addr(request))
                messages.success(request, MSG_DISABLED)
                return redirect("twofactor")
            form.add_error("code", MSG_WRONG_CODE)
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    context = {"enabled": enabled, "required": required, "form": form, "codes_left": left}
    return render(request, "accounts/otp_status.html", context)
