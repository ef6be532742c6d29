"""Every write of the rule-of-law and publicity line.

Each service checks access (`ensure_can_write`), validates (`validate` → RuleViolation with
field errors) and saves atomically with its history. The admin calls the `<model>_save`
functions, so the entry screen obeys the same rules as imports and the API.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sifa.core.access import ensure_can_write, scope
from sifa.core.errors import RuleViolation
from sifa.core.lines import Line
from sifa.core.services import record_save, record_service

from .models import (
    LawExamSession,
    LegalLiterate,
    LiteracyStatus,
    PublicityDuty,
    RulelawActivity,
)

MSG_NOT_RULELAW_TYPE = "此处只能录入法治督察与普法类活动。"
MSG_ALREADY_LEFT = "此人已于{on}退出，不能重复办理。"
MSG_LEAVE_BEFORE_SINCE = "退出日期不能早于评选（聘任）日期。"
MSG_CARRY_FORWARD_YEAR = "新清单的年度应晚于原清单的年度。"


_save = record_save

# Create or change an issued document (发文).
issued_document_save = record_service()
# Register or change a 法律明白人.
legal_literate_save = record_service()


def legal_literate_leave(obj: LegalLiterate, *, on: dt.date, user, note: str = "") -> LegalLiterate:
    """Record that a 法律明白人 left the register on `on`."""
    if obj.status == LiteracyStatus.LEFT:
        raise RuleViolation({"status": MSG_ALREADY_LEFT.format(on=obj.left_on)})
    if on < obj.since:
        raise RuleViolation({"left_on": MSG_LEAVE_BEFORE_SINCE})
    obj.status = LiteracyStatus.LEFT
    obj.left_on = on
    if note:
        obj.note = note
    return _save(obj, user=user)


def law_exam_save(obj: LawExamSession, *, user) -> LawExamSession:
    """Create or change a law exam session; sat ≤ invited and passed ≤ sat."""
    return _save(obj, user=user)


def publicity_duty_save(obj: PublicityDuty, *, user) -> PublicityDuty:
    """Create or revise an agency's "谁执法谁普法" duties for a year."""
    return _save(obj, user=user)


def publicity_duties_carry_forward(*, from_year: int, to_year: int, user) -> list[PublicityDuty]:
    """Start `to_year`'s responsibility list from `from_year`'s, for agencies without one yet
    (an agency with a list for `to_year` keeps it: skipped, not refused); the copies are then
    revised one by one. Only the entries `user` may see are copied (a township office copies
    its township's). Returns the new entries."""
    if to_year <= from_year:
        raise RuleViolation({"year": MSG_CARRY_FORWARD_YEAR})
    # an agency has one list a year whoever may see it: the check reads every region's
    existing = set(PublicityDuty.objects.filter(year=to_year).values_list("agency_id", flat=True))
    sources = PublicityDuty.objects.filter(year=from_year)
    if user is not None:
        sources = scope(user, sources)
    created = []
    with transaction.atomic():
        for old in sources.select_related("agency").order_by("pk"):
            if old.agency_id in existing:
                continue
            new = PublicityDuty(
                region=old.region, agency=old.agency, year=to_year, laws=old.laws, duties=old.duties
            )
            created.append(_save(new, user=user))
    return created


def rulelaw_activity_save(obj: RulelawActivity, *, user) -> RulelawActivity:
    """Create or change a rule-of-law inspection or publicity event (a typed activity)."""
    if obj.type_id and obj.type.line != Line.RULELAW:
        raise RuleViolation({"type": MSG_NOT_RULELAW_TYPE})
    return _save(obj, user=user)


def rulelaw_activity_validate(obj: RulelawActivity, *, user) -> None:
    """Admin-time check of the rules that `clean()` alone does not cover."""
    if obj.type_id and obj.type.line != Line.RULELAW:
        raise RuleViolation({"type": MSG_NOT_RULELAW_TYPE})
    ensure_can_write(user, obj)
