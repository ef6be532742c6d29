"""Every write of the legalservice line: platforms, advisor contracts and service records."""

from __future__ import annotations

from django.db import transaction

from sifa.core.access import ensure_can_write
from sifa.core.audit import record_write
from sifa.core.services import validate

from .models import AdvisorContract, AdvisorService, Platform


def _save(obj, *, user):
    ensure_can_write(user, obj)
    validate(obj)
    with transaction.atomic(), record_write(user):
        if obj.pk is None and getattr(user, "pk", None) and hasattr(obj, "created_by_id"):
            obj.created_by = user
        obj.save()
    return obj


def platform_save(obj: Platform, *, user) -> Platform:
    """Create or change a platform (opened/closed dates, its level matching its kind)."""
    return _save(obj, user=user)


def platform_validate(obj: Platform, *, user) -> None:
    ensure_can_write(user, obj)


def contract_save(obj: AdvisorContract, *, user) -> AdvisorContract:
    """Create or change a village legal-advisor contract."""
    return _save(obj, user=user)


def contract_validate(obj: AdvisorContract, *, user) -> None:
    ensure_can_write(user, obj)


def service_save(obj: AdvisorService, *, user) -> AdvisorService:
    """Record one service of a village legal advisor; it counts in the contract's village."""
    if obj.contract_id:
        obj.region_id = obj.contract.region_id
    return _save(obj, user=user)


def service_validate(obj: AdvisorService, *, user) -> None:
    if obj.contract_id:
        obj.region_id = obj.contract.region_id
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
