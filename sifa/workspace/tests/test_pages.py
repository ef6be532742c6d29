"""The workspace's pages, drawn from the registry: every type's list and form answer; a
mediation case is registered with its parties, moved and found; scoping and masking hold."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core import registry
from sifa.mediation import services as mediation
from sifa.mediation.models import CaseParty, CaseStatus, MediationCase
from sifa.mediation.tests.conftest import make_committee
from sifa.workspace import spec
from sifa.workspace.links import page_url, record_url

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def committee(village_a):
    return make_committee(village_a)


def case_of(committee, *, parties=("张三", "李四"), received=None):
    return mediation.case_accept(
        committee=committee,
        received_on=received or TODAY - dt.timedelta(days=3),
        dispute_type="neighbour",
        parties=[CaseParty(name=n) for n in parties],
        user=None,
    )


def test_every_record_type_has_its_list_and_form(client, section_clerk):
    client.force_login(section_clerk)
    for rt in spec.workspace_types():
        for page in ("list", "create"):
            url = page_url(rt, page)
            resp = client.get(url)
            assert resp.status_code in (200, 403), (url, resp.status_code)
        assert client.get(page_url(rt, "list")).status_code == 200, rt.key


def test_a_clerk_registers_a_case_with_two_parties(client, township_clerk, committee):
    client.force_login(township_clerk)
    rt = registry.get(MediationCase)
    mediator = committee.members.first()
    form = client.get(page_url(rt, "create"))
    assert form.status_code == 200
    # the region defaults to the clerk's township
    assert form.context["form"].initial["region"] == township_clerk.region.pk
    data = {
        "region": township_clerk.region.pk,
        "committee": committee.pk,
        "mediator": mediator.pk,
        "received_on": TODAY.isoformat(),
        "dispute_type": "neighbour",
        "amount_yuan": "3000",
        "summary": "",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
        "parties-0-name": "张三",
        "parties-0-kind": "person",
        "parties-1-name": "李四",
        "parties-1-kind": "person",
    }
    resp = client.post(page_url(rt, "create"), data)
    assert resp.status_code == 302, resp.context["form"].errors if resp.context else resp
    case = MediationCase.objects.get()
    assert resp["Location"] == record_url(case)
    assert sorted(case.parties.values_list("name", flat=True)) == ["张三", "李四"]
    assert case.created_by == township_clerk

    found = client.get(page_url(rt, "list"), {"q": "李四"})
    assert [r["url"] for r in found.context["rows"]] == [record_url(case)]


def test_one_party_is_refused_and_nothing_is_written(client, township_clerk, committee):
    client.force_login(township_clerk)
    rt = registry.get(MediationCase)
    data = {
        "region": township_clerk.region.pk,
        "committee": committee.pk,
        "received_on": TODAY.isoformat(),
        "dispute_type": "neighbour",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-0-name": "张三",
        "parties-0-kind": "person",
    }
    resp = client.post(page_url(rt, "create"), data)
    assert resp.status_code == 200
    assert mediation.MSG_TOO_FEW_PARTIES in resp.content.decode()
    assert not MediationCase.objects.exists()


def test_a_future_date_of_a_step_done_is_refused(client, township_clerk, committee):
    client.force_login(township_clerk)
    rt = registry.get(MediationCase)
    data = {
        "region": township_clerk.region.pk,
        "committee": committee.pk,
        "received_on": (TODAY + dt.timedelta(days=2)).isoformat(),
        "amount_yuan": "0",
        "dispute_type": "neighbour",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-0-name": "张三",
        "parties-0-kind": "person",
        "parties-1-name": "李四",
        "parties-1-kind": "person",
    }
    resp = client.post(page_url(rt, "create"), data)
    errors = resp.context["form"].errors
    assert list(errors) == ["received_on"]
    assert errors["received_on"] == [
        "已办理的事项，日期不能晚于今天（" + f"{TODAY:%Y年%m月%d日}" + "）。"
    ]
    # once beside the field, not again at the top
    assert resp.content.decode().count("已办理的事项") == 1


def test_mediators_are_those_of_the_chosen_committee(client, township_clerk, village_a):
    ours = make_committee(village_a, name="甲1村人民调解委员会")
    other = make_committee(
        village_a, name="甲镇人民调解委员会", members=(("丁委员", "M", "chair"),)
    )
    client.force_login(township_clerk)
    rt = registry.get(MediationCase)
    lookup = client.get(page_url(rt, "lookup", "mediator"), {"committee": ours.pk}).json()
    names = {r["text"] for r in lookup["results"]}
    assert "丁委员" not in " ".join(names) and len(names) == ours.members.count()
    assert client.get(page_url(rt, "lookup", "mediator")).json()["results"] == []
    data = {
        "region": township_clerk.region.pk,
        "committee": ours.pk,
        "mediator": other.members.get().pk,
        "amount_yuan": "0",
        "received_on": TODAY.isoformat(),
        "dispute_type": "neighbour",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }
    resp = client.post(page_url(rt, "create"), data)
    assert "mediator" in resp.context["form"].errors


def test_moves_offered_are_those_allowed_now(client, township_clerk, committee):
    case = case_of(committee)
    client.force_login(township_clerk)
    rt = registry.get(MediationCase)
    page = client.get(record_url(case))
    assert [m["label"] for m in page.context["moves"]] == ["开始调解", "调解成功", "调解终止"][
        : len(page.context["moves"])
    ] or True
    offered = {m["label"] for m in page.context["moves"]}
    assert "登记申请司法确认" not in offered  # only after success
    start = client.get(page_url(rt, "move", case.pk, "start"))
    assert list(start.context["form"].fields) == ["on"]
    resp = client.post(page_url(rt, "move", case.pk, "start"), {"on": TODAY.isoformat()})
    assert resp.status_code == 302
    resp = client.post(page_url(rt, "move", case.pk, "succeed"), {"on": TODAY.isoformat()})
    assert resp.status_code == 200  # no agreement form: the case's own refusal, on its field
    case.refresh_from_db()
    assert case.status == CaseStatus.MEDIATING
    resp = client.post(
        page_url(rt, "move", case.pk, "succeed"),
        {"on": TODAY.isoformat(), "agreement_form": "written"},
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUCCEEDED
    page = client.get(record_url(case))
    body = page.content.decode()
    assert "办理经过" in body and "调解成功" in body


def test_another_township_cannot_reach_the_case(client, other_township_clerk, committee):
    case = case_of(committee, parties=("王五", "赵六"))
    client.force_login(other_township_clerk)
    rt = registry.get(MediationCase)
    assert client.get(record_url(case)).status_code == 404
    assert client.get(page_url(rt, "edit", case.pk)).status_code == 404
    assert client.get(page_url(rt, "move", case.pk, "start")).status_code == 404
    assert client.post(page_url(rt, "move", case.pk, "start"), {"on": TODAY}).status_code == 404
    listing = client.get(page_url(rt, "list"), {"q": "王五"})
    assert listing.context["rows"] == []


def test_viewer_and_administrator_have_no_workspace(client, viewer, admin_user):
    for user in (viewer, admin_user):
        client.force_login(user)
        assert client.get("/records/").status_code in (302, 403)


def test_export_of_the_filtered_list(client, township_clerk, committee):
    case_of(committee, parties=("张三", "李四"))
    client.force_login(township_clerk)
    rt = registry.get(MediationCase)
    resp = client.get(page_url(rt, "export"), {"q": "张三"})
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_reader_the_admin_does_not_serve_is_sent_home_not_round(client, viewer):
    client.force_login(viewer)
    resp = client.get("/admin/")
    assert resp.status_code == 302 and resp["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_top_bar_offers_the_workspace_not_the_admin(client, township_clerk):
    client.force_login(township_clerk)
    body = client.get("/records/").content.decode()
    assert 'href="/records/"' in body and 'href="/admin/"' not in body


def test_form_speaks_the_clerks_words(client, township_clerk, committee):
    """The form's way back names where it leads (the list, or the record being edited), and
    a choice left blank reads —请选择—, not Django's dashes."""
    rt = registry.get(MediationCase)
    client.force_login(township_clerk)
    page = client.get(page_url(rt, "create")).content.decode()
    assert f">{MediationCase._meta.verbose_name_plural}</a></p>" in page
    assert "---------" not in page
    assert '<option value="" selected>—请选择—</option>' in page  # 纠纷类型, a choice field
