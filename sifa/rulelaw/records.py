"""Record types of rule-of-law building and publicity (普法)."""

from sifa.core.registry import RecordType, register

from . import services
from .models import IssuedDocument, LawExamSession, LegalLiterate, PublicityDuty, RulelawActivity

register(
    RecordType(IssuedDocument, save=services.issued_document_save),
    RecordType(LegalLiterate, save=services.legal_literate_save),
    RecordType(LawExamSession, save=services.law_exam_save),
    RecordType(PublicityDuty, save=services.publicity_duty_save),
    RecordType(
        RulelawActivity,
        save=services.rulelaw_activity_save,
        validate=services.rulelaw_activity_validate,
    ),
)
