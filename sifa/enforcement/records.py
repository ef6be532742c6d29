"""Record types of law-enforcement supervision."""

from sifa.core.registry import RecordType, register

from . import services
from .models import (
    Certificate,
    EnforcementAgency,
    Officer,
    SpecialInspection,
    ThreeSystemsEvaluation,
)

register(
    RecordType(EnforcementAgency, save=services.agency_save, validate=services.agency_validate),
    RecordType(Officer, save=services.officer_save, validate=services.officer_validate),
    RecordType(Certificate, save=services.certificate_save, validate=services.certificate_validate),
    RecordType(
        ThreeSystemsEvaluation,
        save=services.evaluation_save,
        validate=services.evaluation_validate,
    ),
    RecordType(
        SpecialInspection, save=services.inspection_save, validate=services.inspection_validate
    ),
)
