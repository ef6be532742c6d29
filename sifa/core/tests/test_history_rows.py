"""A record's history as a clerk reads it: field labels, choice labels, names instead of ids,
Beijing time, and no reverse-relation noise ("parties → mediation.CaseParty.None")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifa.core import registry
from sifa.core.audit import history_rows, timeline_rows
from sifa.mediation import services
from sifa.mediation.models import CaseParty, MediationCase, MediationCommittee
from sifa.mediation.tests.conftest import make_committee
from sifa.workspace.links import page_url

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def case(village_a, make_user):
    clerk = make_user("office", region=village_a.parent)
    clerk.display_name = "王书记员"
    clerk.save()
    committee = make_committee(village_a)
    case = services.case_accept(
        committee=committee,
        received_on=D(2022, 3, 1),
        dispute_type="neighbour",
        parties=[CaseParty(name="张三"), CaseParty(name="李四")],
        user=clerk,
    )
    case.clerk = clerk
    return case


def changes(rows, action) -> dict[str, tuple[str, str]]:
    row = next(r for r in rows if r["action"] == action)
    return {c["field"]: (c["old"], c["new"]) for c in row["changes"]}


def test_a_creation_shows_labels_choice_labels_and_names(case):
    created = changes(history_rows(case, case.clerk), "新建")
    assert created["纠纷类型"] == ("（空）", "邻里纠纷")
    assert created["调解委员会"] == ("（空）", case.committee.name)
    assert created["录入人"] == ("（空）", "王书记员")
    assert created["状态"] == ("（空）", "受理")
    assert created["受理日期"] == ("（空）", "2022年3月1日")
    text = repr(created)
    assert "neighbour" not in text and "accepted" not in text


def test_an_edit_shows_the_old_and_new_value_in_words(case, village_b):
    other = make_committee(village_b, name="乙村人民调解委员会")
    case.dispute_type = "marriage_family"
    case.committee = other
    case.mediator = None
    services.case_save(case, user=None)
    edited = changes(history_rows(case, case.clerk), "修改")
    assert edited["纠纷类型"] == ("邻里纠纷", "婚姻家庭纠纷")
    assert edited["调解委员会"] == (
        MediationCommittee.objects.exclude(pk=other.pk).get().name,
        other.name,
    )


def test_reverse_relations_are_not_listed(case):
    LogEntry.objects.filter(object_id=case.pk).update(
        changes={"parties": ["None", "mediation.CaseParty.None"], "summary": ["", "补充"]}
    )
    rows = history_rows(case, case.clerk)
    fields = [c["field"] for r in rows for c in r["changes"]]
    assert "parties" not in fields and "当事人" not in fields
    assert "纠纷简要情况" in fields


def test_times_are_beijing_time(case):
    entry = LogEntry.objects.get_for_object(case).first()
    row = history_rows(case, case.clerk)[0]
    assert row["when"].utcoffset() == dt.timedelta(hours=8)
    assert row["when"] == entry.timestamp


def test_the_timeline_shows_status_labels(case):
    services.case_start(case, on=D(2022, 3, 2), user=None)
    rows = timeline_rows(case)
    assert [(r["from_status"], r["to_status"]) for r in rows] == [("", "受理"), ("受理", "调解中")]


def test_the_record_page_shows_the_history_in_chinese_with_bounded_queries(client, case):
    """The record's page (the workspace's) carries its history as `history_rows` reads it."""
    for k in range(5):
        case.summary = f"第{k}次补充"
        services.case_save(case, user=case.clerk)
    client.force_login(case.clerk)
    url = page_url(registry.get(MediationCase), "detail", case.pk)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "纠纷类型：（空） → 邻里纠纷" in html
    assert "受理 → 调解中" in html or "受理" in html
    assert not re.search(r"\b(neighbour|accepted)\b", html)
    assert "CaseParty" not in html
    assert len(ctx) <= 25, [q["sql"] for q in ctx]
