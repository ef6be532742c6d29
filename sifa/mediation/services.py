"""Every write of the mediation line: committees, members, rooms, screenings, prevented
disputes, cases and their moves. Each checks access, validates, and saves atomically with its
history; user-facing messages are the module's constants."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection, Iterable

from django.db import transaction

from sifa.core import bulk, casenumbers, deadlines
from sifa.core.access import ensure_can_write
from sifa.core.audit import bulk_create_with_history, record_write
from sifa.core.dates import ymd
from sifa.core.errors import RuleViolation
from sifa.core.models import Activity, ActivityType, CaseEvent, Region
from sifa.core.services import record_delete, record_save, validate, validate_before_write
from sifa.core.workflow import event_row, log_event, transition

from .models import (
    CONFIRMATION_PERIOD,
    SCREENING_MEASURE,
    SCREENING_TYPE,
    AgreementForm,
    CaseParty,
    CaseStatus,
    CommitteeMember,
    MediationCase,
    MediationCommittee,
    MediationRoom,
    PreventedDispute,
)

MSG_PARTY_REFUSES = "当事人{names}明确拒绝调解，依照《人民调解法》第十七条不得受理调解。"
MSG_PARTY_REFUSES_MOVE = "当事人{names}明确拒绝调解，不得继续调解，只能终止调解。"
MSG_TOO_FEW_PARTIES = "纠纷当事人至少应有两方。"
MSG_CONFIRMATION_LATE = (
    "申请司法确认应自调解协议生效之日起三十日内提出（届满日为{due}），已超过期限。"
)
MSG_SCREENING_FOUND = "排查发现纠纷数应为不小于0的整数。"
MSG_SCREENING_TYPE_MISSING = "活动类型目录中缺少“矛盾纠纷排查”，请联系系统管理员。"


# --- committees, members, rooms --------------------------------------------------------------
def committee_save(committee: MediationCommittee, *, user) -> MediationCommittee:
    """Save a committee; member-count and women rules are warnings (selectors), not refusals."""
    return record_save(committee, user=user)


def member_save(member: CommitteeMember, *, user) -> CommitteeMember:
    ensure_can_write(user, member.committee)
    validate(member)
    with transaction.atomic(), record_write(user):
        member.save()
    return member


def member_delete(member: CommitteeMember, *, user) -> None:
    ensure_can_write(user, member.committee)
    with transaction.atomic(), record_write(user):
        member.delete()


def room_save(room: MediationRoom, *, user) -> MediationRoom:
    if room.committee_id and not room.region_id and room.committee is not None:
        room.region_id = room.committee.region_id
    return record_save(room, user=user)


def prevented_save(obj: PreventedDispute, *, user) -> PreventedDispute:
    return record_save(obj, user=user)


def screening_save(screening: Activity, *, user) -> Activity:
    """Save a screening round entered on its own screen (type and measure set here)."""
    found = (screening.quantities or {}).get(SCREENING_MEASURE, 0)
    if not isinstance(found, int) or isinstance(found, bool) or found < 0:
        raise RuleViolation({"quantities": MSG_SCREENING_FOUND})
    kind = ActivityType.objects.filter(code=SCREENING_TYPE).first()
    if kind is None:
        raise RuleViolation(MSG_SCREENING_TYPE_MISSING)
    screening.type = kind
    if not screening.title:
        screening.title = f"{screening.region.name}矛盾纠纷排查"
    return record_save(screening, user=user)


def screening_record(
    *, region: Region, date: dt.date, disputes_found: int, user, title: str = "", note: str = ""
) -> Activity:
    """A dispute screening round (矛盾纠纷排查) as a typed activity."""
    activity = Activity(
        region=region,
        date=date,
        note=note,
        title=title,
        quantities={SCREENING_MEASURE: disputes_found},
    )
    return screening_save(activity, user=user)


# --- cases -------------------------------------------------------------------------------------
def party_names(parties) -> str:
    return "、".join(f"“{p.name}”" for p in parties)


def parties_check(parties: Iterable) -> None:
    """The parties a case may be accepted with: at least two, none refusing mediation."""
    parties = list(parties)
    if len(parties) < 2:
        raise RuleViolation(MSG_TOO_FEW_PARTIES)
    refusing = [p for p in parties if p.refuses_mediation]
    if refusing:
        raise RuleViolation(MSG_PARTY_REFUSES.format(names=party_names(refusing)))


def parties_rule(case: MediationCase, parties: Iterable, *, creating: bool) -> None:
    """The rest of the parties rule every door checks (records.py declares the count, two,
    as the child's min_count): a new case is not accepted while a party refuses mediation (a
    party who refuses later leaves only termination open, see _check_no_refusal)."""
    if creating:
        refusing = [p for p in parties if p.refuses_mediation]
        if refusing:
            raise RuleViolation(MSG_PARTY_REFUSES.format(names=party_names(refusing)))


def _check_no_refusal(case: MediationCase) -> None:
    refusing = [p for p in case.parties.all() if p.refuses_mediation]
    if refusing:
        raise RuleViolation(MSG_PARTY_REFUSES_MOVE.format(names=party_names(refusing)))


def confirmation_due(case: MediationCase) -> dt.date | None:
    """Last day to apply for judicial confirmation (art. 33), or None without an agreement."""
    if case.status != CaseStatus.SUCCEEDED or not case.agreement_effective_on:
        return None
    return deadlines.due_date(
        case.agreement_effective_on, CONFIRMATION_PERIOD.code, case.region
    ).due


def _prepare(case: MediationCase) -> None:
    """Derived fields: the case's region is its committee's; the art. 33 due date."""
    if case.committee_id:
        case.region_id = case.committee.region_id
    case.confirmation_due_on = confirmation_due(case)


def case_validate(case: MediationCase, *, user, clean=validate) -> None:
    """Rules beyond clean(): access, and an application for confirmation within the window.
    `clean` runs the model's rules (the import passes its bulk validation's)."""
    _prepare(case)
    ensure_can_write(user, case)
    clean(case)
    due = case.confirmation_due_on
    if case.confirmation_applied_on and due and case.confirmation_applied_on > due:
        raise RuleViolation({"confirmation_applied_on": MSG_CONFIRMATION_LATE.format(due=ymd(due))})


def _log_acceptance(case: MediationCase, user) -> None:
    log_event(case, **_acceptance_event(case), user=user)


def _acceptance_event(case: MediationCase) -> dict:
    return {
        "to_status": CaseStatus.ACCEPTED,
        "label": CaseStatus.ACCEPTED.label,
        "on": case.received_on,
    }


def case_save(case: MediationCase, *, user) -> MediationCase:
    """Save a case's data (not its status: moves go through case_start/succeed/terminate)."""
    case_validate(case, user=user)
    creating = case.pk is None
    with transaction.atomic(), record_write(user):
        if creating and getattr(user, "pk", None):
            case.created_by = user
        casenumbers.number_new([case])
        case.save()
        if creating:
            _log_acceptance(case, user)
    return case


