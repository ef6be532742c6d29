"""Every write of the legalservice line: platforms, advisor contracts and service records."""

from __future__ import annotations

from sifa.core.access import ensure_can_write
from sifa.core.services import record_service

from .models import AdvisorContract, AdvisorService, Platform

# Create or change a platform (opened/closed dates, its level matching its kind).
platform_save = record_service()


def platform_validate(obj: Platform, *, user) -> None:
    ensure_can_write(user, obj)


# Create or change a village legal-advisor contract.
contract_save = record_service()


def contract_validate(obj: AdvisorContract, *, user) -> None:
    ensure_can_write(user, obj)


def _service_prepare(obj: AdvisorService) -> None:
    """A service counts in its contract's village."""
    if obj.contract_id:
        obj.region_id = obj.contract.region_id


# Record one service of a village legal advisor.
service_save = record_service(_service_prepare)


def service_validate(obj: AdvisorService, *, user) -> None:
    _service_prepare(obj)
    ensure_can_write(user, obj)


def service_create(
    *, contract: AdvisorContract, date, people_served: int, kind: str, note: str = "", user
) -> AdvisorService:
    obj = AdvisorService(
        contract=contract,
        region_id=contract.region_id,
        date=date,
        people_served=people_served,
        kind=kind,
        note=note,
    )
    return service_save(obj, user=user)
