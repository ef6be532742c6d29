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


# --- list actions and the coverage page ------------------------------------------------------
def _leave(client, ids, on, note=""):
    from sifa.workspace.links import action_url

    rt = registry.get(m.LegalLiterate)
    return client.post(action_url(rt, "leave"), {"ids": ids, "on": on, "note": note})


def test_chosen_people_leave_through_the_list_action(client, village_a, township_clerk):
    from django.contrib.messages import get_messages

    a = m.LegalLiterate.objects.create(region=village_a, name="王一", since=D(2021, 1, 1))
    b = m.LegalLiterate.objects.create(region=village_a, name="王二", since=D(2021, 3, 1))
    c = m.LegalLiterate.objects.create(region=village_a, name="王三", since=D(2021, 3, 1))
    client.force_login(township_clerk)
    response = _leave(client, [a.pk, b.pk], "2023-06-30", note="迁出本村")
    assert response.status_code == 302
    assert response["Location"] == list_url(registry.get(m.LegalLiterate))
    said = [str(x) for x in get_messages(response.wsgi_request)]
    assert len(said) == 1 and said[0].startswith("已办理退出 2 名法律明白人")
    for person in (a, b):
        person.refresh_from_db()
        assert person.status == m.LiteracyStatus.LEFT
        assert person.left_on == D(2023, 6, 30) and person.note == "迁出本村"
    c.refresh_from_db()
    assert c.status == m.LiteracyStatus.ACTIVE and c.left_on is None


def test_a_leave_before_ones_start_refuses_all_and_writes_nothing(
    client, village_a, township_clerk
):
    from sifa.rulelaw.services import MSG_LEAVE_BEFORE_SINCE

    early = m.LegalLiterate.objects.create(region=village_a, name="早聘", since=D(2020, 1, 1))
    late = m.LegalLiterate.objects.create(region=village_a, name="新聘", since=D(2023, 5, 1))
    client.force_login(township_clerk)
    response = _leave(client, [early.pk, late.pk], "2023-01-31")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["on"] == [f"新聘：{MSG_LEAVE_BEFORE_SINCE}"]
    assert response.content.decode().count(MSG_LEAVE_BEFORE_SINCE) == 1
    # all or nothing: the one who could leave did not either
    assert not m.LegalLiterate.objects.filter(status=m.LiteracyStatus.LEFT).exists()
    assert not m.LegalLiterate.objects.exclude(left_on=None).exists()


def test_someone_already_left_is_refused_at_the_top(client, village_a, township_clerk):
    gone = m.LegalLiterate.objects.create(
        region=village_a,
        name="已退",
        since=D(2020, 1, 1),
        status=m.LiteracyStatus.LEFT,
        left_on=D(2022, 1, 1),
    )
    client.force_login(township_clerk)
    response = _leave(client, [gone.pk], "2023-01-31")
    assert response.status_code == 200
    top = response.context["form"].non_field_errors()
    assert len(top) == 1 and top[0].startswith("已退：此人已于2022-01-01退出")
    gone.refresh_from_db()
    assert gone.left_on == D(2022, 1, 1)


def test_another_townships_people_cannot_be_chosen(client, people, township_clerk):
    ours, theirs = people
    client.force_login(township_clerk)
    # only the other township's: nothing in scope is chosen, nothing written
    response = _leave(client, [theirs.pk], "2023-01-31")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    theirs.refresh_from_db()
    assert theirs.status == m.LiteracyStatus.ACTIVE
    # with one of ours: ours leaves, theirs is ignored
    response = _leave(client, [ours.pk, theirs.pk], "2023-01-31")
    assert response.status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == m.LiteracyStatus.LEFT
    assert theirs.status == m.LiteracyStatus.ACTIVE


def test_the_action_page_names_only_chosen_people_in_scope(client, people, township_clerk):
    from sifa.workspace.links import action_url

    client.force_login(township_clerk)
    rt = registry.get(m.LegalLiterate)
    response = client.get(action_url(rt, "leave"), {"ids": [p.pk for p in people]})
    assert response.status_code == 200
    assert response.context["chosen_ids"] == [people[0].pk]
    body = response.content.decode()
    assert "甲村王五" in body and "乙村赵六" not in body


def test_viewer_and_leader_cannot_run_the_leave(client, people, viewer, bureau_leader):
    from sifa.workspace.links import action_url

    rt = registry.get(m.LegalLiterate)
    for user in (viewer, bureau_leader):
        client.force_login(user)
        assert client.get(action_url(rt, "leave")).status_code == 403
        assert _leave(client, [people[0].pk], "2023-01-31").status_code == 403
    assert not m.LegalLiterate.objects.filter(status=m.LiteracyStatus.LEFT).exists()
    # the leader's list offers no action and no checkboxes
    client.force_login(bureau_leader)
    response = client.get(list_url(rt))
    assert response.context["actions"] == [] and not response.context["choosing"]
    assert 'name="ids"' not in response.content.decode()


