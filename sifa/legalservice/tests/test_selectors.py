import datetime as dt

import pytest
from django.http import Http404

from sifa.legalservice import selectors
from sifa.legalservice.models import AdvisorService

D = dt.date


@pytest.fixture
def two_services(village_a, village_b, make_contract):
    out = []
    for village in (village_a, village_b):
        c = make_contract(village)
        out.append(
            AdvisorService.objects.create(
                contract=c, region=village, date=D(2022, 5, 1), people_served=5
            )
        )
    return out


def test_township_clerk_sees_only_its_townships_services(two_services, township_clerk):
    mine, other = two_services
    assert list(selectors.services_for(township_clerk)) == [mine]
    assert selectors.service_get(township_clerk, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.service_get(township_clerk, other.pk)


def test_section_clerk_sees_the_whole_county(two_services, section_clerk):
    assert selectors.services_for(section_clerk).count() == 2


def test_viewer_sees_no_records(two_services, viewer):
    assert not selectors.services_for(viewer).exists()


def test_contracts_in_force_on_a_day(village_a, make_contract, section_clerk):
    make_contract(village_a, D(2021, 1, 1), D(2021, 12, 31))
    current = make_contract(village_a, D(2022, 1, 1), D(2022, 12, 31))
    assert list(selectors.contracts_for(section_clerk, in_force_on=D(2022, 1, 1))) == [current]


def test_platforms_in_operation_on_a_day(county, village_a, village_b, township_clerk):
    from sifa.core.models import UnitKind
    from sifa.legalservice.models import Platform

    open_room = Platform.objects.create(
        name="甲服务室", kind=UnitKind.PLATFORM_ROOM, region=village_a, opened_on=D(2020, 1, 1)
    )
    Platform.objects.create(
        name="甲旧服务室",
        kind=UnitKind.PLATFORM_ROOM,
        region=village_a,
        opened_on=D(2020, 1, 1),
        closed_on=D(2021, 1, 1),
    )
    Platform.objects.create(
        name="乙服务室", kind=UnitKind.PLATFORM_ROOM, region=village_b, opened_on=D(2020, 1, 1)
    )
    assert list(selectors.platforms_for(township_clerk, on=D(2022, 1, 1))) == [open_room]
