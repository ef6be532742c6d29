"""Who may import a row, and how rows without a line's own service are written.

Records go through their line's service (the entry screen's). Two kinds of rows have none:
the organisation (regions, units, the county profile: setup data only the system or an
administrator may import) and child rows that are not records themselves (a mediation case's
parties, a committee's members), which follow the write rights on their parent record.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sifa.core.access import MSG_NO_WRITE, ensure_can_write, role_of
from sifa.core.audit import record_write
from sifa.core.models import Record
from sifa.core.services import validate

from .schema import is_organisation, parent_link

MSG_ORGANISATION_ADMIN_ONLY = "区域、机构、县情设置等基础数据只能由系统管理员导入。"


def parent_record(obj):
    """The record a child row belongs to, or None."""
    link = parent_link(type(obj))
    return getattr(obj, link.name) if link is not None else None


def check_write(user, obj) -> None:
    """PermissionDenied unless `user` may write `obj` (None, the system, writes anything)."""
    if user is None:
        return
    if is_organisation(type(obj)):
        if role_of(user) != "admin":
            raise PermissionDenied(MSG_ORGANISATION_ADMIN_ONLY)
        return
    if isinstance(obj, Record):
        ensure_can_write(user, obj)
        return
    parent = parent_record(obj)
    if parent is None:
        raise PermissionDenied(MSG_NO_WRITE)
    ensure_can_write(user, parent)


def plain_save(obj, *, user=None):
    """Check, validate and save a row that has no service of its own, with its history."""
    check_write(user, obj)
    validate(obj)
    with transaction.atomic(), record_write(user):
        obj.save()
    return obj


def plain_delete(obj, *, user=None) -> None:
    """Delete a row that has no service of its own (a child row), with its history."""
    check_write(user, obj)
    with transaction.atomic(), record_write(user):
        obj.delete()
