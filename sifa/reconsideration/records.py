"""Record types of administrative reconsideration."""

from sifa.core.registry import RecordType, register

from . import services
from .models import ReconsiderationCase

register(
    RecordType(ReconsiderationCase, save=services.case_save, validate=services.case_validate),
)
