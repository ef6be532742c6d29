"""Every pipeline move, allowed and refused, and each statutory rule of the services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.models import CaseEvent, PeriodOverride
from sifa.core.workflow import timeline
from sifa.reconsideration import services
from sifa.reconsideration.models import (
    MSG_REASON_REQUIRED,
    CloseKind,
    Procedure,
    Status,
    SuspensionGround,
    TerminationGround,
)
from sifa.reconsideration.services import (
    MSG_BEFORE_DEEMED,
    MSG_CORRECTED_LATE,
    MSG_EXTENSION_SIMPLE,
    MSG_EXTENSION_TOO_LONG,
    MSG_EXTENSION_TWICE,
    MSG_ITEMS_REQUIRED,
    MSG_ONLY_TERMINATION,
    MSG_REVIEW_EXPIRED,
)

from .factories import accepted, receive

D = dt.date
TODAY = dt.date.today()


def _msg(exc, field):
    return exc.value.message_dict[field]


class TestReceive:
    def test_intake_awaits_the_acceptance_review(self, county, section_clerk):
        case = receive(county, D(2022, 3, 1), user=section_clerk)
        assert case.status == Status.RECEIVED
        assert case.created_by == section_clerk

    def test_township_office_cannot_record_reconsideration(self, township_clerk, township_a):
        with pytest.raises(PermissionDenied):
            receive(township_a, D(2022, 3, 1), user=township_clerk)

    def test_clerk_of_another_line_cannot_record(self, make_user, county):
        clerk = make_user("section", lines=["mediation"])
        with pytest.raises(PermissionDenied):
            receive(county, D(2022, 3, 1), user=clerk)

    def test_leader_reads_only(self, county, bureau_leader):
        with pytest.raises(PermissionDenied):
            receive(county, D(2022, 3, 1), user=bureau_leader)


class TestAccept:
    def test_accept_within_the_review_period(self, county, section_clerk):
        case = receive(county, D(2022, 3, 1))
        services.case_accept(case, on=D(2022, 3, 8), user=section_clerk)
        case.refresh_from_db()
        assert case.status == Status.UNDER_REVIEW
        assert case.accepted_on == D(2022, 3, 8) and not case.deemed_accepted
        assert case.decision_due == D(2022, 5, 7)  # 3/8 + 60 = Sat 7 May, a make-up workday
        assert [e.to_status for e in timeline(case)] == [Status.UNDER_REVIEW]

    def test_simple_procedure_has_thirty_days(self, county):
        case = receive(county, D(2022, 3, 8))
        services.case_accept(case, on=D(2022, 3, 10), procedure=Procedure.SIMPLE, user=None)
        assert case.decision_due == D(2022, 4, 11)

    def test_accepting_after_the_review_period_records_the_deemed_acceptance(self, county):
        case = receive(county, D(2022, 9, 29))
        services.case_accept(case, on=D(2022, 10, 20), user=None)
        case.refresh_from_db()
        assert case.deemed_accepted
        assert case.accepted_on == D(2022, 10, 11)  # the day the review period expired

    def test_accepting_before_receipt_is_refused(self, county):
        case = receive(county, D(2022, 3, 8))
        with pytest.raises(RuleViolation):
            services.case_accept(case, on=D(2022, 3, 7), user=None)
        case.refresh_from_db()
        assert case.status == Status.RECEIVED
        assert not CaseEvent.objects.exists()

    @pytest.mark.parametrize("status", [Status.REJECTED, Status.CLOSED])
    def test_accepting_a_finished_case_is_refused(self, county, status):
        case = receive(county, D(2022, 3, 1))
        if status == Status.REJECTED:
            services.case_reject(case, on=D(2022, 3, 2), reason="超过申请期限", user=None)
        else:
            services.case_accept(case, on=D(2022, 3, 2), user=None)
            services.case_close(case, on=D(2022, 4, 1), kind=CloseKind.UPHELD, user=None)
        with pytest.raises(TransitionNotAllowed):
            services.case_accept(case, on=D(2022, 4, 2), user=None)


class TestReject:
    def test_refusal_within_the_period_with_its_reason(self, county):
        case = receive(county, D(2022, 9, 29))
        services.case_reject(case, on=D(2022, 10, 11), reason="不属于行政复议范围", user=None)
        case.refresh_from_db()
        assert case.status == Status.REJECTED and case.rejected_on == D(2022, 10, 11)

    def test_refusal_needs_a_reason(self, county):
        case = receive(county, D(2022, 3, 1))
        with pytest.raises(RuleViolation) as exc:
            services.case_reject(case, on=D(2022, 3, 2), reason="  ", user=None)
        assert _msg(exc, "rejection_reason") == [MSG_REASON_REQUIRED]

    def test_refusal_after_the_review_period_is_refused_the_case_is_deemed_accepted(self, county):
        case = receive(county, D(2022, 9, 29))
        with pytest.raises(RuleViolation) as exc:
            services.case_reject(case, on=D(2022, 10, 12), reason="不属于受案范围", user=None)
        assert _msg(exc, "on") == [MSG_REVIEW_EXPIRED.format(due=D(2022, 10, 11))]
        assert case.is_deemed_accepted(D(2022, 10, 12))
        assert not case.is_deemed_accepted(D(2022, 10, 11))

    def test_refusing_an_accepted_case_is_refused(self, county):
        case = accepted(county, D(2022, 3, 1), D(2022, 3, 2))
        with pytest.raises(TransitionNotAllowed):
            services.case_reject(case, on=D(2022, 3, 3), reason="x", user=None)


class TestCorrection:
    def test_notice_then_materials_restart_the_review(self, county):
        case = receive(county, D(2022, 9, 29))
        services.case_request_correction(case, on=D(2022, 9, 30), items="补充身份证明", user=None)
        assert case.status == Status.CORRECTION
        assert case.acceptance_due is None
        # ten working days from 30 Sep: 8, 9, 10–14, 17, 18, 19 October
        assert case.correction_reply_due == D(2022, 10, 19)
        services.case_correction_received(case, on=D(2022, 10, 19), user=None)
        assert case.status == Status.RECEIVED
        assert case.acceptance_due == D(2022, 10, 26)

    def test_notice_needs_its_items(self, county):
        case = receive(county, D(2022, 3, 1))
        with pytest.raises(RuleViolation) as exc:
            services.case_request_correction(case, on=D(2022, 3, 2), items="", user=None)
        assert _msg(exc, "correction_items") == [MSG_ITEMS_REQUIRED]

    def test_notice_after_five_working_days_is_refused(self, county):
        case = receive(county, D(2022, 9, 29))
        with pytest.raises(RuleViolation) as exc:
            services.case_request_correction(case, on=D(2022, 10, 12), items="x", user=None)
        assert "2022-10-11" in _msg(exc, "on")[0]

    def test_materials_after_the_applicant_period_are_refused(self, county):
        case = receive(county, D(2022, 9, 29))
        services.case_request_correction(case, on=D(2022, 9, 30), items="x", user=None)
        with pytest.raises(RuleViolation) as exc:
            services.case_correction_received(case, on=D(2022, 10, 20), user=None)
        assert _msg(exc, "on") == [MSG_CORRECTED_LATE.format(due=D(2022, 10, 19))]

    def test_no_reply_is_deemed_abandoned(self, county):
        case = receive(county, D(2022, 9, 29))
        services.case_request_correction(case, on=D(2022, 9, 30), items="x", user=None)
        with pytest.raises(RuleViolation):
            services.case_abandon(case, on=D(2022, 10, 19), user=None)
        assert case.is_deemed_abandoned(D(2022, 10, 20))
        done = services.apply_deemed_abandonment(user=None, today=D(2022, 10, 20))
        assert [c.pk for c in done] == [case.pk]
        case.refresh_from_db()
        assert case.status == Status.ABANDONED and case.abandoned_on == D(2022, 10, 20)

    @pytest.mark.parametrize("move", ["correction_received", "abandon"])
    def test_correction_moves_are_refused_outside_the_correction_status(self, county, move):
        case = receive(county, D(2022, 3, 1))
        with pytest.raises(TransitionNotAllowed):
            if move == "abandon":
                services.case_abandon(case, on=D(2022, 3, 2), user=None)
            else:
                services.case_correction_received(case, on=D(2022, 3, 2), user=None)

    def test_accepting_during_correction_is_refused(self, county):
        case = receive(county, D(2022, 3, 1))
        services.case_request_correction(case, on=D(2022, 3, 2), items="x", user=None)
        with pytest.raises(TransitionNotAllowed):
            services.case_accept(case, on=D(2022, 3, 3), user=None)


class TestDeemedAcceptance:
    def test_apply_records_every_expired_review(self, county, section_clerk):
        late = receive(county, D(2022, 9, 29))
        fresh = receive(county, D(2022, 10, 10))
        done = services.apply_deemed_acceptance(user=section_clerk, today=D(2022, 10, 12))
        assert [c.pk for c in done] == [late.pk]
        late.refresh_from_db()
        fresh.refresh_from_db()
        assert late.status == Status.UNDER_REVIEW and late.deemed_accepted
        assert late.accepted_on == D(2022, 10, 11)
        assert late.decision_due == D(2022, 12, 12)  # 10/11 + 60 = Sat 10 Dec → Mon 12 Dec
        assert fresh.status == Status.RECEIVED
        assert [e.label for e in timeline(late)] == ["视为受理"]

    def test_closing_a_deemed_case_records_its_acceptance_first(self, county):
        case = receive(county, D(2022, 9, 29))
        services.case_close(case, on=D(2022, 11, 1), kind=CloseKind.UPHELD, user=None)
        assert case.status == Status.CLOSED and case.accepted_on == D(2022, 10, 11)
        assert [e.to_status for e in timeline(case)] == [Status.UNDER_REVIEW, Status.CLOSED]

    def test_extending_a_deemed_case_records_its_acceptance_first(self, county, section_clerk):
        case = receive(county, D(2022, 9, 29))  # review ran out 10/11, nobody recorded it
        services.case_extend(
            case,
            on=D(2022, 11, 1),
            days=30,
            approver="张局长",
            reason="案情复杂",
            user=section_clerk,
        )
        case.refresh_from_db()
        assert case.status == Status.UNDER_REVIEW and case.deemed_accepted
        assert case.accepted_on == D(2022, 10, 11) and case.extension_days == 30
        assert case.decision_due == D(2023, 1, 9)  # 10/11 + 60 + 30 days, a Monday
        assert [e.label for e in timeline(case)] == ["视为受理", "延期30日"]

    def test_a_refused_step_leaves_the_deemed_acceptance_unwritten(self, county):
        case = receive(county, D(2022, 9, 29))
        with pytest.raises(RuleViolation) as exc:
            services.case_extend(
                case, on=D(2022, 11, 1), days=90, approver="张局长", reason="复杂", user=None
            )
        assert "extension_days" in exc.value.message_dict
        case.refresh_from_db()
        assert case.status == Status.RECEIVED and not case.deemed_accepted
        assert not timeline(case).exists()

    def test_a_step_dated_before_the_deemed_acceptance_is_refused(self, county):
        case = receive(county, D(2022, 9, 29))  # deemed accepted by today, as of 10/11
        with pytest.raises(RuleViolation) as exc:
            services.case_extend(
                case, on=D(2022, 10, 10), days=10, approver="张局长", reason="复杂", user=None
            )
        assert _msg(exc, "on") == [MSG_BEFORE_DEEMED.format(due=D(2022, 10, 11))]
        case.refresh_from_db()
        assert case.status == Status.RECEIVED


class TestExtension:
    def test_one_extension_of_at_most_thirty_days_shifts_the_due_date(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_extend(
            case, on=D(2022, 5, 1), days=30, approver="张主任", reason="案情复杂", user=None
        )
        case.refresh_from_db()
        assert case.decision_due == D(2022, 6, 8)  # 5/9 + 30 days
        assert timeline(case).last().label == "延期30日"

    def test_a_second_extension_is_refused(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_extend(
            case, on=D(2022, 5, 1), days=10, approver="张主任", reason="案情复杂", user=None
        )
        with pytest.raises(RuleViolation) as exc:
            services.case_extend(
                case, on=D(2022, 5, 2), days=10, approver="张主任", reason="仍需调查", user=None
            )
        assert _msg(exc, "extension_days") == [MSG_EXTENSION_TWICE.format(on=D(2022, 5, 1))]

    def test_more_than_thirty_days_is_refused(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(RuleViolation) as exc:
            services.case_extend(
                case, on=D(2022, 5, 1), days=31, approver="张主任", reason="案情复杂", user=None
            )
        assert _msg(exc, "extension_days") == [
            MSG_EXTENSION_TOO_LONG.format(days=30, law="行政复议法第六十二条")
        ]
        case.refresh_from_db()
        assert case.extension_days is None

    def test_county_limit_applies(self, county):
        PeriodOverride.objects.create(region=county, code="reconsideration.extension", days=20)
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(RuleViolation):
            services.case_extend(
                case, on=D(2022, 5, 1), days=25, approver="张主任", reason="案情复杂", user=None
            )

    def test_extension_needs_approver_and_reason(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(RuleViolation) as exc:
            services.case_extend(case, on=D(2022, 5, 1), days=10, approver="", reason="", user=None)
        assert "extension_approver" in exc.value.message_dict

    def test_simple_procedure_cannot_be_extended_until_converted(self, county):
        case = receive(county, D(2022, 3, 8))
        services.case_accept(case, on=D(2022, 3, 10), procedure=Procedure.SIMPLE, user=None)
        with pytest.raises(RuleViolation) as exc:
            services.case_extend(
                case, on=D(2022, 3, 20), days=10, approver="张主任", reason="复杂", user=None
            )
        assert _msg(exc, "extension_days") == [MSG_EXTENSION_SIMPLE]
        services.case_convert_to_ordinary(case, on=D(2022, 3, 21), user=None)
        assert case.decision_due == D(2022, 5, 9)

    def test_extension_after_the_due_date_is_refused(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))  # due 9 May
        with pytest.raises(RuleViolation) as exc:
            services.case_extend(
                case, on=D(2022, 5, 10), days=10, approver="张主任", reason="复杂", user=None
            )
        assert "2022-05-09" in _msg(exc, "on")[0]

    def test_converting_an_ordinary_case_is_refused(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(RuleViolation):
            services.case_convert_to_ordinary(case, on=D(2022, 3, 21), user=None)

    def test_extending_a_case_not_under_review_is_refused(self, county):
        case = receive(county, TODAY)  # its acceptance review is still running
        with pytest.raises(TransitionNotAllowed):
            services.case_extend(
                case, on=TODAY, days=10, approver="张主任", reason="复杂", user=None
            )


class TestSuspension:
    def test_suspension_stops_the_clock_and_resumption_shifts_the_due_date(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_suspend(case, on=D(2022, 4, 1), ground=SuspensionGround.OTHER_CASE, user=None)
        assert case.status == Status.SUSPENDED and case.decision_due is None
        assert case.suspension_limit_on is None  # ground (8) does not end the case
        services.case_resume(case, on=D(2022, 4, 11), user=None)
        case.refresh_from_db()
        assert case.status == Status.UNDER_REVIEW and case.suspended_days == 10
        assert case.decision_due == D(2022, 5, 19)  # 5/9 + 10

    def test_two_suspensions_add_up(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        for start, end in ((D(2022, 3, 20), D(2022, 3, 25)), (D(2022, 4, 1), D(2022, 4, 6))):
            services.case_suspend(case, on=start, ground=SuspensionGround.SETTLEMENT, user=None)
            services.case_resume(case, on=end, user=None)
        assert case.suspended_days == 10 and case.decision_due == D(2022, 5, 19)

    def test_suspension_needs_its_ground(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(RuleViolation):
            services.case_suspend(case, on=D(2022, 4, 1), ground="", user=None)

    def test_resuming_a_case_not_suspended_is_refused(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(TransitionNotAllowed):
            services.case_resume(case, on=D(2022, 4, 1), user=None)

    def test_suspending_before_acceptance_is_refused(self, county):
        case = receive(county, TODAY)
        with pytest.raises(TransitionNotAllowed):
            services.case_suspend(case, on=TODAY, ground=SuspensionGround.DEATH, user=None)

    def test_only_termination_closes_a_suspended_case(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_suspend(case, on=D(2022, 4, 1), ground=SuspensionGround.SETTLEMENT, user=None)
        with pytest.raises(RuleViolation) as exc:
            services.case_close(case, on=D(2022, 4, 5), kind=CloseKind.UPHELD, user=None)
        assert _msg(exc, "close_kind") == [MSG_ONLY_TERMINATION]
        services.case_close(
            case,
            on=D(2022, 4, 5),
            kind=CloseKind.TERMINATED,
            user=None,
            termination_ground=TerminationGround.WITHDRAWN,
        )
        assert case.status == Status.CLOSED


class TestSuspensionTermination:
    def _suspended(self, county, ground):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        return services.case_suspend(case, on=D(2022, 4, 1), ground=ground, user=None)

    def test_sixty_days_on_ground_one_ends_the_case(self, county, section_clerk):
        case = self._suspended(county, SuspensionGround.DEATH)
        assert case.suspension_limit_on == D(2022, 5, 31)
        assert (
            services.apply_suspension_terminations(user=section_clerk, today=D(2022, 5, 31)) == []
        )
        done = services.apply_suspension_terminations(user=section_clerk, today=D(2022, 6, 1))
        assert [c.pk for c in done] == [case.pk]
        case.refresh_from_db()
        assert case.status == Status.CLOSED and case.close_kind == CloseKind.TERMINATED
        assert case.termination_ground == TerminationGround.SUSPENSION_EXPIRED
        assert case.closed_on == D(2022, 6, 1)

    def test_other_grounds_do_not_end_the_case(self, county):
        case = self._suspended(county, SuspensionGround.FORCE_MAJEURE)
        assert services.apply_suspension_terminations(user=None, today=D(2022, 8, 1)) == []
        with pytest.raises(RuleViolation):
            services.case_close(
                case,
                on=D(2022, 8, 1),
                kind=CloseKind.TERMINATED,
                user=None,
                termination_ground=TerminationGround.SUSPENSION_EXPIRED,
            )

    def test_terminating_before_sixty_days_is_refused(self, county):
        case = self._suspended(county, SuspensionGround.DISSOLVED)
        with pytest.raises(RuleViolation):
            services.case_close(
                case,
                on=D(2022, 5, 20),
                kind=CloseKind.TERMINATED,
                user=None,
                termination_ground=TerminationGround.SUSPENSION_EXPIRED,
            )


class TestClose:
    @pytest.mark.parametrize("kind", [k for k in CloseKind.values if k != CloseKind.TERMINATED])
    def test_every_decision_kind_closes_a_case_under_review(self, county, kind):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_close(case, on=D(2022, 4, 20), kind=kind, user=None)
        case.refresh_from_db()
        assert case.status == Status.CLOSED and case.close_kind == kind

    def test_termination_needs_its_ground(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(RuleViolation) as exc:
            services.case_close(case, on=D(2022, 4, 20), kind=CloseKind.TERMINATED, user=None)
        assert "termination_ground" in exc.value.message_dict

    def test_decision_before_acceptance_is_refused(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        with pytest.raises(RuleViolation):
            services.case_close(case, on=D(2022, 3, 9), kind=CloseKind.UPHELD, user=None)

    def test_closing_a_case_still_in_review_is_refused(self, county):
        case = receive(county, TODAY)
        with pytest.raises(TransitionNotAllowed):
            services.case_close(case, on=TODAY, kind=CloseKind.UPHELD, user=None)

    def test_a_closed_case_cannot_move_again(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_close(case, on=D(2022, 4, 20), kind=CloseKind.UPHELD, user=None)
        for move in (
            lambda: services.case_suspend(case, on=D(2022, 4, 21), ground="39-5", user=None),
            lambda: services.case_close(case, on=D(2022, 4, 21), kind="revoked", user=None),
        ):
            with pytest.raises(TransitionNotAllowed):
                move()

    def test_late_decision_is_recorded_and_flagged(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_close(case, on=D(2022, 5, 10), kind=CloseKind.UPHELD, user=None)
        assert case.closed_late

    def test_publication_online_after_closing(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        services.case_close(case, on=D(2022, 4, 20), kind=CloseKind.UPHELD, user=None)
        with pytest.raises(RuleViolation):
            services.case_publish(case, on=D(2022, 4, 19), user=None)
        services.case_publish(case, on=D(2022, 4, 25), user=None)
        case.refresh_from_db()
        assert case.published_online and case.published_on == D(2022, 4, 25)

    def test_editing_cannot_change_the_status(self, county):
        case = accepted(county, D(2022, 3, 8), D(2022, 3, 10))
        case.status = Status.CLOSED
        with pytest.raises(RuleViolation):
            services.case_save(case, user=None)
