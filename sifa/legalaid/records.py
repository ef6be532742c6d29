"""Record types of legal aid."""

from sifa.core.registry import RecordType, register

from . import services
from .models import AidApplication, AidCase, AidConsultation, AidDocument, PleaHelp

register(
    RecordType(
        AidApplication, save=services.application_save, validate=services.application_validate
    ),
    RecordType(AidCase, save=services.case_save, validate=services.case_validate),
    RecordType(PleaHelp, save=services.plea_help_save, validate=services.record_validate),
    RecordType(AidConsultation, save=services.consultation_save, validate=services.record_validate),
    RecordType(AidDocument, save=services.document_save, validate=services.record_validate),
)