def case_import(
    cases: list[MediationCase], *, user, validated: Collection[int] = ()
) -> list[MediationCase]:
    """`case_save` for many new cases (an import): the same rules, each case validated once
    (a case whose id() is in `validated` passed case_validate in the import already), then the
    cases, their history and their acceptance events written in bulk, atomically."""
    for case in cases:
        if id(case) in validated:
            _prepare(case)  # derived fields (cheap); the rules already ran on this object
        else:
            case_validate(case, user=user)
    if getattr(user, "pk", None):
        for case in cases:
            case.created_by = user
    with transaction.atomic():
        casenumbers.number_new(cases)
        bulk_create_with_history(MediationCase, cases, user=user)
        bulk.insert_rows(
            CaseEvent, [event_row(case, **_acceptance_event(case), user=user) for case in cases]
        )
    return cases


def case_accept(
    *,
    committee: MediationCommittee,
    received_on: dt.date,
    dispute_type: str,
    parties: list[CaseParty],
    user,
    amount_yuan: int = 0,
    **fields,
) -> MediationCase:
    """受理: a new case with its parties, refused when a party has refused mediation."""
    parties_check(parties)
    case = MediationCase(
        committee=committee,
        received_on=received_on,
        dispute_type=dispute_type,
        amount_yuan=amount_yuan,
        **fields,
    )
    with transaction.atomic():
        case_save(case, user=user)
        for party in parties:
            party.case = case
            party_save(party, user=user)
    return case


def party_save(party: CaseParty, *, user) -> CaseParty:
    ensure_can_write(user, party.case)
    validate(party)
    with transaction.atomic(), record_write(user):
        party.save()
    return party


