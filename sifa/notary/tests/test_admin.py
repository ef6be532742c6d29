import datetime as dt

from django.urls import reverse

from sifa.notary.models import MSG_CERT_REQUIRED, Status

D = dt.date


def test_issue_through_the_screen(client, accept, clerk):
    obj = accept()
    client.force_login(clerk)
    change = reverse("admin:notary_notarization_change", args=[obj.pk])
    assert "出具公证书" in client.get(change).content.decode()
    url = reverse("admin:notary_notarization_move", args=[obj.pk, "issue"])
    resp = client.post(url, {"on": "2022-03-10", "certificate_no": ""})
    assert MSG_CERT_REQUIRED in resp.content.decode()
    resp = client.post(url, {"on": "2022-03-10", "certificate_no": "第9号"})
    assert resp.status_code == 302
    obj.refresh_from_db()
    assert obj.status == Status.ISSUED


def test_deadline_filter(client, accept, clerk):
    old = accept(D(2022, 3, 1))
    client.force_login(clerk)
    resp = client.get(reverse("admin:notary_notarization_changelist") + "?deadline=overdue")
    assert list(resp.context["cl"].queryset) == [old]


def test_detail_page_explains_the_issue_deadline(client, accept, clerk):
    obj = accept(D(2022, 9, 26))
    client.force_login(clerk)
    html = client.get(reverse("admin:notary_notarization_change", args=[obj.pk])).content
    assert "15个工作日" in html.decode() and "届满日为2022年10月20日" in html.decode()


def test_township_office_gets_404_for_county_matters(client, accept, township_clerk):
    obj = accept()  # at the county level
    client.force_login(township_clerk)
    resp = client.get(reverse("admin:notary_notarization_change", args=[obj.pk]))
    assert resp.status_code == 404


def test_entry_screen_sets_the_issue_deadline(client, county, clerk):
    from sifa.notary.models import Notarization

    client.force_login(clerk)
    resp = client.post(
        reverse("admin:notary_notarization_add"),
        {
            "region": county.code,
            "category": "foreign_civil",
            "matter": "学历",
            "applicant_name": "张三",
            "accepted_on": "2022-09-26",
        },
    )
    assert resp.status_code == 302
    assert Notarization.objects.get().issue_due == D(2022, 10, 20)
