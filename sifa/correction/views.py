"""Pages of the correction line: the list of subjects, a subject's file (the subject's record
page) and the form that records an act of supervision on it.

Every read goes through the selectors (line, region and the sealed-file rule); every opening of
a file, and every list page, is written to the access log; the write is the record type's
declared save.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sifa.core import access, registry
from sifa.core.client_ip import client_ip
from sifa.core.lines import Line
from sifa.core.workflow import timeline

from . import selectors
from .forms import SupervisionForm
from .models import (
    Classification,
    LeaveRequest,
    Monitoring,
    RewardPenalty,
    Subject,
    SubjectStatus,
    SupervisionEvent,
    TeamMember,
)

PAGE_SIZE = 50
MSG_SEALED_BANNER = (
    "未成年人社区矫正档案，已依法封存（《社区矫正法》第五十四条）：仅限执行社区矫正的"
    "司法所和有封存档案查阅权限的社区矫正工作人员查阅，不得向他人提供，不得导出；"
    "每一次查阅都记入查阅日志。"
)
MSG_RECORDED = "已记录{kind}（{date}）。"


def record_url(obj) -> str | None:
    """The record page of a subject or of a record of a subject's file: the subject's file.
    For the workspace and any page that names a correction record."""
    if isinstance(obj, Subject):
        return reverse("correction:subject_detail", args=[obj.pk])
    subject_id = getattr(obj, "subject_id", None)
    if subject_id is not None:
        return reverse("correction:subject_detail", args=[subject_id])
    return None


def _id_number(subject: Subject, user, full: bool) -> str:
    return registry.present(Subject, "id_number", subject.id_number, user, full=full)


def may_list(user) -> bool:
    """Whether the list of subjects is for `user`: whoever sees the line's personal data."""
    return Line.CORRECTION in access.lines_of(user) and access.can_see_personal_data(user)


@login_required
def subject_list(request):
    """The subjects the reader may see, newest intake first, searchable and filtered."""
    user = request.user
    if not may_list(user):
        raise Http404("记录不存在。")
    qs = selectors.subjects(user).order_by("-received_on", "-id")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(id_number=q.upper()))
    status = request.GET.get("status", "")
    if status in SubjectStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    full = registry.shows_in_full(Subject, user)
    registry.get(Subject).log_reads(
        user,
        [s.pk for s in rows],
        remote_addr=client_ip(request),
        what="查阅社区矫正对象列表",
    )
    context = {
        "page": page,
        "rows": [(s, _id_number(s, user, full)) for s in rows],
        "q": q,
        "status": status,
        "statuses": SubjectStatus.choices,
        "query": request.GET.copy(),
    }
    return render(request, "correction/subject_list.html", context)


# The sections of a file: (model, title, columns as (label, attribute or callable)).
FILE_SECTIONS = (
    (
        TeamMember,
        [("姓名", "name"), ("性别", "get_gender_display"), ("身份", "get_role_display")],
    ),
    (
        Classification,
        [("决定日期", "decided_on"), ("管理类别", "get_level_display"), ("理由", "reason")],
    ),
    (
        SupervisionEvent,
        [("日期", "date"), ("方式", "get_kind_display"), ("情况", "note")],
    ),
    (
        LeaveRequest,
        [
            ("外出起止", lambda r: f"{r.leave_from:%Y-%m-%d} 至 {r.leave_to:%Y-%m-%d}"),
            ("天数", "days"),
            ("前往地", "destination"),
            ("审批", lambda r: f"{r.get_approver_level_display()}{r.get_decision_display()}"),
        ],
    ),
    (
        Monitoring,
        [
            ("起止", lambda r: f"{r.start_on:%Y-%m-%d} 至 {r.end_on:%Y-%m-%d}"),
            ("适用情形", "get_ground_display"),
            ("批准人", "approved_by"),
        ],
    ),
    (
        RewardPenalty,
        [("日期", "decided_on"), ("类别", "get_kind_display"), ("事实与理由", "reason")],
    ),
)


def _cell(record, attr):
    value = attr(record) if callable(attr) else getattr(record, attr)
    if callable(value):
        value = value()
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def may_record(user, subject: Subject) -> bool:
    """Whether `user` may add a record to this file (the executing office, correction staff)."""
    try:
        access.ensure_can_write(user, SupervisionEvent(subject=subject, region=subject.region))
    except PermissionDenied:
        return False
    return not subject.is_minor or selectors.can_view_sealed(user)


@login_required
def subject_detail(request, pk):
    """A subject's whole file; every opening is written to the audit log."""
    user = request.user
    subject = selectors.subject_file(user, pk, remote_addr=client_ip(request))
    sections = []
    for model, columns in FILE_SECTIONS:
        records = list(selectors.file_records(user, model, subject))
        sections.append(
            {
                "title": model._meta.verbose_name_plural,
                "key": model._meta.model_name,
                "labels": [label for label, _ in columns],
                "rows": [[_cell(r, attr) for _, attr in columns] for r in records],
            }
        )
    classification = next(
        iter(selectors.file_records(user, Classification, subject).order_by("-decided_on")[:1]),
        None,
    )
    context = {
        "subject": subject,
        "id_number": _id_number(subject, user, registry.shows_in_full(Subject, user)),
        "sealed_banner": MSG_SEALED_BANNER if subject.is_minor else "",
        "classification": classification,
        "sections": sections,
        "events": timeline(subject),
        "may_record": subject.received_on is not None and may_record(user, subject),
    }
    return render(request, "correction/subject_detail.html", context)


@login_required
def supervision_create(request, pk):
    """Record an act of supervision on a subject's file, through the declared save."""
    user = request.user
    subject = selectors.subject_get(user, pk)
    if not may_record(user, subject):
        raise PermissionDenied("您的账号无权在该档案中录入监督管理记录。")
    event = SupervisionEvent(subject=subject, region=subject.region)
    form = SupervisionForm(
        request.POST or None, instance=event, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            registry.get(SupervisionEvent).save_service()(form.instance, user=user)
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            from django.contrib import messages

            messages.success(
                request,
                MSG_RECORDED.format(
                    kind=event.get_kind_display(), date=event.date.strftime("%Y-%m-%d")
                ),
            )
            return redirect(record_url(subject))
    context = {
        "subject": subject,
        "form": form,
        "sealed_banner": MSG_SEALED_BANNER if subject.is_minor else "",
    }
    return render(request, "correction/supervision_form.html", context)


def _add_errors(form, exc: ValidationError) -> None:
    """A refusal of the save, each message beside its field (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
