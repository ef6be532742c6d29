"""Login records in the admin (django-axes) under 三员分立.

Nobody deletes or edits a login record from any screen: the auditor reads the successful
logins, the failed ones and the lock counters; the security administrator reads the lock
counters and releases a lock with a dedicated action, which keeps the row (its failure count
goes to 0) and writes a sealed audit row naming who released what.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from . import roles

MSG_RELEASED = "已解除 {n} 条登录锁定，操作已记入审计日志。"
MSG_NOTHING_TO_RELEASE = "所选记录均未处于锁定状态。"


class _ReadOnly:
    """Shown, never changed: no add, no change, no delete (so no bulk delete action)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return self.has_view_permission(request)


def release_lock(attempt: AccessAttempt, *, by, remote_addr: str | None = None) -> bool:
    """Release the lock an attempt row holds (its failures go to 0), with an audit row.
    Returns False when the row counted no failures."""
    with transaction.atomic():
        row = AccessAttempt.objects.select_for_update().get(pk=attempt.pk)
        before = row.failures_since_start
        if not before:
            return False
        AccessAttempt.objects.filter(pk=row.pk).update(failures_since_start=0)
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(AccessAttempt),
            object_pk=str(row.pk),
            object_id=row.pk,
            object_repr=f"{row.username}（{row.ip_address}）的登录锁定"[:500],
            action=LogEntry.Action.UPDATE,
            changes={"failures_since_start": [str(before), "0"]},
            changes_text="",
            actor=by if getattr(by, "pk", None) else None,
            remote_addr=remote_addr,
            timestamp=timezone.now(),
            additional_data={"what": "解除登录锁定", "username": row.username},
        )
    return True


class SifaAccessAttemptAdmin(_ReadOnly, AccessAttemptAdmin):
    actions = ["release_locks"]

    def has_view_permission(self, request, obj=None):
        return roles.is_security_admin(request.user) or roles.is_auditor(request.user)

    def has_release_permission(self, request):
        return roles.is_security_admin(request.user)

    @admin.action(description="解除所选账号的登录锁定", permissions=["release"])
    def release_locks(self, request, queryset):
        addr = request.META.get("REMOTE_ADDR")
        n = sum(release_lock(a, by=request.user, remote_addr=addr) for a in queryset)
        self.message_user(request, MSG_RELEASED.format(n=n) if n else MSG_NOTHING_TO_RELEASE)


class SifaAccessLogAdmin(_ReadOnly, AccessLogAdmin):
    def has_view_permission(self, request, obj=None):
        return roles.is_auditor(request.user)


class SifaAccessFailureLogAdmin(_ReadOnly, AccessFailureLogAdmin):
    def has_view_permission(self, request, obj=None):
        return roles.is_auditor(request.user)


for _model, _admin in (
    (AccessAttempt, SifaAccessAttemptAdmin),
    (AccessLog, SifaAccessLogAdmin),
    (AccessFailureLog, SifaAccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)

# Two-factor devices are each user's own (enrol and turn off on their 两步验证 page; the
# security administrator resets a lost one from the account list): no screen lists the secrets.
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

for _model in (StaticDevice, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