def party_import(
    parties: list[CaseParty], *, user, validated: Collection[int] = ()
) -> list[CaseParty]:
    """`party_save` for many new parties (an import): the same access check on each case and
    the same validation (clean() only for a party the import validated already, its id() in
    `validated`), then the rows and their history written in bulk."""
    for party in parties:
        ensure_can_write(user, party.case)
        validate_before_write(party, validated)
    with transaction.atomic():
        return bulk_create_with_history(CaseParty, parties, user=user)


def party_delete(party: CaseParty, *, user) -> None:
    ensure_can_write(user, party.case)
    with transaction.atomic(), record_write(user):
        party.delete()


def case_start(case: MediationCase, *, on: dt.date, user) -> MediationCase:
    """受理 → 调解中."""
    ensure_can_write(user, case)
    _check_no_refusal(case)
    return transition(case, CaseStatus.MEDIATING, on=on, user=user)


def _move_fields(
    case: MediationCase,
    target: str,
    *,
    on: dt.date,
    agreement_form: str = "",
    effective_on: dt.date | None = None,
    reason: str = "",
) -> dict:
    """The fields a move to `target` sets besides the status and its date stamp.

    A written agreement takes effect when signed (art. 29), an oral one when reached (art. 30);
    `effective_on` defaults to the closing date.
    """
    if target == CaseStatus.SUCCEEDED:
        effective_on = effective_on or on
        probe = MediationCase(
            status=CaseStatus.SUCCEEDED, agreement_effective_on=effective_on, region=case.region
        )
        due = confirmation_due(probe) if agreement_form in AgreementForm.values else None
        return {
            "agreement_form": agreement_form,
            "agreement_effective_on": effective_on,
            "confirmation_due_on": due,
        }
    if target == CaseStatus.TERMINATED:
        return {"termination_reason": reason}
    return {}


def case_succeed(
    case: MediationCase,
    *,
    on: dt.date,
    agreement_form: str,
    effective_on: dt.date | None = None,
    user,
    note: str = "",
) -> MediationCase:
    """调解中 → 调解成功 with an agreement; opens the art. 33 window for judicial confirmation.
    The case's rules (MediationCase.clean: an agreement form, its date) refuse a move without."""
    ensure_can_write(user, case)
    _check_no_refusal(case)
    fields = _move_fields(
        case, CaseStatus.SUCCEEDED, on=on, agreement_form=agreement_form, effective_on=effective_on
    )
    return transition(case, CaseStatus.SUCCEEDED, on=on, user=user, note=note, fields=fields)


def case_terminate(case: MediationCase, *, on: dt.date, reason: str, user) -> MediationCase:
    """受理/调解中 → 调解终止, with the reason (a party refused, no agreement reached…);
    MediationCase.clean refuses a move without one."""
    ensure_can_write(user, case)
    fields = _move_fields(case, CaseStatus.TERMINATED, on=on, reason=reason)
    return transition(case, CaseStatus.TERMINATED, on=on, user=user, note=reason, fields=fields)


def case_move_check(
    case: MediationCase,
    target: str,
    *,
    on: dt.date,
    agreement_form: str = "",
    effective_on: dt.date | None = None,
    reason: str = "",
) -> None:
    """The rules a move will apply, checked on a copy without saving: the entry screen asks
    before it saves the case's data, so a refused move comes back as field errors with the
    case's own messages (MediationCase.clean) and leaves nothing half done."""
    case.pipeline.check(case, target)
    probe = copy.copy(case)
    setattr(probe, case.pipeline.field, target)
    stamp = case.pipeline.stamps.get(target)
    if stamp and getattr(probe, stamp, None) is None:
        setattr(probe, stamp, on)
    fields = _move_fields(
        case,
        target,
        on=on,
        agreement_form=agreement_form,
        effective_on=effective_on,
        reason=reason,
    )
    for name, value in fields.items():
        setattr(probe, name, value)
    validate(probe)


def case_confirmation_apply(case: MediationCase, *, on: dt.date, user) -> MediationCase:
    """Register the parties' application for judicial confirmation (within 30 days, art. 33)."""
    case.confirmation_applied_on = on
    return case_save(case, user=user)


def case_delete(case: MediationCase, *, user) -> None:
    record_delete(case, user=user)
