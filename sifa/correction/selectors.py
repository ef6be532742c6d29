"""Reads of the correction line, always scoped to the user.

On top of `sifa.core.access.scope` (line and region), minors' files are sealed (社区矫正法
arts. 52–54, 刑事诉讼法 art. 286). A sealed file is seen only by those who carry out the
correction: the township judicial office that executes the supervision (受委托的司法所; the
scope already confines an office to its own township, so it sees its own minors and no other)
and county correction staff whose account carries the sealed-file permission
(`User.can_view_sealed`). Nobody else sees it — not the leader, not another line, not another
township — and it never leaves the system in an export, whoever asks.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.http import Http404

from sifa.core import access
from sifa.core.audit import log_access
from sifa.core.deadlines import state_q
from sifa.core.lines import Line

from .models import Assessment, Subject, SubjectStatus, registered_q


def can_view_sealed(user) -> bool:
    """Whether `user` sees the sealed files within their scope: the executing township office
    (any office account: its scope is its own township), or a correction section clerk with the
    sealed-file permission. The rule every door applies (records.py declares it)."""
    if Line.CORRECTION not in access.writable_lines(user):
        return False
    role = access.role_of(user)
    if role == "office":
        return True
    return role == "section" and bool(getattr(user, "can_view_sealed", False))


def sealed_q(model) -> models.Q:
    """Q matching sealed records of `model` (a Subject or a record of a subject's file)."""
    if model is Subject:
        return models.Q(is_minor=True)
    if not any(f.is_relation and f.name == "subject" for f in model._meta.concrete_fields):
        return models.Q(pk__in=[])  # not part of a subject's file (a pre-sentence assessment)
    return models.Q(subject__is_minor=True)


def visible_extra(user, qs: models.QuerySet) -> models.QuerySet:
    """The sealed-file rule on top of the line and region scope (declared in records.py)."""
    if not can_view_sealed(user):
        qs = qs.exclude(sealed_q(qs.model))
    return qs


def visible(user, queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` of Subject or of a file record, limited to what `user` may see."""
    return visible_extra(user, access.scope(user, queryset))


def subjects(user, *, status: str | None = None, registered_on: dt.date | None = None):
    qs = visible(user, Subject.objects.select_related("region"))
    if status:
        qs = qs.filter(status=status)
    if registered_on:
        qs = qs.filter(registered_q(registered_on))
    return qs


def subject_get(user, pk) -> Subject:
    """One subject the user may see; 404 alike for missing, out of scope and sealed."""
    try:
        return subjects(user).get(pk=pk)
    except (Subject.DoesNotExist, ValueError, TypeError):
        raise Http404("记录不存在。")


def subject_file(user, pk, *, remote_addr: str | None = None) -> Subject:
    """Open a subject's file: fetch it for `user` and write the view to the audit log."""
    subject = subject_get(user, pk)
    log_access(subject, user=user, remote_addr=remote_addr, what="查阅社区矫正对象档案")
    return subject


def file_records(user, model, subject: Subject | None = None):
    """Records of `model` (TeamMember, Classification…) the user may see, optionally of one file."""
    qs = visible(user, model.objects.select_related("subject", "region"))
    if subject is not None:
        qs = qs.filter(subject=subject)
    return qs


def intakes_overdue(user, today: dt.date | None = None):
    """Subjects still awaiting intake whose reporting period has passed."""
    return subjects(user, status=SubjectStatus.PENDING).filter(
        state_q("intake_due", "received_on", "overdue", today)
    )


def intakes_late(user):
    """Subjects taken in after the reporting period (art. 21): to be explained in the file."""
    return subjects(user).filter(received_on__gt=models.F("intake_due"))


def assessments(user, *, state: str | None = None, today: dt.date | None = None):
    qs = access.scope(user, Assessment.objects.select_related("region"))
    if state:
        qs = qs.filter(state_q("due_on", "finished_on", state, today))
    return qs


def assessments_due(user, today: dt.date | None = None):
    """Open assessments, nearest deadline first."""
    return assessments(user).filter(finished_on__isnull=True).order_by("due_on", "id")


def due_items(user, *, today: dt.date, within: int):
    """Open assessments and pending intakes whose deadline is past or within `within` days.

    One query per record type (assessments, subjects), only the columns the list shows; the
    sealed-file rule applies to the subjects as everywhere (`visible`)."""
    from sifa.core.due import DueItem, set_date
    from sifa.workspace.links import record_url

    limit = today + dt.timedelta(days=within)
    open_assessments = (
        access.scope(user, Assessment.objects.all())
        .filter(finished_on__isnull=True, due_on__lte=limit)
        .only("id", "person_name", "received_on", "due_on")
        .order_by("due_on", "id")
    )
    items = [
        DueItem("社区矫正", "调查评估期限", str(a), set_date(a.due_on), record_url(a))
        for a in open_assessments[:200]
    ]
    pending = (
        visible(user, Subject.objects.all())
        .filter(status=SubjectStatus.PENDING, intake_due__lte=limit)
        .only("id", "name", "intake_due")
        .order_by("intake_due", "id")
    )
    items += [
        DueItem("社区矫正", "报到接收期限", str(s), s.intake_due, record_url(s))
        for s in pending[:200]
    ]
    return items
