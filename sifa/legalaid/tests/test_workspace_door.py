"""The workspace door of legal aid: lists never show ID numbers, steps refused on their
fields, scoping, the deadline filter and its explanation, entry forms checking their rules."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.legalaid import services
from sifa.legalaid.models import MSG_REFUSAL_REASON, AidApplication, AidCase, ApplicationStatus
from sifa.workspace.links import list_url, page_url, record_url

from .conftest import GOOD_ID

pytestmark = pytest.mark.django_db

D = dt.date
APPS = registry.get(AidApplication)
CASES = registry.get(AidCase)


def test_list_never_shows_id_numbers(client, receive, clerk):
    # the record page masks them for readers: test_personal_data
    app = receive()
    client.force_login(clerk)
    html = client.get(list_url(APPS)).content.decode()
    assert app.applicant_name in html and GOOD_ID not in html


def test_refusal_step_requires_reasons(client, receive, clerk):
    app = receive()
    client.force_login(clerk)
    resp = client.post(
        page_url(APPS, "move", app.pk, "refuse"), {"on": "2022-03-03", "refusal_reason": ""}
    )
    assert resp.status_code == 200
    assert resp.content.decode().count(MSG_REFUSAL_REASON) == 1
    app.refresh_from_db()
    assert app.status == ApplicationStatus.RECEIVED


def test_approve_then_assign_on_the_step_pages(client, receive, firm, clerk):
    app = receive()
    client.force_login(clerk)
    offered = [m["label"] for m in client.get(record_url(app)).context["moves"]]
    assert "准予法律援助" in offered
    resp = client.post(page_url(APPS, "move", app.pk, "approve"), {"on": "2022-03-02"})
    assert resp.status_code == 302, resp.context["form"].errors
    assign = page_url(APPS, "move", app.pk, "assign")
    resp = client.post(assign, {"on": "2022-03-01", "handler": firm.pk, "lawyer": "赵律师"})
    assert "指派日期不能早于准予援助的决定日期。" in resp.content.decode()
    resp = client.post(
        assign,
        {
            "on": "2022-03-03",
            "handler": firm.pk,
            "lawyer": "赵律师",
            "recipient_groups": ["elderly"],
        },
    )
    assert resp.status_code == 302, resp.context["form"].errors
    app.refresh_from_db()
    assert app.case.recipient_groups == ["elderly"]


def test_another_townships_application_answers_404(client, receive, township_b, make_user):
    app = receive()  # in village_a, township A
    office_b = make_user("office", region=township_b)
    client.force_login(office_b)
    approve = page_url(APPS, "move", app.pk, "approve")
    assert client.get(approve).status_code in (403, 404)
    assert client.post(approve, {"on": "2022-03-02"}).status_code in (403, 404)
    assert client.get(record_url(app)).status_code in (403, 404)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.RECEIVED


def test_deadline_filter_lists_overdue_applications(client, receive, clerk):
    old = receive(D(2022, 3, 1))
    services.application_refuse(receive(D(2022, 3, 1)), on=D(2022, 3, 2), reason="理由", user=clerk)
    client.force_login(clerk)
    resp = client.get(list_url(APPS), {"dl_review_due": "overdue"})
    assert [r["url"] for r in resp.context["rows"]] == [record_url(old)]


def test_record_page_explains_the_running_deadline(client, receive, clerk):
    app = receive(D(2022, 9, 28))
    client.force_login(clerk)
    page = client.get(record_url(app))
    explained = " ".join(d["explain"] for d in page.context["deadlines"])
    assert "届满日10月5日为休息日，顺延至其后第一个工作日；届满日为2022年10月8日" in explained


def test_case_list_never_shows_id_numbers_and_shows_groups(client, make_case, village_a, clerk):
    case = make_case(village_a, D(2022, 5, 1))
    case.recipient_id_number = GOOD_ID
    case.recipient_groups = ["disabled", "elderly"]
    case.save()
    client.force_login(clerk)
    html = client.get(list_url(CASES)).content.decode()
    assert GOOD_ID not in html


def test_case_record_page_names_the_groups(client, make_case, village_a, clerk):
    case = make_case(village_a, D(2022, 5, 1))
    case.recipient_groups = ["disabled", "elderly"]
    case.save()
    client.force_login(clerk)
    assert "残疾人、老年人" in client.get(record_url(case)).content.decode()


def case_form(centre, village_a, **extra):
    data = {
        "region": village_a.pk,
        "case_number": "",
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
    }
    data.update(extra)
    return data


def test_case_entry_form_takes_recipient_groups(client, centre, village_a, clerk):
    client.force_login(clerk)
    resp = client.post(
        page_url(CASES, "create"), case_form(centre, village_a, closed_on="2022-04-01")
    )
    assert resp.content.decode().count("结案日期不能早于指派日期。") == 1
    assert not AidCase.objects.exists()
    resp = client.post(page_url(CASES, "create"), case_form(centre, village_a))
    assert resp.status_code == 302, resp.context["form"].errors
    assert AidCase.objects.get().recipient_groups == ["minor"]


def test_case_entry_form_ticks_recipient_groups(client, centre, village_a, clerk):
    client.force_login(clerk)
    data = case_form(centre, village_a, recipient_groups=["minor", "elderly"])
    resp = client.post(page_url(CASES, "create"), data)
    assert resp.status_code == 302, resp.context["form"].errors
    # stored in the list's own order, whichever order they were ticked in
    assert AidCase.objects.get().recipient_groups == ["elderly", "minor"]


def test_application_entry_form_checks_the_id_number(client, village_a, clerk):
    from sifa.core.idnumber import MSG_CHECK

    from .conftest import BAD_ID

    client.force_login(clerk)
    data = {
        "region": village_a.pk,
        "applicant_name": "张三",
        "id_number": BAD_ID,
        "phone": "",
        "case_type": "civil",
        "matter": "追索劳动报酬",
        "received_on": "2022-03-01",
    }
    resp = client.post(page_url(APPS, "create"), data)
    assert resp.context["form"].errors["id_number"] == [MSG_CHECK]
    assert not AidApplication.objects.exists()
    resp = client.post(page_url(APPS, "create"), {**data, "id_number": GOOD_ID})
    assert resp.status_code == 302, resp.context["form"].errors
    assert AidApplication.objects.get().review_due == D(2022, 3, 8)


def test_cases_found_by_number_or_the_aided_persons_name(client, make_case, village_a, clerk):
    """The clerk finds a case by the aided person's name as well as by its number."""
    mine = make_case(village_a, dt.date(2022, 3, 5))
    AidCase.objects.filter(pk=mine.pk).update(recipient_name="赵小红")
    other = make_case(village_a, dt.date(2022, 3, 6))
    client.force_login(clerk)
    resp = client.get(list_url(registry.get(AidCase)), {"q": "赵小红"})
    assert [r["url"] for r in resp.context["rows"]] == [record_url(mine)]
    assert record_url(other) not in resp.content.decode()
    assert "受援人" in resp.content.decode()  # the search box says what it looks in
