"""Record types of normative documents: legality review, consultation, clean-up."""

from django.core.exceptions import ValidationError

from sifa.core.registry import Child, Move, RecordType, register

from . import forms, services
from .models import (
    CleanupItem,
    CleanupRound,
    DraftingHearing,
    LegalityReview,
    LegislativeComment,
    NormdocConsultation,
    ReviewStatus,
)


def _complete(obj, data, *, user):
    return services.legality_review_complete(
        obj, on=data["on"], opinion=data["opinion"], user=user, note=data.get("note", "")
    )


def _publish(obj, data, *, user):
    return services.legality_review_publish(
        obj, on=data["on"], number=data.get("number", ""), user=user, note=data.get("note", "")
    )


def _file(obj, data, *, user):
    return services.legality_review_file(obj, on=data["on"], user=user, note=data.get("note", ""))


REVIEW_MOVES = (
    Move("complete", "审核完成", _complete, forms.CompleteForm, ReviewStatus.REVIEWED),
    Move("publish", "发布", _publish, forms.PublishForm, ReviewStatus.PUBLISHED),
    Move("file", "备案", _file, forms.FileForm, ReviewStatus.FILED),
)

MSG_NOT_CONCLUDED = "未能办结：{reason}"


def _round_save(obj, *, user):
    return services.cleanup_round_save(obj, user=user)


def _round_conclude(obj, held: dict, *, user) -> list[str]:
    """A conclusion date entered with the round's items concludes it once they are saved,
    through the conclude service (a concluded round takes no new items); refused, the round
    and its items stay saved, not concluded, and the clerk is told why."""
    on = held.get("concluded_on")
    if not on:
        return []
    try:
        services.cleanup_round_conclude(obj, on=on, user=user)
    except ValidationError as exc:
        return [MSG_NOT_CONCLUDED.format(reason="；".join(exc.messages))]
    return []


# fields a form sets newly that are applied after the children: (names, apply)
_round_save.after_children = (("concluded_on",), _round_conclude)  # type: ignore[attr-defined]

register(
    RecordType(LegalityReview, save=services.legality_review_save, moves=REVIEW_MOVES),
    RecordType(NormdocConsultation, save=services.consultation_save),
    RecordType(LegislativeComment, save=services.legislative_comment_save),
    RecordType(DraftingHearing, save=services.hearing_save),
    RecordType(
        CleanupRound,
        save=_round_save,
        children=(Child(CleanupItem, "round", save=services.cleanup_item_save),),
    ),
)
