"""List actions and further pages declared on a record type (`RecordType.actions`, `pages`):
drawn by the workspace for every type that declares them, at their own routed addresses,
offered only to who may run them, on rows chosen within the list's read rule, all or nothing,
and at a bounded cost of the list page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from sifa.core import registry
from sifa.rulelaw import models as rl
from sifa.workspace import forms as wforms
from sifa.workspace import spec
from sifa.workspace.links import action_url, extra_page_url, list_url

pytestmark = pytest.mark.django_db

D = dt.date
LIST_BUDGET = 30  # as tests/pages/test_query_counts.py's PAGE_BUDGET


def test_every_declared_action_and_page_has_its_address():
    declared = 0
    for rt in spec.workspace_types():
        for action in rt.actions:
            declared += 1
            assert action_url(rt, action.name).endswith(f"/do/{action.name}/")
            assert action.label and action.explain
        for page in rt.pages:
            declared += 1
            assert extra_page_url(rt, page.name).endswith(f"/page/{page.name}/")
    assert declared >= 4  # rulelaw's leave, carry-forward, coverage; reconsideration's due
    with pytest.raises(NoReverseMatch):
        action_url(registry.get(rl.LegalLiterate), "no_such_action")


def test_an_undeclared_action_answers_404(client, township_clerk):
    client.force_login(township_clerk)
    base = list_url(registry.get(rl.LegalLiterate))
    assert client.get(base + "do/no_such_action/").status_code == 404
    assert client.get(base + "page/no_such_page/").status_code == 404


def test_the_old_module_hooks_are_gone_and_the_types_declare_them():
    from sifa.enforcement.models import Officer
    from sifa.legalaid.models import AidCase
    from sifa.mediation.models import MediationCommittee
    from sifa.team.models import HouseholdVisit

    for name in ("_LINE_FORMS", "_PAGE_NOTES", "line_form", "page_notes"):
        assert not hasattr(wforms, name)
    assert registry.get(AidCase).line_form is not None
    visits = registry.get(HouseholdVisit)
    assert visits.line_form is not None and visits.line_form_replaces == ("quantities",)
    assert registry.get(Officer).page_notes is not None
    assert registry.get(MediationCommittee).page_notes is not None


def test_the_list_offers_checkboxes_and_buttons_to_who_may_run(client, village_a, township_clerk):
    person = rl.LegalLiterate.objects.create(region=village_a, name="勾选甲", since=D(2021, 1, 1))
    rt = registry.get(rl.LegalLiterate)
    client.force_login(township_clerk)
    response = client.get(list_url(rt))
    body = response.content.decode()
    assert response.context["choosing"]
    assert f'name="ids" value="{person.pk}"' in body
    assert f'formaction="{action_url(rt, "leave")}"' in body
    assert f'href="{extra_page_url(rt, "coverage")}"' in body
    # a type without actions shows no checkboxes
    other = client.get(list_url(registry.get(rl.LawExamSession)))
    assert not other.context["choosing"] and 'name="ids"' not in other.content.decode()


def test_ids_that_are_not_numbers_or_not_visible_are_ignored(client, village_a, township_clerk):
    person = rl.LegalLiterate.objects.create(region=village_a, name="唯一", since=D(2021, 1, 1))
    client.force_login(township_clerk)
    rt = registry.get(rl.LegalLiterate)
    response = client.post(
        action_url(rt, "leave"),
        {"ids": ["x", "999999", str(person.pk), "-1"], "on": "2023-01-31"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == rl.LiteracyStatus.LEFT
    assert rl.LegalLiterate.objects.count() == 1


def test_a_form_error_writes_nothing(client, village_a, township_clerk):
    person = rl.LegalLiterate.objects.create(region=village_a, name="无日期", since=D(2021, 1, 1))
    client.force_login(township_clerk)
    response = client.post(
        action_url(registry.get(rl.LegalLiterate), "leave"), {"ids": [person.pk], "on": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["on"] == ["请填写退出日期。"]
    person.refresh_from_db()
    assert person.status == rl.LiteracyStatus.ACTIVE


def _list_queries(client, url) -> int:
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_with_actions_costs_the_same_for_3_or_40_rows(
    client, village_a, village_b, section_clerk
):
    rt = registry.get(rl.LegalLiterate)
    client.force_login(section_clerk)
    for i in range(3):
        rl.LegalLiterate.objects.create(region=village_a, name=f"少{i}", since=D(2021, 1, 1))
    few = _list_queries(client, list_url(rt))
    for i in range(37):
        village = village_a if i % 2 else village_b
        rl.LegalLiterate.objects.create(region=village, name=f"多{i}", since=D(2021, 1, 1))
    many = _list_queries(client, list_url(rt))
    assert many == few
    assert many <= LIST_BUDGET


def test_the_coverage_page_costs_the_same_for_few_or_many_people(
    client, village_a, village_b, section_clerk
):
    rt = registry.get(rl.LegalLiterate)
    client.force_login(section_clerk)
    rl.LegalLiterate.objects.create(region=village_a, name="一", since=D(2021, 1, 1))
    few = _list_queries(client, extra_page_url(rt, "coverage"))
    for i in range(30):
        village = village_a if i % 2 else village_b
        rl.LegalLiterate.objects.create(region=village, name=f"众{i}", since=D(2021, 1, 1))
    assert _list_queries(client, extra_page_url(rt, "coverage")) == few <= LIST_BUDGET
