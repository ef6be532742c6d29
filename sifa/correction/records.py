"""Record types of community correction: a subject's file is sealed for a minor."""

from sifa.core.errors import RuleViolation
from sifa.core.registry import Child, Move, RecordType, register

from . import selectors, services
from .forms import MoveForm
from .models import (
    Assessment,
    Classification,
    LeaveRequest,
    Monitoring,
    RewardPenalty,
    Subject,
    SubjectStatus,
    SupervisionEvent,
    TeamMember,
)
from .models.subjects import RELEASE_REASONS, TERMINATION_REASONS


def _file_validate(obj, *, user):
    """Region, seal and scope of a file record, checked while its form is validated."""
    if obj.subject_id:
        services.child_validate(obj, user=user)


def _team_rule(subject, members, *, creating):
    """Art. 25 on the team as submitted with the subject (a female subject's team includes a
    woman): every door writing the team with its subject checks the whole set here; the
    per-member save checks the same rule against the stored team."""
    if services.team_lacks_woman(subject, [m.gender for m in members]):
        raise RuleViolation(services.MSG_TEAM_NEEDS_WOMAN)


def _sealed(user, qs):
    return selectors.visible_extra(user, qs)


def _never_sealed(user, qs):
    return qs.exclude(selectors.sealed_q(qs.model))


def _receive(obj, data, *, user):
    return services.subject_receive(obj, on=data["on"], user=user, note=data.get("note", ""))


def _release(obj, data, *, user):
    return services.subject_release(
        obj, on=data["on"], reason=data["reason"], user=user, note=data.get("note", "")
    )


def _terminate(obj, data, *, user):
    return services.subject_terminate(
        obj, on=data["on"], reason=data["reason"], user=user, note=data.get("note", "")
    )


SUBJECT_MOVES = (
    Move("receive", "办理接收", _receive, MoveForm, SubjectStatus.ACTIVE),
    Move(
        "release",
        "解除社区矫正",
        _release,
        MoveForm,
        SubjectStatus.RELEASED,
        form_kwargs={"reasons": RELEASE_REASONS},
    ),
    Move(
        "terminate",
        "终止社区矫正",
        _terminate,
        MoveForm,
        SubjectStatus.TERMINATED,
        form_kwargs={"reasons": TERMINATION_REASONS},
    ),
)


def _banner(obj) -> str:
    """A sealed minor's file says so on every page of it (the subject and its file's records)."""
    from .views import MSG_SEALED_BANNER

    subject = obj if isinstance(obj, Subject) else getattr(obj, "subject", None)
    return MSG_SEALED_BANNER if subject is not None and subject.is_minor else ""


def _file_page(obj) -> str | None:
    from .views import record_url

    return record_url(obj)


_FILE = dict(
    selector=_sealed,
    export_rule=_never_sealed,
    audited_reads=True,
    banner=_banner,
    record_page=_file_page,
)

register(
    RecordType(Assessment, save=services.assessment_save),
    RecordType(
        Subject,
        save=services.subject_save,
        validate=services.subject_validate,
        moves=SUBJECT_MOVES,
        children=(
            Child(
                TeamMember,
                "subject",
                rule=_team_rule,
                save=services.team_member_save,
                delete=services.team_member_delete,
            ),
        ),
        # The correction clerk's list: where, what kind, which state, the period; newest
        # period first (not by birth date, the model's first date).
        list_display=(
            "region",
            "gender",
            "correction_type",
            "status",
            "period_start",
            "period_end",
            "received_on",
        ),
        date_field="period_start",
        **_FILE,
    ),
    # A file's records are found by their subject's name (among the files the user may see).
    RecordType(
        Classification,
        save=services.classification_save,
        validate=_file_validate,
        search_fields=("subject__name", "reason"),
        **_FILE,
    ),
    RecordType(
        SupervisionEvent,
        save=services.supervision_event_save,
        validate=_file_validate,
        search_fields=("subject__name", "note"),
        **_FILE,
    ),
    RecordType(
        LeaveRequest,
        save=services.leave_request_save,
        validate=_file_validate,
        search_fields=("subject__name", "destination", "reason"),
        **_FILE,
    ),
    RecordType(
        Monitoring,
        save=services.monitoring_save,
        validate=_file_validate,
        search_fields=("subject__name", "approved_by"),
        **_FILE,
    ),
    RecordType(
        RewardPenalty,
        save=services.reward_penalty_save,
        validate=_file_validate,
        search_fields=("subject__name", "reason"),
        **_FILE,
    ),
)
