import datetime as dt

import pytest
from django.urls import reverse

from sifa.core.models import UnitKind
from sifa.legalservice.models import AdvisorService, Platform

D = dt.date


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
    resp = client.get(reverse("admin:legalservice_advisorservice_changelist"))
    assert resp.status_code == 200
    assert list(resp.context["cl"].queryset) == [services_in_both[0]]


def test_another_townships_service_answers_404(client, services_in_both, township_clerk):
    client.force_login(township_clerk)
    other = services_in_both[1]
    resp = client.get(reverse("admin:legalservice_advisorservice_change", args=[other.pk]))
    assert resp.status_code == 404
    mine = services_in_both[0]
    resp = client.get(reverse("admin:legalservice_advisorservice_change", args=[mine.pk]))
    assert resp.status_code == 200


def test_entering_a_service_outside_the_contract_shows_the_message(
    client, village_a, make_contract, township_clerk
):
    contract = make_contract(village_a)
    client.force_login(township_clerk)
    resp = client.post(
        reverse("admin:legalservice_advisorservice_add"),
        {
            "contract": contract.pk,
            "date": "2023-01-05",
            "people_served": 3,
            "kind": "consultation",
            "note": "",
        },
    )
    assert resp.status_code == 200
    assert "服务日期应在法律顾问合同期限" in resp.content.decode()
    assert not AdvisorService.objects.exists()


def test_contract_with_end_before_start_shows_the_message(
    client, village_a, law_firm, township_clerk
):
    client.force_login(township_clerk)
    resp = client.post(
        reverse("admin:legalservice_advisorcontract_add"),
        {
            "region": village_a.code,
            "lawyer": "王律师",
            "law_firm": law_firm.pk,
            "starts_on": "2022-06-01",
            "ends_on": "2022-05-01",
            "note": "",
        },
    )
    assert resp.status_code == 200
    assert "合同终止日期不能早于起始日期。" in resp.content.decode()


def test_platforms_are_scoped_by_township(client, village_a, village_b, township_clerk):
    mine = Platform.objects.create(name="甲服务室", kind=UnitKind.PLATFORM_ROOM, region=village_a)
    other = Platform.objects.create(name="乙服务室", kind=UnitKind.PLATFORM_ROOM, region=village_b)
    client.force_login(township_clerk)
    resp = client.get(reverse("admin:legalservice_platform_changelist"))
    assert list(resp.context["cl"].queryset) == [mine]
    resp = client.get(reverse("admin:legalservice_platform_change", args=[other.pk]))
    assert resp.status_code == 404


def test_clerk_adds_a_room_through_the_entry_screen(client, village_a, township_clerk):
    client.force_login(township_clerk)
    resp = client.post(
        reverse("admin:legalservice_platform_add"),
        {
            "name": "甲1村公共法律服务室",
            "short_name": "",
            "kind": "platform_room",
            "region": village_a.code,
            "opened_on": "2022-03-01",
            "closed_on": "",
            "phone": "",
            "address": "",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Platform.objects.get().opened_on == D(2022, 3, 1)
