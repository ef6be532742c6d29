"""Rules of the mediation services: the case pipeline, refusal of mediation, art. 33 window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.idnumber import MSG_CHECK, make
from sifa.core.models import Activity, CaseEvent
from sifa.mediation import services
from sifa.mediation.models import (
    MSG_AGREEMENT_REQUIRED,
    MSG_AMOUNT_NEGATIVE,
    MSG_APPLIED_BEFORE_EFFECTIVE,
    MSG_MEDIATOR_OTHER_COMMITTEE,
    MSG_ORG_ID_NUMBER,
    MSG_REASON_REQUIRED,
    MSG_TERM_ORDER,
    CaseParty,
    CaseStatus,
    DisputeType,
    MediationCase,
    MediationCommittee,
    PartyKind,
)

from .conftest import parties

D = dt.date


def reload(case):
    return MediationCase.objects.get(pk=case.pk)


class TestCaseAccept:
    def test_accept_creates_case_with_parties_and_acceptance_event(
        self, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a, user=township_clerk)
        assert case.status == CaseStatus.ACCEPTED
        assert case.region_id == committee_a.region_id
        assert [p.name for p in case.parties.all()] == ["张三", "李四"]
        assert case.created_by == township_clerk
        assert [e.to_status for e in CaseEvent.objects.filter(object_id=case.pk)] == ["accepted"]

    def test_accept_refused_when_a_party_refuses_mediation(self, committee_a):
        with pytest.raises(RuleViolation) as exc:
            services.case_accept(
                committee=committee_a,
                received_on=D(2022, 3, 1),
                dispute_type=DisputeType.NEIGHBOUR,
                parties=parties("张三", "李四", refusing=("李四",)),
                user=None,
            )
        assert exc.value.messages == [
            "当事人“李四”明确拒绝调解，依照《人民调解法》第十七条不得受理调解。"
        ]
        assert not MediationCase.all_objects.exists()
        assert not CaseParty.objects.exists()

    def test_accept_needs_two_parties(self, committee_a):
        with pytest.raises(RuleViolation) as exc:
            services.case_accept(
                committee=committee_a,
                received_on=D(2022, 3, 1),
                dispute_type=DisputeType.NEIGHBOUR,
                parties=parties("张三"),
                user=None,
            )
        assert exc.value.messages == [services.MSG_TOO_FEW_PARTIES]

    def test_negative_amount_is_refused_on_the_field(self, committee_a, make_case):
        with pytest.raises(RuleViolation) as exc:
            make_case(committee_a, amount_yuan=-1)
        assert exc.value.message_dict == {"amount_yuan": [MSG_AMOUNT_NEGATIVE]}
        assert not MediationCase.all_objects.exists()

    def test_zero_amount_is_allowed(self, committee_a, make_case):
        assert make_case(committee_a, amount_yuan=0).amount_yuan == 0

    def test_party_id_number_with_wrong_check_digit_is_refused_and_nothing_written(
        self, committee_a
    ):
        good = make("61063219800101001")
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        with pytest.raises(RuleViolation) as exc:
            services.case_accept(
                committee=committee_a,
                received_on=D(2022, 3, 1),
                dispute_type=DisputeType.NEIGHBOUR,
                user=None,
                parties=[
                    CaseParty(name="张三", id_number=good),
                    CaseParty(name="李四", id_number=bad),
                ],
            )
        assert exc.value.message_dict == {"id_number": [MSG_CHECK]}
        assert not MediationCase.all_objects.exists()

    def test_party_id_number_is_masked_in_the_history(self, committee_a):
        from auditlog.models import LogEntry

        id_number = make("61063219800101001")
        case = services.case_accept(
            committee=committee_a,
            received_on=D(2022, 3, 1),
            dispute_type=DisputeType.NEIGHBOUR,
            user=None,
            parties=[CaseParty(name="张三", id_number=id_number), CaseParty(name="李四")],
        )
        entry = LogEntry.objects.get_for_object(case.parties.get(name="张三")).get()
        assert id_number not in str(entry.changes)
        assert "张三" in str(entry.changes)

    def test_party_id_number_optional_and_normalised(self, committee_a):
        id_x = make("11010119900307001")
        case = services.case_accept(
            committee=committee_a,
            received_on=D(2022, 3, 1),
            dispute_type=DisputeType.CONTRACT,
            user=None,
            parties=[
                CaseParty(name="张三", id_number=id_x.lower()),
                CaseParty(name="某某公司", kind=PartyKind.ORGANISATION),
            ],
        )
        assert [p.id_number for p in case.parties.all()] == [id_x, ""]

    def test_organisation_party_takes_no_id_number(self, committee_a):
        with pytest.raises(RuleViolation) as exc:
            services.case_accept(
                committee=committee_a,
                received_on=D(2022, 3, 1),
                dispute_type=DisputeType.CONTRACT,
                user=None,
                parties=[
                    CaseParty(name="张三"),
                    CaseParty(
                        name="某某公司",
                        kind=PartyKind.ORGANISATION,
                        id_number=make("61063219800101001"),
                    ),
                ],
            )
        assert exc.value.message_dict == {"id_number": [MSG_ORG_ID_NUMBER]}

    def test_mediator_must_belong_to_the_committee(self, committee_a, committee_b, make_case):
        case = make_case(committee_a)
        case.mediator = committee_b.members.first()
        with pytest.raises(RuleViolation) as exc:
            services.case_save(case, user=None)
        assert exc.value.message_dict == {"mediator": [MSG_MEDIATOR_OTHER_COMMITTEE]}


class TestPipeline:
    def test_accepted_to_mediating_stamps_the_date(self, committee_a, make_case):
        case = make_case(committee_a)
        services.case_start(case, on=D(2022, 3, 2), user=None)
        case = reload(case)
        assert (case.status, case.started_on) == (CaseStatus.MEDIATING, D(2022, 3, 2))

    def test_mediating_to_succeeded_records_the_agreement(self, committee_a, make_case):
        case = make_case(committee_a)
        services.case_start(case, on=D(2022, 3, 2), user=None)
        services.case_succeed(case, on=D(2022, 3, 10), agreement_form="oral", user=None)
        case = reload(case)
        assert case.status == CaseStatus.SUCCEEDED
        assert case.closed_on == D(2022, 3, 10)
        assert case.agreement_form == "oral"
        assert case.agreement_effective_on == D(2022, 3, 10)  # defaults to the closing date
        labels = [e.label for e in CaseEvent.objects.filter(object_id=case.pk)]
        assert labels == ["受理", "调解中", "调解成功"]

    def test_mediating_to_terminated_needs_a_reason(self, committee_a, make_case):
        case = make_case(committee_a)
        services.case_start(case, on=D(2022, 3, 2), user=None)
        with pytest.raises(RuleViolation) as exc:
            services.case_terminate(case, on=D(2022, 3, 9), reason=" ", user=None)
        assert exc.value.message_dict == {"termination_reason": [MSG_REASON_REQUIRED]}
        assert reload(case).status == CaseStatus.MEDIATING  # nothing half-written
        services.case_terminate(case, on=D(2022, 3, 9), reason="双方分歧较大", user=None)
        case = reload(case)
        assert (case.status, case.closed_on) == (CaseStatus.TERMINATED, D(2022, 3, 9))

    def test_accepted_may_be_terminated(self, committee_a, make_case):
        case = make_case(committee_a)
        services.case_terminate(case, on=D(2022, 3, 3), reason="申请人撤回调解申请", user=None)
        assert reload(case).status == CaseStatus.TERMINATED

    def test_accepted_cannot_succeed_without_mediation(self, committee_a, make_case):
        case = make_case(committee_a)
        with pytest.raises(TransitionNotAllowed) as exc:
            services.case_succeed(case, on=D(2022, 3, 3), agreement_form="written", user=None)
        assert exc.value.messages == [
            "当前状态为“受理”，不能办理“调解成功”。可办理：调解中、调解终止。"
        ]
        assert reload(case).status == CaseStatus.ACCEPTED

    def test_succeeding_needs_an_agreement_form(self, committee_a, make_case):
        case = make_case(committee_a)
        services.case_start(case, on=D(2022, 3, 2), user=None)
        with pytest.raises(RuleViolation) as exc:
            services.case_succeed(case, on=D(2022, 3, 3), agreement_form="", user=None)
        assert exc.value.message_dict["agreement_form"] == [MSG_AGREEMENT_REQUIRED]
        assert reload(case).status == CaseStatus.MEDIATING

    def test_mediating_cannot_go_back_to_accepted(self, committee_a, make_case):
        case = make_case(committee_a)
        services.case_start(case, on=D(2022, 3, 2), user=None)
        with pytest.raises(TransitionNotAllowed):
            services.case_start(case, on=D(2022, 3, 3), user=None)

    @pytest.mark.parametrize("succeeded", [True, False])
    def test_closed_cases_are_final(self, committee_a, make_case, make_closed, succeeded):
        case = make_closed(make_case(committee_a), D(2022, 3, 10), succeeded=succeeded)
        label = "调解成功" if succeeded else "调解终止"
        for move in (
            lambda: services.case_start(case, on=D(2022, 3, 11), user=None),
            lambda: services.case_terminate(case, on=D(2022, 3, 11), reason="x", user=None),
        ):
            with pytest.raises(TransitionNotAllowed) as exc:
                move()
            assert exc.value.messages == [f"当前状态为“{label}”，已办结，不能再变更状态。"]

    def test_closing_before_receipt_is_refused(self, committee_a, make_case):
        case = make_case(committee_a, received_on=D(2022, 3, 10))
        with pytest.raises(RuleViolation) as exc:
            services.case_start(case, on=D(2022, 3, 9), user=None)
        assert "started_on" in exc.value.message_dict

    def test_party_refusing_later_blocks_mediation_but_not_termination(
        self, committee_a, make_case
    ):
        case = make_case(committee_a)
        party = case.parties.get(name="李四")
        party.refuses_mediation = True
        services.party_save(party, user=None)
        with pytest.raises(RuleViolation) as exc:
            services.case_start(case, on=D(2022, 3, 2), user=None)
        assert exc.value.messages == ["当事人“李四”明确拒绝调解，不得继续调解，只能终止调解。"]
        assert reload(case).status == CaseStatus.ACCEPTED
        services.case_terminate(case, on=D(2022, 3, 2), reason="当事人明确拒绝调解", user=None)
        assert reload(case).status == CaseStatus.TERMINATED


class TestJudicialConfirmation:
    def test_window_is_thirty_days_from_the_agreement_taking_effect(
        self, committee_a, make_case, make_closed
    ):
        case = make_closed(make_case(committee_a), D(2022, 3, 1))
        assert reload(case).confirmation_due_on == D(2022, 3, 31)

    def test_window_ending_in_a_holiday_runs_to_the_next_working_day(
        self, committee_a, make_case, make_closed
    ):
        # 1 Sep + 30 days = 1 Oct 2022 (National Day); 8 Oct 2022 was a make-up workday.
        case = make_closed(make_case(committee_a, received_on=D(2022, 8, 20)), D(2022, 9, 1))
        assert reload(case).confirmation_due_on == D(2022, 10, 8)

    def test_window_counts_from_the_effective_date_not_the_closing_date(
        self, committee_a, make_case, make_closed
    ):
        case = make_closed(make_case(committee_a), D(2022, 3, 1), effective_on=D(2022, 3, 4))
        assert reload(case).confirmation_due_on == D(2022, 4, 6)  # 3 Apr: 清明 holiday → 6 Apr

    def test_no_window_for_a_terminated_case(self, committee_a, make_case, make_closed):
        case = make_closed(make_case(committee_a), D(2022, 3, 1), succeeded=False)
        assert reload(case).confirmation_due_on is None
        with pytest.raises(RuleViolation):
            services.case_confirmation_apply(case, on=D(2022, 3, 5), user=None)

    def test_application_on_the_last_day_is_registered(self, committee_a, make_case, make_closed):
        case = make_closed(make_case(committee_a), D(2022, 3, 1))
        services.case_confirmation_apply(case, on=D(2022, 3, 31), user=None)
        case = reload(case)
        assert case.confirmation_applied_on == D(2022, 3, 31)
        assert case.confirmation_state().label == "已办结"

    def test_application_after_the_window_is_refused(self, committee_a, make_case, make_closed):
        case = make_closed(make_case(committee_a), D(2022, 3, 1))
        with pytest.raises(RuleViolation) as exc:
            services.case_confirmation_apply(case, on=D(2022, 4, 1), user=None)
        assert exc.value.message_dict == {
            "confirmation_applied_on": [
                "申请司法确认应自调解协议生效之日起三十日内提出（届满日为2022年3月31日），已超过期限。"
            ]
        }
        assert reload(case).confirmation_applied_on is None

    def test_application_before_the_agreement_takes_effect_is_refused(
        self, committee_a, make_case, make_closed
    ):
        case = make_closed(make_case(committee_a), D(2022, 3, 1), effective_on=D(2022, 3, 5))
        with pytest.raises(RuleViolation) as exc:
            services.case_confirmation_apply(case, on=D(2022, 3, 3), user=None)
        assert exc.value.message_dict == {"confirmation_applied_on": [MSG_APPLIED_BEFORE_EFFECTIVE]}

    @pytest.mark.parametrize(
        ("today", "label"),
        [
            (D(2022, 3, 10), "正常"),
            (D(2022, 3, 24), "即将到期"),
            (D(2022, 3, 31), "即将到期"),
            (D(2022, 4, 1), "已超期"),
        ],
    )
    def test_deadline_state_of_the_window(self, committee_a, make_case, make_closed, today, label):
        case = reload(make_closed(make_case(committee_a), D(2022, 3, 1)))
        assert case.confirmation_state(today=today).label == label

    def test_a_county_setting_overrides_the_period(
        self, county, committee_a, make_case, make_closed
    ):
        from sifa.core.models import PeriodOverride

        PeriodOverride.objects.create(
            region=county, code="mediation.judicial_confirmation", days=15
        )
        case = make_closed(make_case(committee_a), D(2022, 3, 1))
        assert reload(case).confirmation_due_on == D(2022, 3, 16)


class TestAccess:
    def test_township_clerk_cannot_write_another_townships_case(
        self, committee_b, make_case, township_clerk
    ):
        case = make_case(committee_b)
        with pytest.raises(PermissionDenied):
            services.case_start(case, on=D(2022, 3, 2), user=township_clerk)
        with pytest.raises(PermissionDenied):
            make_case(committee_b, user=township_clerk)

    def test_viewer_and_leader_cannot_write(self, committee_a, make_case, viewer, bureau_leader):
        for user in (viewer, bureau_leader):
            with pytest.raises(PermissionDenied):
                make_case(committee_a, user=user)

    def test_section_clerk_of_another_line_cannot_write(self, committee_a, make_case, make_user):
        with pytest.raises(PermissionDenied):
            make_case(committee_a, user=make_user("section", lines=["notary"]))


class TestCommitteesAndScreenings:
    def test_committee_with_too_few_members_is_saved_anyway(self, village_a, township_clerk):
        committee = MediationCommittee(
            name="某村人民调解委员会",
            kind="village",
            region=village_a,
            term_start=D(2021, 1, 1),
            term_end=D(2023, 12, 31),
        )
        services.committee_save(committee, user=township_clerk)
        assert MediationCommittee.objects.filter(pk=committee.pk).exists()

    def test_term_end_before_start_is_refused(self, village_a):
        committee = MediationCommittee(
            name="某村人民调解委员会",
            kind="village",
            region=village_a,
            term_start=D(2021, 1, 1),
            term_end=D(2020, 12, 31),
        )
        with pytest.raises(RuleViolation) as exc:
            services.committee_save(committee, user=None)
        assert exc.value.message_dict["term_end"] == [MSG_TERM_ORDER]

    def test_screening_is_a_typed_activity(self, village_a, township_clerk):
        activity = services.screening_record(
            region=village_a, date=D(2022, 5, 1), disputes_found=3, user=township_clerk
        )
        activity = Activity.objects.get(pk=activity.pk)
        assert activity.type.code == "dispute_screening"
        assert activity.quantity("disputes_found") == 3

    def test_screening_with_negative_count_is_refused(self, village_a):
        with pytest.raises(RuleViolation) as exc:
            services.screening_record(
                region=village_a, date=D(2022, 5, 1), disputes_found=-1, user=None
            )
        assert exc.value.message_dict == {"quantities": [services.MSG_SCREENING_FOUND]}
