"""Figures of the legalservice line (figures.yaml section 4)."""

from django.db.models import Q

from sifa.core.indicators import Indicator
from sifa.core.models import RegionLevel
from sifa.core.models.units import PLATFORM_KINDS


def _platforms_in_operation(start, end):
    return (
        Q(kind__in=PLATFORM_KINDS)
        & (Q(opened_on__isnull=True) | Q(opened_on__lte=end))
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    )


def _villages_with_contract(start, end, region=None):
    # Declared on Region (one row = one village) so a village with two contracts counts once.
    # A contract's region is its village, so narrowing the contracts to the scope (the range
    # of the village codes counted) changes no count and spares reading the province's.
    from sifa.core.access import region_range

    from .models import AdvisorContract

    in_force = AdvisorContract.objects.filter(starts_on__lte=end, ends_on__gte=end)
    if region is not None:
        in_force = in_force.filter(region_range(region.prefix, "region_id"))
    return Q(level=RegionLevel.VILLAGE, code__in=in_force.values("region_id"))


INDICATORS = [
    Indicator(
        id="legalservice.platforms",
        label="公共法律服务实体平台",
        kind="stock",
        model="core.Unit",
        where=_platforms_in_operation,
        unit="个",
    ),
    Indicator(
        id="legalservice.villages_with_advisor",
        label="聘请法律顾问的村（社区）",
        kind="stock",
        model="core.Region",
        where=_villages_with_contract,
        region_field="code",
        unit="个",
    ),
    Indicator(
        id="legalservice.advisor_services",
        label="法律顾问服务群众",
        kind="sum",
        model="legalservice.AdvisorService",
        date_field="date",
        field="people_served",
        unit="名",
        format="yu",
    ),
]
