import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.idnumber import MSG_CHECK
from sifa.core.workflow import timeline
from sifa.legalaid import services
from sifa.legalaid.models import (
    MSG_ASSIGNED_BEFORE_DECIDED,
    MSG_CLOSED_BEFORE_ASSIGNED,
    MSG_GROUPS,
    MSG_HANDLER_KIND,
    MSG_REFUSAL_REASON,
    AidApplication,
    AidCase,
    ApplicationStatus,
    CaseType,
    RecipientGroup,
)

from .conftest import BAD_ID

D = dt.date


class TestReceive:
    def test_review_is_due_seven_days_after_receipt(self, receive):
        # 2022-03-01 (Tue) + 7 days = 2022-03-08 (Tue), a working day.
        assert receive(D(2022, 3, 1)).review_due == D(2022, 3, 8)

    def test_review_ending_in_the_national_day_holiday_moves_to_the_next_workday(self, receive):
        # 2022-09-28 + 7 = 10-05, inside 国庆 (10-01..10-07); 10-08 (Sat) is a make-up workday.
        assert receive(D(2022, 9, 28)).review_due == D(2022, 10, 8)

    def test_id_number_with_a_wrong_check_digit_is_refused(self, village_a, clerk):
        with pytest.raises(RuleViolation) as exc:
            services.application_receive(
                region=village_a,
                applicant_name="张三",
                id_number=BAD_ID,
                case_type=CaseType.CIVIL,
                matter="借款",
                received_on=D(2022, 3, 1),
                user=clerk,
            )
        assert exc.value.message_dict["id_number"] == [MSG_CHECK]
        assert not AidApplication.all_objects.exists()

    def test_township_office_cannot_record_legal_aid(self, village_a, township_clerk):
        with pytest.raises(PermissionDenied):
            services.application_receive(
                region=village_a,
                applicant_name="张三",
                id_number="",
                case_type=CaseType.CIVIL,
                matter="借款",
                received_on=D(2022, 3, 1),
                user=township_clerk,
            )


class TestReview:
    def test_approval_sets_the_three_day_assignment_deadline(self, receive, clerk):
        app = services.application_approve(receive(D(2022, 3, 1)), on=D(2022, 3, 2), user=clerk)
        assert app.status == ApplicationStatus.APPROVED
        assert app.decided_on == D(2022, 3, 2)
        # 03-02 + 3 = 03-05, a Saturday → Monday 03-07.
        assert app.assign_due == D(2022, 3, 7)

    def test_assignment_deadline_across_the_national_day_holiday(self, receive, clerk):
        app = services.application_approve(receive(D(2022, 9, 26)), on=D(2022, 9, 29), user=clerk)
        # 09-29 + 3 = 10-02 (国庆) → first workday after it, 10-08.
        assert app.assign_due == D(2022, 10, 8)

    def test_refusal_without_reasons_is_refused_and_leaves_nothing(self, receive, clerk):
        app = receive()
        with pytest.raises(RuleViolation) as exc:
            services.application_refuse(app, on=D(2022, 3, 3), reason="  ", user=clerk)
        assert exc.value.message_dict["refusal_reason"] == [MSG_REFUSAL_REASON]
        app.refresh_from_db()
        assert app.status == ApplicationStatus.RECEIVED
        assert not timeline(app).exists()

    def test_refusal_with_written_reasons(self, receive, clerk):
        app = services.application_refuse(
            receive(), on=D(2022, 3, 3), reason="不符合经济困难标准。", user=clerk
        )
        assert app.status == ApplicationStatus.REFUSED
        assert app.refusal_reason == "不符合经济困难标准。"
        assert [e.to_status for e in timeline(app)] == ["refused"]

    def test_decision_before_receipt_is_refused(self, receive, clerk):
        with pytest.raises(RuleViolation):
            services.application_approve(receive(D(2022, 3, 1)), on=D(2022, 2, 28), user=clerk)

    def test_refused_application_cannot_be_approved(self, receive, clerk):
        app = services.application_refuse(receive(), on=D(2022, 3, 3), reason="理由", user=clerk)
        with pytest.raises(TransitionNotAllowed):
            services.application_approve(app, on=D(2022, 3, 4), user=clerk)

    def test_unreviewed_application_cannot_be_assigned(self, receive, centre, clerk):
        app = receive()
        with pytest.raises(TransitionNotAllowed):
            services.application_assign(
                app, on=D(2022, 3, 2), handler=centre, lawyer="王律师", user=clerk
            )
        assert not AidCase.objects.exists()

    def test_approved_application_cannot_be_refused(self, receive, clerk):
        app = services.application_approve(receive(), on=D(2022, 3, 2), user=clerk)
        with pytest.raises(TransitionNotAllowed):
            services.application_refuse(app, on=D(2022, 3, 3), reason="理由", user=clerk)


class TestAssign:
    def test_assignment_opens_the_case(self, receive, firm, clerk):
        app = services.application_approve(receive(), on=D(2022, 3, 2), user=clerk)
        case = services.application_assign(
            app,
            on=D(2022, 3, 4),
            handler=firm,
            lawyer="赵律师",
            agri=True,
            recipient_groups=[RecipientGroup.MIGRANT_WORKER, RecipientGroup.WOMAN],
            user=clerk,
        )
        app.refresh_from_db()
        assert app.status == ApplicationStatus.ASSIGNED and app.assigned_on == D(2022, 3, 4)
        assert case.application == app and case.assigned_on == D(2022, 3, 4)
        assert case.region_id == app.region_id and case.agri
        assert case.recipient_groups == ["woman", "migrant_worker"]  # in catalogue order
        assert [e.to_status for e in timeline(app)] == ["approved", "assigned"]

    def test_assignment_before_the_decision_is_refused(self, receive, centre, clerk):
        app = services.application_approve(receive(), on=D(2022, 3, 3), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.application_assign(
                app, on=D(2022, 3, 2), handler=centre, lawyer="王律师", user=clerk
            )
        assert exc.value.message_dict["assigned_on"] == [MSG_ASSIGNED_BEFORE_DECIDED]
        assert not AidCase.objects.exists()

    def test_handler_must_be_the_centre_or_a_law_firm(self, receive, county, clerk):
        from sifa.core.models import Unit

        notary = Unit.objects.get(kind="notary_office")
        app = services.application_approve(receive(), on=D(2022, 3, 2), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.application_assign(
                app, on=D(2022, 3, 3), handler=notary, lawyer="王律师", user=clerk
            )
        assert exc.value.message_dict["handler"] == [MSG_HANDLER_KIND]
        app.refresh_from_db()
        assert app.status == ApplicationStatus.APPROVED  # the move was rolled back too


class TestCase:
    def test_closed_before_assigned_is_refused(self, make_case, village_a, clerk):
        case = make_case(village_a, D(2022, 5, 1))
        with pytest.raises(RuleViolation) as exc:
            services.case_close(case, on=D(2022, 4, 30), user=clerk)
        assert exc.value.message_dict["closed_on"] == [MSG_CLOSED_BEFORE_ASSIGNED]

    def test_unknown_recipient_group_is_refused(self, make_case, village_a, clerk):
        case = make_case(village_a, D(2022, 5, 1))
        case.recipient_groups = ["老人"]
        with pytest.raises(RuleViolation) as exc:
            services.case_save(case, user=clerk)
        assert exc.value.message_dict["recipient_groups"] == [
            MSG_GROUPS.format(choices="残疾人、老年人、未成年人、妇女、农民工")
        ]
