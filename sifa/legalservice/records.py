"""Record types of the legal service platforms and village legal advisors."""

from sifa.core.registry import RecordType, register

from . import services
from .models import AdvisorContract, AdvisorService, Platform

register(
    RecordType(Platform, save=services.platform_save, validate=services.platform_validate),
    RecordType(AdvisorContract, save=services.contract_save, validate=services.contract_validate),
    RecordType(AdvisorService, save=services.service_save, validate=services.service_validate),
)
