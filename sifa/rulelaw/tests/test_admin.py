"""Entry screens: scoped lists, 404 for another township, service messages on the fields."""

import datetime as dt

import pytest
from django.urls import reverse

from sifa.rulelaw import models as m

D = dt.date


@pytest.fixture
def people(village_a, village_b):
    return (
        m.LegalLiterate.objects.create(region=village_a, name="甲村王五", since=D(2021, 1, 1)),
        m.LegalLiterate.objects.create(region=village_b, name="乙村赵六", since=D(2021, 1, 1)),
    )


def test_township_clerk_list_shows_only_own_township(client, people, township_clerk):
    client.force_login(township_clerk)
    response = client.get(reverse("admin:rulelaw_legalliterate_changelist"))
    assert response.status_code == 200
    assert "甲村王五" in response.content.decode()
    assert "乙村赵六" not in response.content.decode()


def test_another_townships_record_answers_404(client, people, township_clerk):
    client.force_login(township_clerk)
    url = reverse("admin:rulelaw_legalliterate_change", args=[people[1].pk])
    assert client.get(url).status_code == 404


def test_own_record_opens_with_its_history(client, people, township_clerk):
    client.force_login(township_clerk)
    assert (
        client.get(reverse("admin:rulelaw_legalliterate_change", args=[people[0].pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:rulelaw_legalliterate_history", args=[people[0].pk])).status_code
        == 200
    )


def test_coverage_page_lists_villages_without_one(client, people, village_a, township_clerk):
    client.force_login(township_clerk)
    people[0].delete()
    response = client.get(
        reverse("admin:rulelaw_legalliterate_coverage"), {"on": "2022-12-31", "missing": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "尚无法律明白人的2个" in body
    assert village_a.name in body


def test_exam_form_shows_the_rule_on_the_field(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.post(
        reverse("admin:rulelaw_lawexamsession_add"),
        {
            "region": county.pk,
            "session": "春季",
            "held_on": "2022-05-20",
            "invited": "10",
            "sat": "12",
            "passed": "5",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert m.MSG_SAT_OVER_INVITED in response.content.decode()
    assert not m.LawExamSession.objects.exists()


def test_exam_form_saves_through_the_service(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.post(
        reverse("admin:rulelaw_lawexamsession_add"),
        {
            "region": county.pk,
            "session": "春季",
            "held_on": "2022-05-20",
            "invited": "10",
            "sat": "9",
            "passed": "8",
            "note": "",
        },
    )
    assert response.status_code == 302
    exam = m.LawExamSession.objects.get()
    assert exam.created_by == section_clerk


def test_leader_reads_but_cannot_add(client, county, bureau_leader):
    client.force_login(bureau_leader)
    assert client.get(reverse("admin:rulelaw_issueddocument_changelist")).status_code == 200
    assert client.get(reverse("admin:rulelaw_issueddocument_add")).status_code == 403


def test_activity_screen_offers_only_rulelaw_types(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.get(reverse("admin:rulelaw_rulelawactivity_add"))
    offered = response.context["adminform"].form.fields["type"].queryset
    assert {t.line for t in offered} == {"rulelaw"}
    assert {t.code for t in offered} >= {
        "rulelaw_inspection",
        "themed_campaign",
        "lecture",
        "training",
        "publicity_event",
    }


def test_another_townships_activity_answers_404(client, township_b, make_activity, township_clerk):
    theirs = make_activity("lecture", township_b, D(2022, 3, 1))
    client.force_login(township_clerk)
    url = reverse("admin:rulelaw_rulelawactivity_change", args=[theirs.pk])
    assert client.get(url).status_code == 404
