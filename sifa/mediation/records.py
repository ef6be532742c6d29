"""Record types of people's mediation."""

from sifa.core.registry import Child, RecordType, register

from . import services
from .models import (
    CaseParty,
    CommitteeMember,
    DisputeScreening,
    MediationCase,
    MediationCommittee,
    MediationRoom,
    PreventedDispute,
)

register(
    RecordType(
        MediationCommittee,
        save=services.committee_save,
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
    RecordType(DisputeScreening, save=services.screening_save),
    RecordType(PreventedDispute, save=services.prevented_save),
    RecordType(
        MediationCase,
        save=services.case_save,
        validate=services.case_validate,
        save_many=services.case_import,
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
