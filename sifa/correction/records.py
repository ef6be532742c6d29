"""Record types of community correction: a subject's file is sealed for a minor."""

from sifa.core.registry import Child, RecordType, register

from . import selectors, services
from .models import (
    Assessment,
    Classification,
    LeaveRequest,
    Monitoring,
    RewardPenalty,
    Subject,
    SupervisionEvent,
    TeamMember,
)


def _file_validate(obj, *, user):
    """Region, seal and scope of a file record, checked while its form is validated."""
    if obj.subject_id:
        services.child_validate(obj, user=user)


def _sealed(user, qs):
    return selectors.visible_extra(user, qs)


def _never_sealed(user, qs):
    return qs.exclude(selectors.sealed_q(qs.model))


_FILE = dict(selector=_sealed, export_rule=_never_sealed, audited_reads=True)

register(
    RecordType(Assessment, save=services.assessment_save),
    RecordType(
        Subject,
        save=services.subject_save,
        validate=services.subject_validate,
        children=(
            Child(
                TeamMember,
                "subject",
                save=services.team_member_save,
                delete=services.team_member_delete,
            ),
        ),
        **_FILE,
    ),
    RecordType(Classification, save=services.classification_save, validate=_file_validate, **_FILE),
    RecordType(
        SupervisionEvent, save=services.supervision_event_save, validate=_file_validate, **_FILE
    ),
    RecordType(LeaveRequest, save=services.leave_request_save, validate=_file_validate, **_FILE),
    RecordType(Monitoring, save=services.monitoring_save, validate=_file_validate, **_FILE),
    RecordType(RewardPenalty, save=services.reward_penalty_save, validate=_file_validate, **_FILE),
)
