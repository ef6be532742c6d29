"""The workspace door of rule of law: scoped lists, 404 for another township, service messages
on the fields, read-only leaders, activity types of the line."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.rulelaw import models as m
from sifa.rulelaw import selectors
from sifa.workspace.links import list_url, page_url, record_url

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def people(village_a, village_b):
    return (
        m.LegalLiterate.objects.create(region=village_a, name="甲村王五", since=D(2021, 1, 1)),
        m.LegalLiterate.objects.create(region=village_b, name="乙村赵六", since=D(2021, 1, 1)),
    )


def test_township_clerk_list_shows_only_own_township(client, people, township_clerk):
    client.force_login(township_clerk)
    response = client.get(list_url(registry.get(m.LegalLiterate)))
    assert response.status_code == 200
    assert "甲村王五" in response.content.decode()
    assert "乙村赵六" not in response.content.decode()


def test_another_townships_record_answers_404(client, people, township_clerk):
    client.force_login(township_clerk)
    assert client.get(record_url(people[1])).status_code == 404
    rt = registry.get(m.LegalLiterate)
    assert client.get(page_url(rt, "edit", people[1].pk)).status_code == 404


def test_own_record_and_its_edit_form_open(client, people, township_clerk):
    client.force_login(township_clerk)
    assert client.get(record_url(people[0])).status_code == 200
    rt = registry.get(m.LegalLiterate)
    assert client.get(page_url(rt, "edit", people[0].pk)).status_code == 200


def test_coverage_lists_villages_without_one(people, village_a, township_clerk):
    # the admin's coverage page has no workspace page: its rule, on its selector
    people[0].delete()
    missing = selectors.villages_without_literate(township_clerk, on=D(2022, 12, 31))
    assert village_a in missing and len(missing) == 2


def test_exam_form_shows_the_rule_on_the_field(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.post(
        page_url(registry.get(m.LawExamSession), "create"),
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
    assert response.content.decode().count(m.MSG_SAT_OVER_INVITED) == 1
    assert not m.LawExamSession.objects.exists()


def test_exam_form_saves_through_the_service(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.post(
        page_url(registry.get(m.LawExamSession), "create"),
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
    assert response.status_code == 302, response.context["form"].errors
    exam = m.LawExamSession.objects.get()
    assert exam.created_by == section_clerk


def test_leader_reads_but_cannot_add(client, county, bureau_leader):
    client.force_login(bureau_leader)
    rt = registry.get(m.IssuedDocument)
    assert client.get(list_url(rt)).status_code == 200
    assert client.get(page_url(rt, "create")).status_code == 403
    assert (
        client.post(page_url(rt, "create"), {"region": county.pk, "title": "x"}).status_code == 403
    )
    assert not m.IssuedDocument.objects.exists()


def test_activity_screen_offers_only_rulelaw_types(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.get(page_url(registry.get(m.RulelawActivity), "create"))
    offered = response.context["form"].fields["type"].queryset
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
    rt = registry.get(m.RulelawActivity)
    assert client.get(page_url(rt, "detail", theirs.pk)).status_code == 404
    assert client.get(page_url(rt, "edit", theirs.pk)).status_code == 404
