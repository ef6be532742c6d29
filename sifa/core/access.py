"""Who may see and change what: one place for role rules and region scoping.

`scope(user, queryset)` limits any queryset of business records to what the user may see;
`get_visible_or_404` fetches one record and answers 404 alike for missing and hidden ones.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .lines import OFFICE_LINES, OFFICE_VISIBLE_LINES

MSG_NO_WRITE = "您的账号无权录入或修改此类记录。"
# 三员分立: the system, security and audit administrators; none of them sees business data.
ADMIN_ROLES = frozenset({"admin", "security", "auditor"})
MSG_OUT_OF_SCOPE = "您只能录入或修改本辖区（{region}）的记录。"

_QS = TypeVar("_QS", bound=models.QuerySet)


def role_of(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return getattr(user, "role", "viewer")


def is_administrator(user) -> bool:
    """One of the three separated administrators (系统管理员, 安全管理员, 安全审计员)."""
    return role_of(user) in ADMIN_ROLES


def lines_of(user) -> frozenset[str]:
    """Business lines whose records the user may see (every line for the leader, none for the
    administrators)."""
    from .lines import Line

    role = role_of(user)
    if role == "leader":
        return frozenset(Line.values)
    if role == "office":
        # Need to know: a township office sees the lines it records (and its own office),
        # not the legal aid applicants or notarisations county sections handle.
        return frozenset(OFFICE_VISIBLE_LINES)
    if role == "section":
        return frozenset(user.lines or ())
    return frozenset()


def writable_lines(user) -> frozenset[str]:
    role = role_of(user)
    if role == "section":
        return frozenset(user.lines or ())
    if role == "office":
        return frozenset(OFFICE_LINES)
    return frozenset()


def user_region(user):
    """The region a user is confined to, or None for the whole installation."""
    if role_of(user) == "office":
        return user.region
    return None


def scope(user, queryset: _QS, *, region_field: str = "region") -> _QS:
    """Limit `queryset` (of a Record model) to what `user` may see."""
    model = queryset.model
    role = role_of(user)
    if role in ("anonymous", "viewer") or role in ADMIN_ROLES:
        return queryset.none()
    lines = lines_of(user)
    line_q = model.line_q(lines) if hasattr(model, "line_q") else models.Q()
    if line_q is None:
        return queryset.none()
    queryset = queryset.filter(line_q)
    region = user_region(user)
    if region is not None:
        queryset = queryset.filter(**{f"{region_field}__code__startswith": region.prefix})
    return queryset


def get_visible_or_404(user, queryset: models.QuerySet, **lookup):
    """One record the user may see; 404 alike for a missing and a hidden record."""
    try:
        return scope(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("记录不存在。")


def can_write(user, model) -> bool:
    line = getattr(model, "line", "")
    if isinstance(line, property) or not isinstance(line, str):
        return bool(writable_lines(user))
    return line in writable_lines(user)


def ensure_can_write(user, obj) -> None:
    """Raise PermissionDenied unless `user` may write `obj` (its line and its region).

    `user=None` is the system itself (demo generator, migrations) and may write anything.
    """
    if user is None:
        return
    line = obj.line
    # An empty line is a record whose line is not known yet (an activity without its type):
    # its validation refuses it; the region is still checked.
    if line and line not in writable_lines(user):
        raise PermissionDenied(MSG_NO_WRITE)
    region = user_region(user)
    if region is not None and obj.region_id and not str(obj.region_id).startswith(region.prefix):
        raise PermissionDenied(MSG_OUT_OF_SCOPE.format(region=region.name))


def can_see_personal_data(user) -> bool:
    """Viewers (上级) get figures only; every other role with line access sees names and IDs."""
    return role_of(user) in ("leader", "section", "office")
