"""Helpers and messages shared by the reconsideration services."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sifa.core.access import ensure_can_write
from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.services import record_save
from sifa.core.workflow import log_event, transition

from ..models import (
    ReconsiderationCase,
    Status,
)

MSG_RESPONDENT_KIND = "被申请人应为行政机关。"
MSG_STATUS_FIELDS_LOCKED = "案件状态和办理日期只能通过办理操作变更。"
MSG_REVIEW_EXPIRED = (
    "受理审查期限已于{due}届满，未作出不予受理决定的视为受理；"
    "受理后发现不符合受理条件的，应以“驳回申请”结案（行政复议法第三十三条）。"
)
MSG_NOTICE_LATE = "补正通知应在收到申请之日起{period}内作出（{law}），已于{due}届满。"
MSG_ITEMS_REQUIRED = "补正通知须写明需要补正的事项。"
MSG_REPLY_NOT_EXPIRED = "补正期限{due}尚未届满，不能视为放弃。"
MSG_CORRECTED_LATE = "补正期限已于{due}届满，申请人未按期补正的视为放弃行政复议申请。"
MSG_EXTENSION_TWICE = "本案已于{on}延期一次，行政复议决定期限只能延长一次。"
MSG_EXTENSION_TOO_LONG = "延长期限最多不得超过{days}日（{law}）。"
MSG_EXTENSION_SIMPLE = "简易程序案件不能延期；需要延长审理期限的，应先转为普通程序。"
MSG_EXTENSION_AFTER_DUE = "决定期限已于{due}届满，不能再批准延期。"
MSG_NOT_SIMPLE = "本案不是简易程序案件。"
MSG_ONLY_TERMINATION = "中止期间只能以“终止”结案；作出其他决定前须先恢复审理。"
MSG_SUSPENSION_NOT_EXPIRED = (
    "只有依第三十九条第一款第一、二、四项中止满六十日（{limit}届满）且原因仍未消除的，"
    "才能依第四十一条第五项终止。"
)
MSG_NOT_HEARING = "当前状态为“{current}”，只有审理中的案件才能{what}。"
MSG_BEFORE_DEEMED = "本案受理审查期限于{due}届满，依第三十条视为受理；受理后的办理日期应晚于{due}。"
MSG_DATE_BEFORE = "办理日期不能早于{what}（{on}）。"


def _before(what: str, on: dt.date) -> RuleViolation:
    return RuleViolation({"on": MSG_DATE_BEFORE.format(what=what, on=on)})


def _save(case: ReconsiderationCase, *, user) -> ReconsiderationCase:
    """The deadlines recomputed, then core.services.record_save (the callers check access
    first; record_save checks it again)."""
    case.refresh_deadlines()
    return record_save(case, user=user)


def _move(case, target, *, on, user, fields=None, note="", label=""):
    """A pipeline move with the deadlines recomputed from the moved case."""
    ensure_can_write(user, case)
    type(case).pipeline.check(case, target)
    for name, value in (fields or {}).items():
        setattr(case, name, value)
    previous = case.status
    case.status = target
    stamp = type(case).pipeline.stamps.get(target)
    if stamp and getattr(case, stamp) is None:
        setattr(case, stamp, on)
    case.refresh_deadlines()
    computed = {
        name: getattr(case, name)
        for name in (
            "acceptance_due",
            "correction_reply_due",
            "decision_due",
            "suspension_limit_on",
            "late_warning",
        )
    }
    case.status = previous
    return transition(
        case,
        target,
        on=on,
        user=user,
        note=note,
        label=label,
        fields={**(fields or {}), **computed},
    )


def _ensure_hearing(case, what: str) -> None:
    if case.status != Status.UNDER_REVIEW:
        raise TransitionNotAllowed(
            MSG_NOT_HEARING.format(current=case.get_status_display(), what=what)
        )


def _event(case, *, on, user, label, note=""):
    """A timeline entry for a step that does not change the status."""
    with transaction.atomic():
        _save(case, user=user)
        log_event(
            case,
            from_status=case.status,
            to_status=case.status,
            label=label,
            on=on,
            note=note,
            user=user,
        )
    return case
