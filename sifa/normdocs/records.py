"""Record types of normative documents: legality review, consultation, clean-up."""

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

register(
    RecordType(LegalityReview, save=services.legality_review_save, moves=REVIEW_MOVES),
    RecordType(NormdocConsultation, save=services.consultation_save),
    RecordType(LegislativeComment, save=services.legislative_comment_save),
    RecordType(DraftingHearing, save=services.hearing_save),
    RecordType(
        CleanupRound,
        save=services.cleanup_round_save,
        children=(Child(CleanupItem, "round", save=services.cleanup_item_save),),
    ),
)
