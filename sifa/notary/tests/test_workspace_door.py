"""The workspace door of notarization: the issue step refused on its field, the deadline
filter and its explanation, scoping, the issue deadline set on entry."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.notary.models import MSG_CERT_REQUIRED, Notarization, Status
from sifa.workspace.links import list_url, page_url, record_url

pytestmark = pytest.mark.django_db

D = dt.date
RT = registry.get(Notarization)


def test_issue_on_its_step_page(client, accept, clerk):
    obj = accept()
    client.force_login(clerk)
    assert "出具公证书" in [m["label"] for m in client.get(record_url(obj)).context["moves"]]
    url = page_url(RT, "move", obj.pk, "issue")
    resp = client.post(url, {"on": "2022-03-10", "certificate_no": ""})
    assert resp.content.decode().count(MSG_CERT_REQUIRED) == 1
    obj.refresh_from_db()
    assert obj.status == Status.ACCEPTED
    resp = client.post(url, {"on": "2022-03-10", "certificate_no": "第9号"})
    assert resp.status_code == 302, resp.context["form"].errors
    obj.refresh_from_db()
    assert obj.status == Status.ISSUED


def test_deadline_filter(client, accept, clerk):
    old = accept(D(2022, 3, 1))
    client.force_login(clerk)
    resp = client.get(list_url(RT), {"dl_issue_due": "overdue"})
    assert [r["url"] for r in resp.context["rows"]] == [record_url(old)]


def test_record_page_explains_the_issue_deadline(client, accept, clerk):
    obj = accept(D(2022, 9, 26))
    client.force_login(clerk)
    explained = " ".join(d["explain"] for d in client.get(record_url(obj)).context["deadlines"])
    assert "15个工作日" in explained and "届满日为2022年10月20日" in explained


def test_township_office_cannot_reach_county_matters(client, accept, township_clerk):
    obj = accept()  # at the county level
    client.force_login(township_clerk)
    assert client.get(record_url(obj)).status_code in (403, 404)


def test_entry_form_sets_the_issue_deadline(client, county, clerk):
    client.force_login(clerk)
    resp = client.post(
        page_url(RT, "create"),
        {
            "region": county.pk,
            "category": "foreign_civil",
            "matter": "学历",
            "applicant_name": "张三",
            "accepted_on": "2022-09-26",
        },
    )
    assert resp.status_code == 302, resp.context["form"].errors
    assert Notarization.objects.get().issue_due == D(2022, 10, 20)


def test_found_by_its_certificate_number(client, accept, clerk):
    """A matter is named by its certificate number once issued, so the clerk finds it by that
    number (or part of it) in the list's search box."""
    from sifa.notary import services

    issued, other = accept(), accept()
    services.notarization_issue(
        issued, on=D(2022, 3, 10), certificate_no="（2022）安澜证字第0421号", user=clerk
    )
    client.force_login(clerk)
    resp = client.get(list_url(RT), {"q": "0421"})
    assert [r["url"] for r in resp.context["rows"]] == [record_url(issued)]
    assert record_url(other) not in resp.content.decode()
