"""The hearing (art. 39, 41, 62, 64): extension, simple → ordinary, suspension and
resumption, closing and publication."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sifa.core import deadlines
from sifa.core.access import ensure_can_write
from sifa.core.errors import RuleViolation

from ..models import (
    EXTENSION_LIMIT,
    CloseKind,
    Procedure,
    ReconsiderationCase,
    Status,
    TerminationGround,
)
from .common import (
    MSG_BEFORE_DEEMED,
    MSG_EXTENSION_AFTER_DUE,
    MSG_EXTENSION_SIMPLE,
    MSG_EXTENSION_TOO_LONG,
    MSG_EXTENSION_TWICE,
    MSG_NOT_SIMPLE,
    MSG_ONLY_TERMINATION,
    MSG_SUSPENSION_NOT_EXPIRED,
    _before,
    _ensure_hearing,
    _event,
    _move,
    _save,
)
from .review import _deem_accepted


# --- hearing: extension, suspension, simple → ordinary (art. 39, 62, 64) ------------------
@transaction.atomic
def case_extend(
    case, *, on: dt.date, days: int, approver: str, reason: str, user
) -> ReconsiderationCase:
    """延期: once, at most 30 days (configurable), approved by the head, with its reason.
    A case deemed accepted (视为受理) but still stored as 收到申请 is recorded as accepted first."""
    ensure_can_write(user, case)
    case = _accept_if_deemed(case, on=on, user=user)
    _ensure_hearing(case, "延期")
    if case.extension_days:
        raise RuleViolation({"extension_days": MSG_EXTENSION_TWICE.format(on=case.extended_on)})
    if case.procedure == Procedure.SIMPLE:
        raise RuleViolation({"extension_days": MSG_EXTENSION_SIMPLE})
    limit = deadlines.period(EXTENSION_LIMIT.code, case.region)
    if days > limit.days:
        raise RuleViolation(
            {"extension_days": MSG_EXTENSION_TOO_LONG.format(days=limit.days, law=limit.law)}
        )
    if on < case.accepted_on:
        raise _before("受理日期", case.accepted_on)
    if case.decision_due and on > case.decision_due:
        raise RuleViolation({"on": MSG_EXTENSION_AFTER_DUE.format(due=case.decision_due)})
    case.extended_on, case.extension_days = on, days
    case.extension_approver, case.extension_reason = approver, reason
    return _event(
        case, on=on, user=user, label=f"延期{days}日", note=f"批准人：{approver}；理由：{reason}"
    )


@transaction.atomic
def case_convert_to_ordinary(case, *, on: dt.date, user) -> ReconsiderationCase:
    """简易程序转普通程序 (art. 64): the 60-day period runs from the acceptance."""
    ensure_can_write(user, case)
    _ensure_hearing(case, "转为普通程序")
    if case.procedure != Procedure.SIMPLE:
        raise RuleViolation({"procedure": MSG_NOT_SIMPLE})
    case.procedure = Procedure.ORDINARY
    return _event(case, on=on, user=user, label="转为普通程序")


@transaction.atomic
def case_suspend(case, *, on: dt.date, ground: str, user) -> ReconsiderationCase:
    """中止: the decision clock stops on `on`."""
    case = _accept_if_deemed(case, on=on, user=user)
    if case.accepted_on and on < case.accepted_on:
        raise _before("受理日期", case.accepted_on)
    return _move(
        case,
        Status.SUSPENDED,
        on=on,
        user=user,
        fields={"suspension_ground": ground, "suspended_on": on},
    )


def case_resume(case, *, on: dt.date, user) -> ReconsiderationCase:
    """恢复审理: the suspended days are added to the decision period."""
    if case.status == Status.SUSPENDED and on < case.suspended_on:
        raise _before("中止日期", case.suspended_on)
    paused = (on - case.suspended_on).days if case.suspended_on else 0
    return _move(
        case,
        Status.UNDER_REVIEW,
        on=on,
        user=user,
        label="恢复审理",
        note=f"中止{paused}日，不计入审理期限",
        fields={
            "suspended_days": case.suspended_days + paused,
            "suspended_on": None,
            "suspension_ground": "",
        },
    )


# --- closing ---------------------------------------------------------------------------------
def _accept_if_deemed(case, *, on, user):
    """A step of the hearing on a case deemed accepted (视为受理) but still stored as 收到申请
    records the deemed acceptance first (the callers are atomic, so a refused step leaves
    nothing written). A step dated before the acceptance of a case deemed accepted by now is
    refused with that date."""
    if case.status != Status.RECEIVED:
        return case
    if case.is_deemed_accepted(on):
        return _deem_accepted(case, user=user)
    if case.is_deemed_accepted(max(on, dt.date.today())):
        raise RuleViolation({"on": MSG_BEFORE_DEEMED.format(due=case.acceptance_due)})
    return case


@transaction.atomic
def case_close(
    case, *, on: dt.date, kind: str, user, termination_ground: str = "", summary: str = ""
) -> ReconsiderationCase:
    """结案 by a decision, a termination (with its ground), a mediation or a settlement."""
    case = _accept_if_deemed(case, on=on, user=user)
    if case.status == Status.SUSPENDED:
        if kind != CloseKind.TERMINATED:
            raise RuleViolation({"close_kind": MSG_ONLY_TERMINATION})
        if on < case.suspended_on:
            raise _before("中止日期", case.suspended_on)
    if termination_ground == TerminationGround.SUSPENSION_EXPIRED:
        limit = case.suspension_limit_on
        if case.status != Status.SUSPENDED or limit is None or on <= limit:
            raise RuleViolation(
                {"termination_ground": MSG_SUSPENSION_NOT_EXPIRED.format(limit=limit or "—")}
            )
    if case.accepted_on and on < case.accepted_on:
        raise _before("受理日期", case.accepted_on)
    fields = {"close_kind": kind, "termination_ground": termination_ground, "closed_on": on}
    if summary:
        fields["decision_summary"] = summary
    if case.status == Status.SUSPENDED:
        paused = (on - case.suspended_on).days
        fields["suspended_days"] = case.suspended_days + paused
    label = f"结案（{CloseKind(kind).label}）" if kind in CloseKind.values else "结案"
    return _move(case, Status.CLOSED, on=on, user=user, label=label, fields=fields)


def apply_suspension_terminations(*, user, today: dt.date | None = None):
    """终止 (art. 41(5)) every visible case suspended on grounds 39(1)(2)(4) for 60 days."""
    from ..selectors import suspensions_expired

    today = today or dt.date.today()
    return [
        case_close(
            c,
            on=today,
            kind=CloseKind.TERMINATED,
            user=user,
            termination_ground=TerminationGround.SUSPENSION_EXPIRED,
        )
        for c in suspensions_expired(user, today=today)
    ]


def case_publish(case, *, on: dt.date, user) -> ReconsiderationCase:
    """网上公开 of the decision, on or after the closing date."""
    ensure_can_write(user, case)
    case.published_online, case.published_on = True, on
    return _save(case, user=user)
