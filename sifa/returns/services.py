"""Submitting a return (乡镇报送) and locking it after review (县局审核锁定)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from sifa.core import access
from sifa.core.audit import record_write
from sifa.core.errors import RuleViolation
from sifa.core.models import RegionLevel

from . import compute
from .models import ReturnSubmission, SubmissionStatus
from .spec import ReturnSpec

MSG_LOCKED = "这一统计期的报表已由县局审核锁定，不能重新报送。"
MSG_NOT_YOURS = "只能报送本单位（{region}）的报表。"
MSG_CANNOT_SUBMIT = "您没有报送这张报表的权限。"
MSG_CANNOT_LOCK = "只有县司法局的工作人员可以审核锁定报表。"
MSG_ALREADY_LOCKED = "这份报表已经审核锁定。"
MSG_NO_SCOPE = "请先选择填报范围（乡镇或县）。"


def submission_submit(spec: ReturnSpec, start, end, region, *, user) -> ReturnSubmission:
    """Freeze the return as the reader counts it now; a resubmission replaces an unlocked one."""
    region = compute.default_region(region)
    if region is None:
        raise RuleViolation({"region": MSG_NO_SCOPE})
    line = getattr(spec.model, "line", "")
    if not isinstance(line, str) or line not in access.writable_lines(user):
        raise PermissionDenied(MSG_CANNOT_SUBMIT)
    own = access.user_region(user)
    if own is None or not own.contains(region):
        raise PermissionDenied(MSG_NOT_YOURS.format(region=getattr(own, "name", "")))
    table = compute.compute(spec, start, end, region, user=user)
    with transaction.atomic(), record_write(user):
        found = (
            ReturnSubmission.objects.select_for_update()
            .filter(name=spec.name, region=region, start=start, end=end)
            .first()
        )
        if found is not None and found.status == SubmissionStatus.LOCKED:
            raise RuleViolation({"status": MSG_LOCKED})
        sub = found or ReturnSubmission(name=spec.name, region=region, start=start, end=end)
        sub.title = spec.title
        sub.data = table.as_json()
        sub.status = SubmissionStatus.SUBMITTED
        sub.submitted_by = user
        sub.submitted_at = timezone.now()
        try:
            sub.save()
        except IntegrityError:
            raise RuleViolation({"status": MSG_LOCKED})
    return sub


def can_lock(user) -> bool:
    own = access.user_region(user)
    return (
        access.role_of(user) in ("leader", "section")
        and own is not None
        and getattr(own, "level", None) is not None
        and own.level <= RegionLevel.COUNTY
    )


def submission_lock(sub: ReturnSubmission, *, user) -> ReturnSubmission:
    """The county reviews and locks a submission: its numbers are final from then on."""
    if not can_lock(user) or not access.user_region(user).contains(sub.region):
        raise PermissionDenied(MSG_CANNOT_LOCK)
    with transaction.atomic(), record_write(user):
        sub = ReturnSubmission.objects.select_for_update().get(pk=sub.pk)
        if sub.status == SubmissionStatus.LOCKED:
            raise RuleViolation({"status": MSG_ALREADY_LOCKED})
        sub.status = SubmissionStatus.LOCKED
        sub.reviewed_by = user
        sub.reviewed_at = timezone.now()
        sub.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return sub


def compare_with_today(sub: ReturnSubmission, spec: ReturnSpec, *, user) -> list[dict]:
    """Each submitted cell beside today's count of the same records (changed ones marked)."""
    today = compute.compute(spec, sub.start, sub.end, sub.region, user=user).as_json()
    now = {r["key"]: r["cells"] for r in today["rows"]}
    out = []
    for row in sub.data.get("rows", []):
        for col in sub.data.get("columns", []):
            then = row["cells"].get(col["key"])
            current = now.get(row["key"], {}).get(col["key"])
            out.append(
                {
                    "row": row["label"],
                    "section": row.get("section", ""),
                    "column": (col["group"] + "·" if col.get("group") else "") + col["label"],
                    "submitted": then,
                    "today": current,
                    "changed": then != current,
                }
            )
    return out


# A quarter's returns are due by this day of the month after the quarter.
DUE_DAY = 10


def last_quarter(today):
    """(start, end, due) of the last quarter that has ended by `today`."""
    import datetime as dt

    q = (today.month - 1) // 3  # quarters fully ended this year
    year = today.year if q else today.year - 1
    q = q or 4
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)) - dt.timedelta(days=1)
    due = end + dt.timedelta(days=DUE_DAY)
    return start, end, due


def owed(user, today) -> list[dict]:
    """The quarterly returns a township office still owes (its lines' returns for the last
    quarter, not yet submitted), with whether they are late."""
    from . import library

    own = access.user_region(user)
    if own is None or getattr(own, "level", None) != RegionLevel.TOWNSHIP:
        return []
    lines = access.writable_lines(user)
    specs = [s for s in library.all_returns().values() if getattr(s.model, "line", "") in lines]
    if not specs:
        return []
    start, end, due = last_quarter(today)
    done = set(
        ReturnSubmission.objects.filter(
            region=own, start=start, end=end, name__in=[s.name for s in specs]
        ).values_list("name", flat=True)
    )
    return [
        {"spec": s, "start": start, "end": end, "due": due, "late": today > due}
        for s in specs
        if s.name not in done
    ]
