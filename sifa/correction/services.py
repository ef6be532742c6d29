"""Every write of the correction line. Each service checks access, validates and saves atomically
with its audit history; a refused write leaves nothing behind."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sifa.core import deadlines
from sifa.core.access import ensure_can_write
from sifa.core.audit import record_write
from sifa.core.dates import ymd
from sifa.core.errors import RuleViolation
from sifa.core.registry import MSG_REQUIRED
from sifa.core.services import record_save
from sifa.core.workflow import transition

from . import selectors
from .models import (
    Assessment,
    Classification,
    EndReason,
    Gender,
    LeaveRequest,
    Monitoring,
    RewardPenalty,
    Subject,
    SubjectStatus,
    SupervisionEvent,
    TeamMember,
)
from .models.common import INTAKE_PERIOD
from .models.subjects import RELEASE_REASONS, TERMINATION_REASONS

MSG_SEALED = "该社区矫正对象为未成年人，档案已依法封存，您的账号无权查阅或录入。"
MSG_TEAM_NEEDS_WOMAN = "社区矫正对象为女性的，矫正小组中应有女性成员（《社区矫正法》第二十五条）。"
MSG_INTAKE_LATE = (
    "接收日期{received}晚于报到期限{due}（判决生效之日起{period}，《社区矫正法》第二十一条），"
    "请在备注中写明逾期原因。"
)
MSG_NOT_RECEIVED = "尚未接收的社区矫正对象不能录入监督管理记录。"
MSG_RELEASE_REASON = "解除社区矫正的原因只能是矫正期满或被赦免。"
MSG_TERMINATE_REASON = "终止社区矫正的原因只能是撤销缓刑、撤销假释、收监执行或死亡。"
MSG_OPINION = "请选择评估意见（适宜或不适宜社区矫正）。"


def _ensure_unsealed(user, subject: Subject) -> None:
    if user is not None and subject.is_minor and not selectors.can_view_sealed(user):
        raise PermissionDenied(MSG_SEALED)


# --- 调查评估 ------------------------------------------------------------------------------
def assessment_save(obj: Assessment, *, user) -> Assessment:
    """Create or edit an assessment; its due date follows the (county's) statutory period."""
    return record_save(obj, user=user)


def assessment_finish(obj: Assessment, *, on: dt.date, opinion: str, user) -> Assessment:
    if not opinion:
        raise RuleViolation({"opinion": MSG_OPINION})
    obj.finished_on, obj.opinion = on, opinion
    return record_save(obj, user=user)


# --- 社区矫正对象 -------------------------------------------------------------------------
def subject_save(obj: Subject, *, user) -> Subject:
    """Create or edit a subject's particulars (status moves go through the services below)."""
    if obj.pk is not None:
        _ensure_unsealed(user, Subject.all_objects.get(pk=obj.pk))
    _ensure_unsealed(user, _with_minor(obj))
    return record_save(obj, user=user)


def subject_validate(obj: Subject, *, user) -> None:
    """The entry screen's check before saving: a minor's file needs the sealed-file permission."""
    _ensure_unsealed(user, _with_minor(obj))
    ensure_can_write(user, obj)


def _with_minor(obj: Subject) -> Subject:
    obj.is_minor = obj.derive_minor()
    return obj


def subject_warnings(obj: Subject) -> list[str]:
    """What the law expects that the file does not show; shown to the clerk, not refused."""
    warnings = []
    if obj.intake_late and obj.received_on is not None:  # late implies received
        warnings.append(_intake_late_message(obj, obj.received_on))
    return warnings


def _intake_late_message(obj: Subject, received: dt.date) -> str:
    assert obj.intake_due is not None, "late against a due date"
    period = deadlines.period(INTAKE_PERIOD.code, obj.region).text
    return MSG_INTAKE_LATE.format(received=ymd(received), due=ymd(obj.intake_due), period=period)


def subject_receive(obj: Subject, *, on: dt.date, user, note: str = "") -> Subject:
    """接收: the subject reported and is taken in; a late intake is kept, with a warning."""
    _ensure_unsealed(user, obj)
    ensure_can_write(user, obj)
    if obj.intake_due is None:
        obj.intake_due = obj.compute_intake_due()
    if obj.intake_due and on > obj.intake_due:
        note = f"{note}\n{_intake_late_message(obj, on)}".strip()
    return transition(
        obj, SubjectStatus.ACTIVE, on=on, user=user, note=note, fields={"received_on": on}
    )


def subject_release(obj: Subject, *, on: dt.date, reason: str, user, note: str = "") -> Subject:
    """解除: correction period expired (期满) or pardoned (赦免)."""
    if reason not in RELEASE_REASONS:
        raise RuleViolation({"end_reason": MSG_RELEASE_REASON})
    return _end(obj, SubjectStatus.RELEASED, on=on, reason=reason, user=user, note=note)


def subject_terminate(obj: Subject, *, on: dt.date, reason: str, user, note: str = "") -> Subject:
    """终止: probation or parole revoked, committed to prison, or death."""
    if reason not in TERMINATION_REASONS:
        raise RuleViolation({"end_reason": MSG_TERMINATE_REASON})
    return _end(obj, SubjectStatus.TERMINATED, on=on, reason=reason, user=user, note=note)


def _end(obj, target, *, on, reason, user, note):
    _ensure_unsealed(user, obj)
    ensure_can_write(user, obj)
    label = f"{SubjectStatus(target).label}（{EndReason(reason).label}）"
    return transition(
        obj,
        target,
        on=on,
        user=user,
        note=note,
        label=label,
        fields={"ended_on": on, "end_reason": reason},
    )


# --- 矫正小组 -----------------------------------------------------------------------------
def team_lacks_woman(subject: Subject, genders) -> bool:
    """Art. 25: a female subject's team (once it has members) must include a woman."""
    genders = list(genders)
    return subject.gender == Gender.FEMALE and bool(genders) and Gender.FEMALE not in genders


def team_set(subject: Subject, members: list[TeamMember], *, user) -> list[TeamMember]:
    """Replace the subject's team with `members` as a whole (the entry screen's inline)."""
    _ensure_unsealed(user, subject)
    ensure_can_write(user, subject)
    if team_lacks_woman(subject, [m.gender for m in members]):
        raise RuleViolation({"__all__": MSG_TEAM_NEEDS_WOMAN})
    with transaction.atomic(), record_write(user):
        keep = {m.pk for m in members if m.pk}
        for old in TeamMember.objects.filter(subject=subject).exclude(pk__in=keep):
            old.soft_delete(user=user)
        for m in members:
            m.subject, m.region_id = subject, subject.region_id
            record_save(m, user=user)
    return members


def team_member_save(member: TeamMember, *, user) -> TeamMember:
    """Add or edit one member; refused when it would leave a female subject without a woman."""
    subject = member.subject
    others = TeamMember.objects.filter(subject=subject).exclude(pk=member.pk)
    genders = [*others.values_list("gender", flat=True), member.gender]
    if team_lacks_woman(subject, genders):
        raise RuleViolation({"gender": MSG_TEAM_NEEDS_WOMAN})
    return _child_save(member, user=user)


def team_member_delete(member: TeamMember, *, user) -> None:
    subject = member.subject
    genders = (
        TeamMember.objects.filter(subject=subject)
        .exclude(pk=member.pk)
        .values_list("gender", flat=True)
    )
    if team_lacks_woman(subject, genders):
        raise RuleViolation({"__all__": MSG_TEAM_NEEDS_WOMAN})
    _ensure_unsealed(user, subject)
    ensure_can_write(user, member)
    with transaction.atomic():
        member.soft_delete(user=user)


# --- the rest of the file -----------------------------------------------------------------
def child_validate(obj, *, user) -> None:
    """Checks of a file record before its own rules: seal, intake, scope; region follows."""
    if obj.subject_id is None:
        raise RuleViolation({"subject": [MSG_REQUIRED]})
    subject = obj.subject
    _ensure_unsealed(user, subject)
    obj.region_id = subject.region_id
    if not isinstance(obj, TeamMember) and subject.received_on is None:
        raise RuleViolation({"subject": MSG_NOT_RECEIVED})
    ensure_can_write(user, obj)


def _child_save(obj, *, user):
    child_validate(obj, user=user)
    return record_save(obj, user=user)


def classification_save(obj: Classification, *, user) -> Classification:
    return _child_save(obj, user=user)


def supervision_event_save(obj: SupervisionEvent, *, user) -> SupervisionEvent:
    return _child_save(obj, user=user)


def leave_request_save(obj: LeaveRequest, *, user) -> LeaveRequest:
    """A leave request; the approving level must match its length (实施办法 art. 27)."""
    return _child_save(obj, user=user)


def monitoring_save(obj: Monitoring, *, user) -> Monitoring:
    """A period of electronic monitoring, at most three months (art. 29)."""
    return _child_save(obj, user=user)


def monitoring_renew(
    prev: Monitoring, *, end_on: dt.date, approved_by: str, approved_on: dt.date, user
) -> Monitoring:
    """Extend monitoring after assessment: a new period from the day after, at most 3 months."""
    renewal = Monitoring(
        subject=prev.subject,
        ground=prev.ground,
        renewal_of=prev,
        start_on=prev.end_on + dt.timedelta(days=1),
        end_on=end_on,
        approved_by=approved_by,
        approved_by_head=True,
        approved_on=approved_on,
    )
    return monitoring_save(renewal, user=user)


def reward_penalty_save(obj: RewardPenalty, *, user) -> RewardPenalty:
    return _child_save(obj, user=user)


def child_delete(obj, *, user) -> None:
    """Soft-delete a record of a subject's file (the team has its own rule)."""
    if isinstance(obj, TeamMember):
        team_member_delete(obj, user=user)
        return
    _ensure_unsealed(user, obj.subject)
    ensure_can_write(user, obj)
    with transaction.atomic():
        obj.soft_delete(user=user)
