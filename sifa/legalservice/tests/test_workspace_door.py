"""The workspace door of public legal services: scoped lists, 404 for another township, the
contract rules on the fields; platforms (a catalogue, not a workspace record) by their selector
and service."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.core.models import UnitKind
from sifa.legalservice import selectors
from sifa.legalservice import services as ls_services
from sifa.legalservice.models import AdvisorContract, AdvisorService, Platform
from sifa.workspace.links import list_url, page_url, record_url

pytestmark = pytest.mark.django_db

D = dt.date
SERVICES = registry.get(AdvisorService)


@pytest.fixture
def services_in_both(village_a, village_b, make_contract):
    return [
        AdvisorService.objects.create(
            contract=make_contract(v), region=v, date=D(2022, 5, 1), people_served=7
        )
        for v in (village_a, village_b)
    ]


def test_clerk_lists_only_its_townships_services(client, services_in_both, township_clerk):
    client.force_login(township_clerk)
    resp = client.get(list_url(SERVICES))
    assert resp.status_code == 200
    assert [r["url"] for r in resp.context["rows"]] == [record_url(services_in_both[0])]


def test_another_townships_service_answers_404(client, services_in_both, township_clerk):
    client.force_login(township_clerk)
    other = services_in_both[1]
    assert client.get(record_url(other)).status_code == 404
    assert client.get(page_url(SERVICES, "edit", other.pk)).status_code == 404
    mine = services_in_both[0]
    assert client.get(record_url(mine)).status_code == 200


def test_entering_a_service_outside_the_contract_shows_the_message(
    client, village_a, make_contract, township_clerk
):
    contract = make_contract(village_a)
    client.force_login(township_clerk)
    resp = client.post(
        page_url(SERVICES, "create"),
        {
            "region": village_a.pk,
            "contract": contract.pk,
            "date": "2023-01-05",
            "people_served": 3,
            "kind": "consultation",
            "note": "",
        },
    )
    assert resp.status_code == 200
    assert resp.content.decode().count("服务日期应在法律顾问合同期限") == 1
    assert not AdvisorService.objects.exists()


def test_contract_with_end_before_start_shows_the_message(
    client, village_a, law_firm, township_clerk
):
    client.force_login(township_clerk)
    resp = client.post(
        page_url(registry.get(AdvisorContract), "create"),
        {
            "region": village_a.pk,
            "lawyer": "王律师",
            "law_firm": law_firm.pk,
            "starts_on": "2022-06-01",
            "ends_on": "2022-05-01",
            "note": "",
        },
    )
    assert resp.status_code == 200
    assert resp.content.decode().count("合同终止日期不能早于起始日期。") == 1
    assert not AdvisorContract.objects.exists()


def test_platforms_are_scoped_by_township(village_a, village_b, township_clerk):
    mine = Platform.objects.create(name="甲服务室", kind=UnitKind.PLATFORM_ROOM, region=village_a)
    other = Platform.objects.create(name="乙服务室", kind=UnitKind.PLATFORM_ROOM, region=village_b)
    assert list(selectors.platforms_for(township_clerk)) == [mine]
    assert other not in selectors.platforms_for(township_clerk)


def test_clerk_adds_a_room_through_the_service(village_a, township_clerk):
    room = Platform(
        name="甲1村公共法律服务室",
        kind=UnitKind.PLATFORM_ROOM,
        region=village_a,
        opened_on=D(2022, 3, 1),
    )
    ls_services.platform_save(room, user=township_clerk)
    assert Platform.objects.get().opened_on == D(2022, 3, 1)
