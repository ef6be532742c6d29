"""The workspace door of mediation: scoping (404), masked ID numbers, the refusal rule, the
moves on their own pages, the deadline filter, committees, rooms and screening rounds."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core import registry
from sifa.core.idnumber import make
from sifa.mediation import selectors, services
from sifa.mediation.models import (
    MSG_AMOUNT_NEGATIVE,
    CaseParty,
    CaseStatus,
    DisputeScreening,
    MediationCase,
    MediationCommittee,
    MediationRoom,
    PreventedDispute,
)
from sifa.mediation.models.cases import MSG_STARTED_BEFORE_RECEIVED
from sifa.workspace.links import list_url, page_url, record_url
from sifa.workspace.views import MSG_NO_MOVE

pytestmark = pytest.mark.django_db

D = dt.date
CASES = registry.get(MediationCase)


def case_form(committee, *, parties, **extra):
    """The workspace's create form of a case, with its parties' formset."""
    data = {
        "region": committee.region_id,
        "committee": committee.pk,
        "mediator": "",
        "received_on": "2022-03-01",
        "dispute_type": "neighbour",
        "amount_yuan": "1200",
        "summary": "",
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for i, (name, refuses) in enumerate(parties):
        data.update(
            {
                f"parties-{i}-name": name,
                f"parties-{i}-kind": "person",
                f"parties-{i}-id_number": "",
                f"parties-{i}-phone": "",
            }
        )
        if refuses:
            data[f"parties-{i}-refuses_mediation"] = "on"
    data.update(extra)
    return data


def existing_parties(case):
    parties = list(case.parties.order_by("pk"))
    data = {"parties-TOTAL_FORMS": str(len(parties)), "parties-INITIAL_FORMS": str(len(parties))}
    for i, p in enumerate(parties):
        data.update(
            {
                f"parties-{i}-id": p.pk,
                f"parties-{i}-case": case.pk,
                f"parties-{i}-name": p.name,
                f"parties-{i}-kind": p.kind,
                f"parties-{i}-id_number": p.id_number,
                f"parties-{i}-phone": p.phone,
            }
        )
    return data


class TestScoping:
    def test_other_townships_case_answers_404_on_every_page(
        self, client, committee_a, committee_b, make_case, township_clerk
    ):
        mine, theirs = make_case(committee_a), make_case(committee_b)
        client.force_login(township_clerk)
        assert client.get(record_url(mine)).status_code == 200
        assert client.get(page_url(CASES, "edit", mine.pk)).status_code == 200
        assert client.get(record_url(theirs)).status_code == 404
        assert client.get(page_url(CASES, "edit", theirs.pk)).status_code == 404

    def test_list_shows_own_cases_and_the_record_masks_id_numbers(
        self, client, committee_a, committee_b, township_clerk, bureau_leader
    ):
        id_number = make("61099919800101001")
        mine = services.case_accept(
            committee=committee_a,
            received_on=D(2022, 3, 1),
            dispute_type="neighbour",
            user=None,
            parties=[CaseParty(name="王五", id_number=id_number), CaseParty(name="赵六")],
        )
        services.case_accept(
            committee=committee_b,
            received_on=D(2022, 3, 1),
            dispute_type="neighbour",
            user=None,
            parties=[CaseParty(name="乙镇甲"), CaseParty(name="乙镇乙")],
        )
        client.force_login(township_clerk)
        html = client.get(list_url(CASES)).content.decode()
        assert "王五" in html and "乙镇甲" not in html
        assert id_number not in html
        # the clerk handling the case reads the number in full on its record page; the
        # bureau's leader, who reads without handling, sees it masked
        assert id_number in client.get(record_url(mine)).content.decode()
        client.force_login(bureau_leader)
        page = client.get(record_url(mine)).content.decode()
        assert id_number not in page
        assert "610999********" + id_number[-4:] in page

    def test_committee_of_another_township_answers_404(self, client, committee_b, township_clerk):
        client.force_login(township_clerk)
        assert client.get(record_url(committee_b)).status_code == 404


class TestCaseEntry:
    def test_adding_a_case_with_a_refusing_party_is_refused_with_a_message(
        self, client, committee_a, township_clerk
    ):
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=[("张三", False), ("李四", True)])
        response = client.post(page_url(CASES, "create"), data)
        assert response.status_code == 200
        assert "当事人“李四”明确拒绝调解，依照《人民调解法》第十七条不得受理调解。" in (
            response.content.decode()
        )
        assert not MediationCase.all_objects.exists()

    def test_a_case_takes_its_committees_region(
        self, client, committee_a, township_clerk, township_a
    ):
        client.force_login(township_clerk)
        # the clerk leaves the region at the township; the case is the committee's village's
        data = case_form(
            committee_a, parties=[("张三", False), ("李四", False)], region=township_a.pk
        )
        response = client.post(page_url(CASES, "create"), data)
        assert response.status_code == 302, response.context["form"].errors
        case = MediationCase.objects.get()
        assert case.region_id == committee_a.region_id
        assert case.created_by == township_clerk
        assert sorted(case.parties.values_list("name", flat=True)) == ["张三", "李四"]

    def test_negative_amount_gets_the_message_on_the_field(
        self, client, committee_a, township_clerk
    ):
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=[("张三", False), ("李四", False)], amount_yuan="-5")
        response = client.post(page_url(CASES, "create"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["amount_yuan"] == [MSG_AMOUNT_NEGATIVE]
        assert not MediationCase.all_objects.exists()

    def test_moving_a_case_to_success_on_its_step_page(
        self, client, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        services.case_start(case, on=D(2022, 3, 2), user=None)
        client.force_login(township_clerk)
        response = client.post(
            page_url(CASES, "move", case.pk, "succeed"),
            {"on": "2022-03-10", "agreement_form": "written"},
        )
        assert response.status_code == 302, response.context["form"].errors
        case = MediationCase.objects.get(pk=case.pk)
        assert case.status == CaseStatus.SUCCEEDED
        assert case.agreement_effective_on == D(2022, 3, 10)
        assert case.confirmation_due_on == D(2022, 4, 11)  # 9 Apr is a Saturday → Monday

    def test_a_move_the_pipeline_refuses_is_not_offered_nor_taken(
        self, client, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        client.force_login(township_clerk)
        offered = {m["label"] for m in client.get(record_url(case)).context["moves"]}
        assert "调解成功" not in offered and "开始调解" in offered
        response = client.post(
            page_url(CASES, "move", case.pk, "succeed"),
            {"on": "2022-03-10", "agreement_form": "written"},
            follow=True,
        )
        assert MSG_NO_MOVE in response.content.decode()
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED

    def test_a_move_dated_before_receipt_is_refused(
        self, client, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        client.force_login(township_clerk)
        response = client.post(page_url(CASES, "move", case.pk, "start"), {"on": "2022-02-01"})
        assert response.status_code == 200
        assert response.content.decode().count(MSG_STARTED_BEFORE_RECEIVED) == 1
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED

    def test_confirmation_deadline_filter(
        self, client, committee_a, make_case, make_closed, mediation_clerk
    ):
        make_closed(make_case(committee_a, names=("过期甲", "过期乙")), D(2022, 3, 1))
        client.force_login(mediation_clerk)
        url = list_url(CASES)
        param = "dl_confirmation_due_on"
        assert "过期甲" in client.get(url, {param: "overdue"}).content.decode()
        assert "过期甲" not in client.get(url, {param: "ok"}).content.decode()


class TestCommitteeWarnings:
    def test_the_law_warnings_of_a_committee(self, village_a):
        from .conftest import make_committee

        committee = make_committee(village_a, members=(("甲", "M", "chair"), ("乙", "M", "member")))
        warnings = selectors.committee_warnings(committee)
        assert selectors.WARN_NO_WOMAN in warnings
        assert selectors.WARN_TOO_FEW.format(n=2) in warnings

    def test_the_committees_record_page_shows_the_warning(self, client, village_a, township_clerk):
        from .conftest import make_committee

        committee = make_committee(village_a, members=(("甲", "M", "chair"), ("乙", "M", "member")))
        client.force_login(township_clerk)
        assert selectors.WARN_NO_WOMAN in client.get(record_url(committee)).content.decode()

    def test_saving_a_committee_with_its_members(self, client, village_a, township_clerk):
        client.force_login(township_clerk)
        data = {
            "name": "某村人民调解委员会",
            "kind": "village",
            "region": village_a.pk,
            "term_start": "2021-01-01",
            "term_end": "2023-12-31",
            "established_on": "",
            "note": "",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-name": "甲",
            "members-0-gender": "M",
            "members-0-role": "chair",
            "members-0-from_on": "2021-01-01",
            "members-0-to_on": "",
        }
        rt = registry.get(MediationCommittee)
        response = client.post(page_url(rt, "create"), data)
        assert response.status_code == 302, response.context["form"].errors
        committee = MediationCommittee.objects.get()
        assert committee.members.count() == 1
        assert selectors.WARN_TOO_FEW.format(n=1) in selectors.committee_warnings(committee)
        # the list names the members as the committee's members, not as a case's parties
        page = client.get(list_url(rt)).content.decode()
        assert ">调解委员会委员</th>" in page and ">当事人</th>" not in page


@pytest.mark.parametrize("model", [MediationRoom, PreventedDispute])
def test_other_pages_open_for_the_township_clerk(client, township_clerk, model):
    client.force_login(township_clerk)
    rt = registry.get(model)
    assert client.get(list_url(rt)).status_code == 200
    assert client.get(page_url(rt, "create")).status_code == 200


class TestScreening:
    RT = registry.get(DisputeScreening)

    def form(self, region, **extra):
        data = {
            "date": "2022-05-01",
            "end_date": "",
            "region": region.pk,
            "unit": "",
            "title": "",
            "theme": "",
            "quantities": '{"disputes_found": 4}',
            "note": "",
        }
        data.update(extra)
        return data

    def test_adding_a_screening_round_writes_the_typed_activity(
        self, client, village_a, township_clerk
    ):
        from auditlog.models import LogEntry

        from sifa.core.models import Activity

        client.force_login(township_clerk)
        response = client.post(page_url(self.RT, "create"), self.form(village_a))
        assert response.status_code == 302, response.context["form"].errors
        activity = Activity.objects.get()
        assert activity.type.code == "dispute_screening"
        assert activity.quantities == {"disputes_found": 4}
        assert activity.title == f"{village_a.name}矛盾纠纷排查"
        assert LogEntry.objects.get_for_object(activity).get().actor == township_clerk

    def test_a_round_typed_and_titled_by_the_clerk_is_saved_and_audited(
        self, client, village_a, township_clerk
    ):
        from auditlog.models import LogEntry

        from sifa.core.models import Activity, ActivityType

        kind = ActivityType.objects.get(code="dispute_screening")
        client.force_login(township_clerk)
        data = self.form(village_a, type=kind.pk, title="五月排查")
        response = client.post(page_url(self.RT, "create"), data)
        assert response.status_code == 302, response.context["form"].errors
        activity = Activity.objects.get()
        assert activity.type.code == "dispute_screening"
        assert activity.quantities == {"disputes_found": 4}
        assert LogEntry.objects.get_for_object(activity).get().actor == township_clerk

    def test_negative_count_is_refused_on_the_field(self, client, village_a, township_clerk):
        from sifa.core.models import Activity

        client.force_login(township_clerk)
        from sifa.core.models import ActivityType

        kind = ActivityType.objects.get(code="dispute_screening")
        data = self.form(village_a, type=kind.pk, title="x", quantities='{"disputes_found": -1}')
        response = client.post(page_url(self.RT, "create"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["quantities"], response.context["form"].errors
        assert not Activity.objects.exists()

    def test_other_activities_are_not_listed(self, client, village_a, township_clerk):
        from sifa.core.models import Activity, ActivityType

        other = (
            ActivityType.objects.exclude(code="dispute_screening").filter(line="rulelaw").first()
        )
        Activity.objects.create(
            type=other, region=village_a, date=D(2022, 5, 1), title="普法讲座甲"
        )
        services.screening_record(
            region=village_a, date=D(2022, 5, 2), disputes_found=1, user=None, title="排查甲"
        )
        client.force_login(township_clerk)
        html = client.get(list_url(self.RT)).content.decode()
        assert "排查甲" in html and "普法讲座甲" not in html

    def test_pages_are_closed_to_other_lines(self, client, make_user):
        client.force_login(make_user("section", lines=["notary"]))
        assert client.get(page_url(self.RT, "create")).status_code == 403


class TestDeadlinesAndMoves:
    def test_the_list_finds_windows_about_to_close(
        self, client, committee_a, make_case, make_closed, mediation_clerk
    ):
        from sifa.core.deadlines import due_date

        today = dt.date.today()
        # A closing date whose window ends within the next 7 days (holidays can stretch it).
        closed = next(
            today - dt.timedelta(days=back)
            for back in range(30, 20, -1)
            if today
            <= due_date(today - dt.timedelta(days=back), "mediation.judicial_confirmation").due
            <= today + dt.timedelta(days=7)
        )
        case = make_case(
            committee_a, received_on=closed - dt.timedelta(days=10), names=("近甲", "近乙")
        )
        make_closed(case, closed)
        client.force_login(mediation_clerk)
        response = client.get(list_url(CASES), {"dl_confirmation_due_on": "soon"})
        assert [r["url"] for r in response.context["rows"]] == [record_url(case)]
        (due,) = client.get(record_url(case)).context["deadlines"]
        assert due["state"] == "soon" and "日届满" in due["note"]

    def test_start_mediation_is_offered_only_while_it_can_be_taken(
        self, client, committee_a, committee_b, make_case, mediation_clerk
    ):
        a, b = make_case(committee_a), make_case(committee_b)
        services.case_terminate(b, on=D(2022, 3, 2), reason="申请人撤回", user=None)
        client.force_login(mediation_clerk)
        for case in (a, b):
            client.post(page_url(CASES, "move", case.pk, "start"), {"on": "2022-03-03"})
        assert MediationCase.objects.get(pk=a.pk).status == CaseStatus.MEDIATING
        assert MediationCase.objects.get(pk=b.pk).status == CaseStatus.TERMINATED
