"""Record types of administrative litigation."""

from sifa.core.registry import RecordType, register

from . import services
from .models import Hearing, LitigationCase

register(
    RecordType(LitigationCase, save=services.case_save, validate=services.case_validate),
    RecordType(Hearing, save=services.hearing_save, validate=services.hearing_validate),
)
