"""Entry screens: scoping (404), masked ID numbers, the refusal rule and moves through the form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sifa.core.idnumber import make
from sifa.mediation import selectors, services
from sifa.mediation.models import (
    MSG_AMOUNT_NEGATIVE,
    CaseParty,
    CaseStatus,
    MediationCase,
    MediationCommittee,
)

D = dt.date


def change_url(obj):
    return reverse(f"admin:mediation_{type(obj)._meta.model_name}_change", args=[obj.pk])


def case_form(committee, *, parties, **extra):
    data = {
        "case_number": "调字〔2022〕第1号",
        "committee": committee.pk,
        "mediator": "",
        "received_on": "2022-03-01",
        "dispute_type": "neighbour",
        "amount_yuan": "1200",
        "summary": "",
        "move_to": "",
        "move_on": "",
        "agreement_form": "",
        "agreement_effective_on": "",
        "termination_reason": "",
        "confirmation_applied_on": "",
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


class TestScoping:
    def test_other_townships_case_answers_404_on_the_change_url(
        self, client, committee_a, committee_b, make_case, township_clerk
    ):
        mine, theirs = make_case(committee_a), make_case(committee_b)
        client.force_login(township_clerk)
        assert client.get(change_url(mine)).status_code == 200
        assert client.get(change_url(theirs)).status_code == 404
        assert client.get(change_url(theirs).replace("change", "history")).status_code == 404

    def test_changelist_shows_own_cases_with_masked_id_numbers(
        self, client, committee_a, committee_b, township_clerk
    ):
        id_number = make("61099919800101001")
        services.case_accept(
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
        html = client.get(reverse("admin:mediation_mediationcase_changelist")).content.decode()
        assert "王五" in html and "乙镇甲" not in html
        assert id_number not in html
        assert "610999********" + id_number[-4:] in html

    def test_committee_of_another_township_answers_404(self, client, committee_b, township_clerk):
        client.force_login(township_clerk)
        assert client.get(change_url(committee_b)).status_code == 404


class TestCaseEntry:
    def test_adding_a_case_with_a_refusing_party_is_refused_with_a_message(
        self, client, committee_a, township_clerk
    ):
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=[("张三", False), ("李四", True)])
        response = client.post(reverse("admin:mediation_mediationcase_add"), data)
        assert response.status_code == 200
        assert "当事人“李四”明确拒绝调解，依照《人民调解法》第十七条不得受理调解。" in (
            response.content.decode()
        )
        assert not MediationCase.all_objects.exists()

    def test_adding_a_case_through_the_screen(self, client, committee_a, township_clerk):
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=[("张三", False), ("李四", False)])
        response = client.post(reverse("admin:mediation_mediationcase_add"), data)
        assert response.status_code == 302
        case = MediationCase.objects.get()
        assert case.region_id == committee_a.region_id
        assert case.created_by == township_clerk
        assert sorted(case.parties.values_list("name", flat=True)) == ["张三", "李四"]

    def test_negative_amount_gets_the_message_on_the_field(
        self, client, committee_a, township_clerk
    ):
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=[("张三", False), ("李四", False)], amount_yuan="-5")
        response = client.post(reverse("admin:mediation_mediationcase_add"), data)
        assert response.status_code == 200
        assert MSG_AMOUNT_NEGATIVE in response.content.decode()
        assert not MediationCase.all_objects.exists()

    def test_moving_a_case_to_success_through_the_form(
        self, client, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        services.case_start(case, on=D(2022, 3, 2), user=None)
        client.force_login(township_clerk)
        data = case_form(
            committee_a,
            parties=[],
            move_to="succeeded",
            move_on="2022-03-10",
            agreement_form="written",
        )
        data.update(_existing_parties(case))
        response = client.post(change_url(case), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        case = MediationCase.objects.get(pk=case.pk)
        assert case.status == CaseStatus.SUCCEEDED
        assert case.agreement_effective_on == D(2022, 3, 10)
        assert case.confirmation_due_on == D(2022, 4, 11)  # 9 Apr is a Saturday → Monday

    def test_a_move_the_pipeline_refuses_is_a_form_error(
        self, client, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        client.force_login(township_clerk)
        data = case_form(
            committee_a,
            parties=[],
            move_to="succeeded",
            move_on="2022-03-10",
            agreement_form="written",
        )
        data.update(_existing_parties(case))
        response = client.post(change_url(case), data)
        assert response.status_code == 200
        assert "当前状态为“受理”，不能办理“调解成功”。可办理：调解中、调解终止。" in (
            response.content.decode()
        )
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED

    def test_a_move_dated_before_receipt_is_a_form_error(
        self, client, committee_a, make_case, township_clerk
    ):
        from sifa.mediation.admin.cases import MSG_MOVE_BEFORE_RECEIVED

        case = make_case(committee_a)
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=[], move_to="mediating", move_on="2022-02-01")
        data.update(_existing_parties(case))
        response = client.post(change_url(case), data)
        assert response.status_code == 200
        assert MSG_MOVE_BEFORE_RECEIVED in response.content.decode()
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED

    def test_confirmation_filter(
        self, client, committee_a, make_case, make_closed, mediation_clerk
    ):
        make_closed(make_case(committee_a, names=("过期甲", "过期乙")), D(2022, 3, 1))
        client.force_login(mediation_clerk)
        url = reverse("admin:mediation_mediationcase_changelist")
        assert "过期甲" in client.get(url + "?confirmation=overdue").content.decode()
        assert "过期甲" not in client.get(url + "?confirmation=ok").content.decode()


def _existing_parties(case):
    parties = list(case.parties.all())
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


class TestCommitteeWarnings:
    def test_changelist_shows_the_warning(self, client, village_a, township_clerk):
        from .conftest import make_committee

        make_committee(village_a, members=(("甲", "M", "chair"), ("乙", "M", "member")))
        client.force_login(township_clerk)
        html = client.get(reverse("admin:mediation_mediationcommittee_changelist")).content
        assert selectors.WARN_NO_WOMAN in html.decode()

    def test_saving_a_committee_without_a_woman_warns_but_saves(
        self, client, village_a, township_clerk
    ):
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
        response = client.post(reverse("admin:mediation_mediationcommittee_add"), data, follow=True)
        assert response.status_code == 200
        committee = MediationCommittee.objects.get()
        assert committee.members.count() == 1
        html = response.content.decode()
        assert selectors.WARN_NO_WOMAN in html
        assert selectors.WARN_TOO_FEW.format(n=1) in html


@pytest.mark.parametrize("name", ["mediationroom", "preventeddispute"])
def test_other_screens_open_for_the_township_clerk(client, township_clerk, name):
    client.force_login(township_clerk)
    assert client.get(reverse(f"admin:mediation_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:mediation_{name}_add")).status_code == 200


class TestScreeningScreen:
    def test_adding_a_screening_round_writes_the_typed_activity(
        self, client, village_a, township_clerk
    ):
        from sifa.core.models import Activity

        client.force_login(township_clerk)
        data = {
            "date": "2022-05-01",
            "region": village_a.pk,
            "unit": "",
            "title": "",
            "disputes_found": "4",
            "note": "",
        }
        response = client.post(reverse("admin:mediation_disputescreening_add"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        activity = Activity.objects.get()
        assert activity.type.code == "dispute_screening"
        assert activity.quantities == {"disputes_found": 4}
        assert activity.title == f"{village_a.name}矛盾纠纷排查"
        from auditlog.models import LogEntry

        assert LogEntry.objects.get_for_object(activity).get().actor == township_clerk

    def test_negative_count_is_refused_on_the_field(self, client, village_a, township_clerk):
        from sifa.core.models import Activity

        client.force_login(township_clerk)
        data = {
            "date": "2022-05-01",
            "region": village_a.pk,
            "unit": "",
            "title": "x",
            "disputes_found": "-1",
            "note": "",
        }
        response = client.post(reverse("admin:mediation_disputescreening_add"), data)
        assert response.status_code == 200
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
        html = client.get(reverse("admin:mediation_disputescreening_changelist")).content.decode()
        assert "排查甲" in html and "普法讲座甲" not in html

    def test_screen_is_closed_to_other_lines(self, client, make_user):
        client.force_login(make_user("section", lines=["notary"]))
        url = reverse("admin:mediation_disputescreening_add")
        assert client.get(url).status_code == 403


class TestReminderAndAction:
    def test_changelist_reminds_of_windows_about_to_close(
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
        case = make_case(committee_a, received_on=closed - dt.timedelta(days=10))
        make_closed(case, closed)
        client.force_login(mediation_clerk)
        response = client.get(reverse("admin:mediation_mediationcase_changelist"))
        from sifa.mediation.admin.cases import MSG_REMIND

        assert MSG_REMIND.format(n=1) in response.content.decode()

    def test_start_mediation_action(
        self, client, committee_a, committee_b, make_case, mediation_clerk
    ):
        a, b = make_case(committee_a), make_case(committee_b)
        services.case_terminate(b, on=D(2022, 3, 2), reason="申请人撤回", user=None)
        client.force_login(mediation_clerk)
        client.post(
            reverse("admin:mediation_mediationcase_changelist"),
            {"action": "start_mediation", "_selected_action": [a.pk, b.pk]},
        )
        assert MediationCase.objects.get(pk=a.pk).status == CaseStatus.MEDIATING
        assert MediationCase.objects.get(pk=b.pk).status == CaseStatus.TERMINATED