def test_one_persons_leave_is_a_step_on_its_record_page(client, people, township_clerk):
    person = people[0]
    rt = registry.get(m.LegalLiterate)
    client.force_login(township_clerk)
    page = client.get(record_url(person))
    assert [mv["label"] for mv in page.context["moves"]] == ["办理退出"]
    response = client.post(page_url(rt, "move", person.pk, "leave"), {"on": "2020-06-30"})
    assert response.status_code == 200  # before 2021-01-01, when the person was chosen
    person.refresh_from_db()
    assert person.status == m.LiteracyStatus.ACTIVE
    response = client.post(page_url(rt, "move", person.pk, "leave"), {"on": "2022-06-30"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == m.LiteracyStatus.LEFT and person.left_on == D(2022, 6, 30)
    # a person who left has no 办理退出 any more
    assert client.get(record_url(person)).context["moves"] == []


def _carry(client, frm, to):
    from sifa.workspace.links import action_url

    rt = registry.get(m.PublicityDuty)
    return client.post(action_url(rt, "carry_forward"), {"from_year": frm, "to_year": to})


def _agencies(county, n):
    from sifa.core.models import Unit, UnitKind

    return [
        Unit.objects.create(name=f"测试县第{i}局", kind=UnitKind.AGENCY, region=county)
        for i in range(n)
    ]


def test_carry_forward_copies_the_years_list_and_skips_agencies_with_one(
    client, county, section_clerk
):
    one, two, three = _agencies(county, 3)
    for agency in (one, two):
        m.PublicityDuty.objects.create(region=county, agency=agency, year=2022, duties="旧清单")
    m.PublicityDuty.objects.create(region=county, agency=three, year=2022, duties="第三局")
    # one agency already has its 2023 list: it keeps it
    m.PublicityDuty.objects.create(region=county, agency=two, year=2023, duties="已修订")
    client.force_login(section_clerk)
    response = _carry(client, 2022, 2023)
    assert response.status_code == 302
    got = dict(m.PublicityDuty.objects.filter(year=2023).values_list("agency_id", "duties"))
    assert got == {one.pk: "旧清单", two.pk: "已修订", three.pk: "第三局"}
    again = client.post(
        page_url(registry.get(m.PublicityDuty), "do_carry_forward"),
        {"from_year": 2022, "to_year": 2023},
        follow=True,
    )
    assert "未生成新的清单" in again.content.decode()
    assert m.PublicityDuty.objects.filter(year=2023).count() == 3


def test_carry_forward_to_the_same_year_is_refused_beside_the_year(client, county, section_clerk):
    from sifa.rulelaw.services import MSG_CARRY_FORWARD_YEAR

    (agency,) = _agencies(county, 1)
    m.PublicityDuty.objects.create(region=county, agency=agency, year=2022, duties="旧")
    client.force_login(section_clerk)
    response = _carry(client, 2022, 2022)
    assert response.status_code == 200
    assert response.context["form"].errors["to_year"] == [MSG_CARRY_FORWARD_YEAR]
    assert m.PublicityDuty.objects.count() == 1


def test_coverage_page_counts_villages_in_scope_on_the_chosen_date(
    client, village_a, township_a, township_clerk
):
    from sifa.core.models import Region
    from sifa.workspace.links import extra_page_url

    villages = list(Region.objects.villages().under(township_a).order_by("code"))
    assert village_a in villages
    m.LegalLiterate.objects.create(region=village_a, name="甲村甲", since=D(2021, 1, 1))
    m.LegalLiterate.objects.create(region=village_a, name="甲村乙", since=D(2021, 1, 1))
    # not yet chosen on 2022-06-30
    other = next(v for v in villages if v != village_a)
    m.LegalLiterate.objects.create(region=other, name="后聘丙", since=D(2023, 1, 1))
    rt = registry.get(m.LegalLiterate)
    client.force_login(township_clerk)
    listing = client.get(list_url(rt))
    assert extra_page_url(rt, "coverage") in listing.content.decode()
    response = client.get(extra_page_url(rt, "coverage"), {"on": "2022-06-30"})
    assert response.status_code == 200
    ctx = response.context
    assert ctx["villages"] == len(villages)
    assert ctx["covered"] == 1 and ctx["uncovered"] == len(villages) - 1
    row = next(r for r in ctx["rows"] if r["village"] == village_a.name)
    assert sorted(p["name"] for p in row["people"]) == sorted(["甲村甲", "甲村乙"])
    assert all(p["url"] for p in row["people"])
    # on a later date the third person counts too
    later = client.get(extra_page_url(rt, "coverage"), {"on": "2023-06-30"}).context
    assert later["covered"] == 2 and later["uncovered"] == len(villages) - 2
    only_missing = client.get(
        extra_page_url(rt, "coverage"), {"on": "2022-06-30", "missing": "1"}
    ).context
    assert len(only_missing["rows"]) == len(villages) - 1


def test_coverage_page_is_closed_to_viewers(client, viewer):
    from sifa.workspace.links import extra_page_url

    client.force_login(viewer)
    response = client.get(extra_page_url(registry.get(m.LegalLiterate), "coverage"))
    assert response.status_code == 403
