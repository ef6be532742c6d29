"""The workspace door of enforcement: lists without ID numbers, the certificates' deadline
filter and states, entry forms saving through the services and showing rules on the fields."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.core.idnumber import MSG_CHECK, mask
from sifa.enforcement.models import Certificate, Officer, SpecialInspection
from sifa.workspace.links import list_url, page_url, record_url

from . import factories as f

pytestmark = pytest.mark.django_db

D = dt.date

CERTS = registry.get(Certificate)


@pytest.fixture
def clerk(make_user, client):
    user = make_user("section", lines=["enforcement"])
    client.force_login(user)
    return user


@pytest.fixture
def officer(county):
    officer = f.officer(f.agency(county), hired_on=D(2019, 1, 1))
    f.certificate(officer, D(2019, 3, 1), number="陕执2019001")
    return officer


def test_officer_list_never_shows_id_numbers_and_the_leader_reads_them_masked(
    client, clerk, officer, bureau_leader
):
    response = client.get(list_url(registry.get(Officer)))
    assert response.status_code == 200
    body = response.content.decode()
    assert officer.name in body and officer.id_number not in body
    client.force_login(bureau_leader)
    page = client.get(record_url(officer)).content.decode()
    assert mask(officer.id_number) in page and officer.id_number not in page


@pytest.mark.parametrize("state", ["ok", "soon", "overdue", "done"])
def test_certificate_list_filters_by_deadline_state(client, clerk, officer, state):
    response = client.get(list_url(CERTS), {"dl_expires_on": state})
    assert response.status_code == 200
    (shown,) = [x for x in response.context["filters"] if x["name"] == "dl_expires_on"]
    assert shown["value"] == state  # the filter knows the state


def test_certificate_entry_shows_rule_on_the_field(client, clerk, officer):
    response = client.post(
        page_url(CERTS, "create"),
        {
            "region": officer.region_id,
            "officer": officer.pk,
            "number": "陕执2019001",
            "kind": "new",
            "issued_on": "2022-03-01",
            "expires_on": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "证件编号“陕执2019001”已登记" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_certificate_entry_fills_expiry(client, clerk, officer):
    response = client.post(
        page_url(CERTS, "create"),
        {
            "region": officer.region_id,
            "officer": officer.pk,
            "number": "陕执2024001",
            "kind": "renewed",
            "issued_on": "2024-01-10",
            "expires_on": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Certificate.objects.get(number="陕执2024001").expires_on == D(2029, 1, 9)


def test_officer_entry_refuses_wrong_check_digit(client, clerk, officer):
    bad = officer.id_number[:17] + ("0" if officer.id_number[17] != "0" else "1")
    response = client.post(
        page_url(registry.get(Officer), "create"),
        {
            "region": officer.region_id,
            "agency": officer.agency_id,
            "name": "王五",
            "id_number": bad,
            "post": "",
            "hired_on": "2022-01-01",
            "left_on": "",
            "certificates-TOTAL_FORMS": "0",
            "certificates-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [MSG_CHECK]
    assert Officer.objects.count() == 1


def test_township_clerk_gets_404_for_county_officer(client, township_clerk, officer):
    client.force_login(township_clerk)
    assert client.get(record_url(officer)).status_code in (403, 404)
    assert client.get(page_url(registry.get(Officer), "edit", officer.pk)).status_code in (403, 404)


def test_certificate_list_and_detail_show_the_deadline_state(client, clerk, county):
    from sifa.enforcement.models import add_months

    today = dt.date.today()
    soon = f.certificate(
        f.officer(f.agency(county, "测试县林业局"), hired_on=D(2015, 1, 1)),
        add_months(today, -60) + dt.timedelta(days=20),
        number="将到期001",
    )
    response = client.get(list_url(CERTS), {"dl_expires_on": "soon"})
    assert [r["url"] for r in response.context["rows"]] == [record_url(soon)]
    response = client.get(record_url(soon))
    assert [d["state_label"] for d in response.context["deadlines"]] == ["即将到期"]


def test_inspection_screen_lists_only_special_inspections(client, clerk, county):
    from sifa.core.models import Activity, ActivityType
    from sifa.enforcement.services import inspection_record

    inspection_record(
        region=county,
        title="安全生产专项执法检查",
        date=D(2022, 5, 1),
        agencies_checked=5,
        user=None,
    )
    Activity.objects.create(
        type=ActivityType.objects.get(code="publicity_event"),
        region=county,
        title="宪法宣传周活动",
        date=D(2022, 12, 4),
    )
    body = client.get(list_url(registry.get(SpecialInspection))).content.decode()
    assert "安全生产专项执法检查" in body and "宪法宣传周活动" not in body


def test_inspection_entry_needs_agencies_checked(client, clerk, county):
    from sifa.core.models import ActivityType
    from sifa.enforcement.services import MSG_AGENCIES_CHECKED

    url = page_url(registry.get(SpecialInspection), "create")
    data = {
        "type": ActivityType.objects.get(code="enforcement_inspection").pk,
        "region": county.pk,
        "title": "食品安全专项执法检查",
        "theme": "",
        "date": "2022-06-01",
        "end_date": "",
        "unit": "",
        "note": "",
    }
    response = client.post(url, {**data, "quantities": "{}"})
    assert response.status_code == 200
    assert MSG_AGENCIES_CHECKED in response.content.decode()
    response = client.post(url, {**data, "quantities": '{"agencies_checked": 4}'})
    assert response.status_code == 302, response.context["form"].errors
    assert SpecialInspection.objects.get().type.code == "enforcement_inspection"


def test_officer_detail_shows_certification(client, clerk, county):
    from sifa.enforcement.models import add_months

    today = dt.date.today()
    agency = f.agency(county, "测试县水务局")
    lapsed = f.officer(agency, name="过期人", hired_on=D(2010, 1, 1))
    f.certificate(lapsed, add_months(today, -61))
    holder = f.officer(agency, name="持证人", hired_on=D(2010, 1, 1))
    f.certificate(holder, today - dt.timedelta(days=1), number="有效001")
    assert "未持有效执法证件" in client.get(record_url(lapsed)).content.decode()
    assert "持证（有效001" in client.get(record_url(holder)).content.decode()


def test_records_found_by_the_names_a_clerk_knows(client, clerk, county):
    """A certificate is found by its holder's name, an officer by the agency's name, an
    agency by its own name, and the search box says so."""
    market = f.agency(county, "测试县市场监督管理局")
    farm = f.agency(county, "测试县农业农村局")
    zhang = f.officer(market, name="张三")
    li = f.officer(farm, name="李四")
    cert = f.certificate(zhang, D(2020, 3, 1), number="陕执2020001")
    f.certificate(li, D(2020, 3, 2), number="陕执2020002")

    resp = client.get(list_url(CERTS), {"q": "张三"})
    assert [r["url"] for r in resp.context["rows"]] == [record_url(cert)]
    assert "执法人员姓名" in resp.content.decode()
    resp = client.get(list_url(registry.get(Officer)), {"q": "农业农村"})
    assert [r["url"] for r in resp.context["rows"]] == [record_url(li)]
    resp = client.get(list_url(registry.get(type(market))), {"q": "市场监督"})
    assert [r["url"] for r in resp.context["rows"]] == [record_url(market)]
