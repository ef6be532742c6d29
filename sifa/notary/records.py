"""Record types of notarisation."""

from sifa.core.registry import RecordType, register

from . import services
from .models import Notarization, NotaryConsultation, NotaryDocument

register(
    RecordType(
        Notarization, save=services.notarization_save, validate=services.notarization_validate
    ),
    RecordType(
        NotaryConsultation, save=services.consultation_save, validate=services.record_validate
    ),
    RecordType(NotaryDocument, save=services.document_save, validate=services.record_validate),
)
