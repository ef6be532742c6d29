import datetime as dt

from django.urls import reverse

from sifa.legalaid import services
from sifa.legalaid.models import MSG_REFUSAL_REASON, ApplicationStatus

from .conftest import GOOD_ID

D = dt.date


def test_list_masks_id_numbers(client, receive, clerk):
    receive()
    client.force_login(clerk)
    html = client.get(reverse("admin:legalaid_aidapplication_changelist")).content.decode()
    assert GOOD_ID not in html
    assert GOOD_ID[:6] + "********" + GOOD_ID[-4:] in html


def test_refusal_screen_requires_reasons(client, receive, clerk):
    app = receive()
    client.force_login(clerk)
    url = reverse("admin:legalaid_aidapplication_move", args=[app.pk, "refuse"])
    resp = client.post(url, {"on": "2022-03-03", "refusal_reason": ""})
    assert resp.status_code == 200
    assert MSG_REFUSAL_REASON in resp.content.decode()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.RECEIVED


def test_approve_then_assign_through_the_screens(client, receive, firm, clerk):
    app = receive()
    client.force_login(clerk)
    change = reverse("admin:legalaid_aidapplication_change", args=[app.pk])
    assert "准予法律援助" in client.get(change).content.decode()
    resp = client.post(
        reverse("admin:legalaid_aidapplication_move", args=[app.pk, "approve"]),
        {"on": "2022-03-02"},
    )
    assert resp.status_code == 302
    resp = client.post(
        reverse("admin:legalaid_aidapplication_move", args=[app.pk, "assign"]),
        {"on": "2022-03-01", "handler": firm.pk, "lawyer": "赵律师"},
    )
    assert "指派日期不能早于准予援助的决定日期。" in resp.content.decode()
    resp = client.post(
        reverse("admin:legalaid_aidapplication_move", args=[app.pk, "assign"]),
        {
            "on": "2022-03-03",
            "handler": firm.pk,
            "lawyer": "赵律师",
            "recipient_groups": ["elderly"],
        },
    )
    assert resp.status_code == 302
    app.refresh_from_db()
    assert app.case.recipient_groups == ["elderly"]


def test_moves_on_another_townships_application_answer_404(client, receive, township_b, make_user):
    app = receive()  # in village_a, township A
    office_b = make_user("office", region=township_b)
    client.force_login(office_b)
    url = reverse("admin:legalaid_aidapplication_move", args=[app.pk, "approve"])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("admin:legalaid_aidapplication_change", args=[app.pk])).status_code
        == 404
    )


def test_deadline_filter_lists_overdue_applications(client, receive, clerk):
    old = receive(D(2022, 3, 1))
    services.application_refuse(receive(D(2022, 3, 1)), on=D(2022, 3, 2), reason="理由", user=clerk)
    client.force_login(clerk)
    resp = client.get(reverse("admin:legalaid_aidapplication_changelist") + "?deadline=overdue")
    assert list(resp.context["cl"].queryset) == [old]


def test_detail_page_explains_the_running_deadline(client, receive, clerk):
    app = receive(D(2022, 9, 28))
    client.force_login(clerk)
    html = client.get(reverse("admin:legalaid_aidapplication_change", args=[app.pk])).content
    assert "届满日10月5日为休息日，顺延至其后第一个工作日；届满日为2022年10月8日" in html.decode()


def test_case_list_masks_id_numbers_and_shows_groups(client, make_case, village_a, clerk):
    case = make_case(village_a, D(2022, 5, 1))
    case.recipient_id_number = GOOD_ID
    case.recipient_groups = ["disabled", "elderly"]
    case.save()
    client.force_login(clerk)
    html = client.get(reverse("admin:legalaid_aidcase_changelist")).content.decode()
    assert GOOD_ID not in html and GOOD_ID[-4:] in html
    assert "残疾人、老年人" in html


def test_case_entry_screen_takes_recipient_groups(client, centre, village_a, clerk):
    client.force_login(clerk)
    resp = client.post(
        reverse("admin:legalaid_aidcase_add"),
        {
            "region": village_a.code,
            "application": "",
            "case_type": "criminal",
            "recipient_name": "李四",
            "recipient_id_number": "",
            "handler": centre.pk,
            "lawyer": "王律师",
            "assigned_on": "2022-05-01",
            "closed_on": "2022-04-01",
            "recipient_groups": ["minor"],
            "summary": "",
        },
    )
    assert "结案日期不能早于指派日期。" in resp.content.decode()
    resp = client.post(
        reverse("admin:legalaid_aidcase_add"),
        {
            "region": village_a.code,
            "application": "",
            "case_type": "criminal",
            "recipient_name": "李四",
            "recipient_id_number": "",
            "handler": centre.pk,
            "lawyer": "王律师",
            "assigned_on": "2022-05-01",
            "closed_on": "",
            "recipient_groups": ["minor"],
            "summary": "",
        },
    )
    assert resp.status_code == 302
    from sifa.legalaid.models import AidCase

    assert AidCase.objects.get().recipient_groups == ["minor"]


def test_application_entry_screen_checks_the_id_number(client, village_a, clerk):
    from sifa.core.idnumber import MSG_CHECK
    from sifa.legalaid.models import AidApplication

    from .conftest import BAD_ID

    client.force_login(clerk)
    data = {
        "region": village_a.code,
        "applicant_name": "张三",
        "id_number": BAD_ID,
        "phone": "",
        "case_type": "civil",
        "matter": "追索劳动报酬",
        "received_on": "2022-03-01",
    }
    resp = client.post(reverse("admin:legalaid_aidapplication_add"), data)
    assert MSG_CHECK in resp.content.decode()
    resp = client.post(reverse("admin:legalaid_aidapplication_add"), {**data, "id_number": GOOD_ID})
    assert resp.status_code == 302
    assert AidApplication.objects.get().review_due == D(2022, 3, 8)
