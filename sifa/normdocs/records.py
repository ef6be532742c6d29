"""Record types of normative documents: legality review, consultation, clean-up."""

from sifa.core.registry import Child, RecordType, register

from . import services
from .models import (
    CleanupItem,
    CleanupRound,
    DraftingHearing,
    LegalityReview,
    LegislativeComment,
    NormdocConsultation,
)

register(
    RecordType(LegalityReview, save=services.legality_review_save),
    RecordType(NormdocConsultation, save=services.consultation_save),
    RecordType(LegislativeComment, save=services.legislative_comment_save),
    RecordType(DraftingHearing, save=services.hearing_save),
    RecordType(
        CleanupRound,
        save=services.cleanup_round_save,
        children=(Child(CleanupItem, "round", save=services.cleanup_item_save),),
    ),
)
