"""Record types of people's mediation."""

from sifa.core.registry import Child, Due, Move, RecordType, register

from . import forms, selectors, services
from .models import (
    CaseParty,
    CaseStatus,
    CommitteeMember,
    DisputeScreening,
    MediationCase,
    MediationCommittee,
    MediationRoom,
    PreventedDispute,
)


def _start(case, data, *, user):
    return services.case_start(case, on=data["on"], user=user)


def _succeed(case, data, *, user):
    return services.case_succeed(
        case,
        on=data["on"],
        agreement_form=data.get("agreement_form") or "",
        effective_on=data.get("effective_on"),
        user=user,
    )


def _terminate(case, data, *, user):
    return services.case_terminate(case, on=data["on"], reason=data.get("reason") or "", user=user)


def _confirmation(case, data, *, user):
    return services.case_confirmation_apply(case, on=data["on"], user=user)


def _confirmation_open(case) -> bool:
    return case.status == CaseStatus.SUCCEEDED and case.confirmation_applied_on is None


def _confirmation_lapsed(case) -> str:
    return "当事人未在期限内申请司法确认；调解协议依法仍然有效，本案仍为调解成功。"


# The workspace's pages (sifa.workspace) of a case.
CASE_PAGES = {
    "list_display": (
        "received_on",
        "dispute_type",
        "committee",
        "mediator",
        "status",
        "closed_on",
        "parties",
    ),
    "form_fields": (
        "region",
        "committee",
        "mediator",
        "received_on",
        "dispute_type",
        "amount_yuan",
        "summary",
    ),
    "list_filters": ("status", "dispute_type"),
    "sections": (
        (
            "案件情况",
            (
                "committee",
                "mediator",
                "received_on",
                "dispute_type",
                "amount_yuan",
                "summary",
            ),
        ),
        (
            "办理情况",
            (
                "status",
                "started_on",
                "closed_on",
                "agreement_form",
                "agreement_effective_on",
                "termination_reason",
            ),
        ),
        (
            "司法确认（《人民调解法》第三十三条）",
            ("confirmation_due_on", "confirmation_applied_on"),
        ),
        ("登记信息", ("region", "created_at", "created_by", "updated_at")),
    ),
    "deadlines": (
        Due(
            "司法确认申请期限",
            "confirmation_due_on",
            "confirmation_applied_on",
            after=_confirmation_lapsed,
            statuses=(CaseStatus.SUCCEEDED,),
        ),
    ),
    "depends": {"mediator": ("committee", "committee")},
    "future_dates": ("agreement_effective_on",),
    "date_field": "received_on",
}

CASE_MOVES = (
    Move("start", "开始调解", _start, forms.StartForm, CaseStatus.MEDIATING),
    Move("succeed", "调解成功", _succeed, forms.SucceedForm, CaseStatus.SUCCEEDED),
    Move("terminate", "调解终止", _terminate, forms.TerminateForm, CaseStatus.TERMINATED),
    Move(
        "confirmation",
        "登记申请司法确认",
        _confirmation,
        forms.ConfirmationForm,
        when=_confirmation_open,
    ),
)


def _committee_notes(committee):
    """人民调解法 art. 9: what the committee lacks today (warnings, not refusals)."""
    return [("提示", text) for text in selectors.committee_warnings(committee)]


register(
    RecordType(
        MediationCommittee,
        save=services.committee_save,
        page_notes=_committee_notes,
        children=(
            Child(
                CommitteeMember,
                "committee",
                save=services.member_save,
                delete=services.member_delete,
            ),
        ),
    ),
    RecordType(MediationRoom, save=services.room_save),
    # the screening's save sets its activity type and, left empty, its title
    RecordType(
        DisputeScreening,
        save=services.screening_save,
        form_fields=("date", "end_date", "region", "unit", "theme", "quantities", "note"),
    ),
    RecordType(PreventedDispute, save=services.prevented_save),
    RecordType(
        MediationCase,
        save=services.case_save,
        validate=services.case_validate,
        save_many=services.case_import,
        moves=CASE_MOVES,
        **CASE_PAGES,
        children=(
            # 人民调解法: a dispute has at least two parties, none of whom refuses mediation
            # when the case is accepted.
            Child(
                CaseParty,
                "case",
                min_count=2,
                message=services.MSG_TOO_FEW_PARTIES,
                rule=services.parties_rule,
                save=services.party_save,
                save_many=services.party_import,
                delete=services.party_delete,
            ),
        ),
    ),
)
