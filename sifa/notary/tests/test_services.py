import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.workflow import timeline
from sifa.notary import services
from sifa.notary.models import (
    MSG_CERT_REQUIRED,
    MSG_CERT_TAKEN,
    MSG_CLOSED_BEFORE_ACCEPTED,
    MSG_REASON_REQUIRED,
    Notarization,
    Status,
)

D = dt.date


class TestIssueDeadline:
    def test_fifteen_working_days_skip_weekends(self, accept):
        # From Tue 2022-03-01: three weekends (3/5-6, 3/12-13, 3/19-20) skipped → Tue 03-22.
        assert accept(D(2022, 3, 1)).issue_due == D(2022, 3, 22)

    def test_fifteen_working_days_across_the_national_day_holiday(self, accept):
        # From Mon 2022-09-26: 9/27-30 (4), 10/1-7 国庆 skipped, make-up workdays 10/8-9 (6),
        # 10/10-14 (11), weekend 10/15-16 skipped, 10/17-20 (15) → Thu 2022-10-20.
        assert accept(D(2022, 9, 26)).issue_due == D(2022, 10, 20)

    def test_fifteen_working_days_across_the_spring_festival(self, accept):
        # From Mon 2022-01-24: 1/25-28 (4), 1/29-30 make-up workdays (6), 1/31-2/6 春节 skipped,
        # 2/7-11 (11), weekend skipped, 2/14-17 (15) → Thu 2022-02-17.
        assert accept(D(2022, 1, 24)).issue_due == D(2022, 2, 17)


class TestMoves:
    def test_issue_stamps_the_date_and_the_number(self, accept, clerk):
        obj = services.notarization_issue(
            accept(), on=D(2022, 3, 10), certificate_no="（2022）测证字第0001号", user=clerk
        )
        assert obj.status == Status.ISSUED
        assert obj.issued_on == obj.closed_on == D(2022, 3, 10)
        assert [e.to_status for e in timeline(obj)] == ["issued"]

    def test_issue_needs_a_certificate_number(self, accept, clerk):
        obj = accept()
        with pytest.raises(RuleViolation) as exc:
            services.notarization_issue(obj, on=D(2022, 3, 10), certificate_no=" ", user=clerk)
        assert exc.value.message_dict["certificate_no"] == [MSG_CERT_REQUIRED]

    def test_certificate_number_is_unique(self, accept, clerk):
        services.notarization_issue(
            accept(), on=D(2022, 3, 10), certificate_no="第0001号", user=clerk
        )
        second = accept()
        with pytest.raises(RuleViolation) as exc:
            services.notarization_issue(
                second, on=D(2022, 3, 11), certificate_no="第0001号", user=clerk
            )
        assert MSG_CERT_TAKEN in exc.value.messages
        second.refresh_from_db()
        assert second.status == Status.ACCEPTED and second.certificate_no == ""

    def test_issue_before_acceptance_is_refused(self, accept, clerk):
        with pytest.raises(RuleViolation) as exc:
            services.notarization_issue(
                accept(D(2022, 3, 1)), on=D(2022, 2, 28), certificate_no="第0002号", user=clerk
            )
        assert exc.value.message_dict["issued_on"] == [MSG_CLOSED_BEFORE_ACCEPTED]

    def test_refusal_needs_reasons(self, accept, clerk):
        obj = accept()
        with pytest.raises(RuleViolation) as exc:
            services.notarization_refuse(obj, on=D(2022, 3, 2), reason="", user=clerk)
        assert exc.value.message_dict["reason"] == [MSG_REASON_REQUIRED]
        obj = services.notarization_refuse(obj, on=D(2022, 3, 2), reason="事项不真实。", user=clerk)
        assert obj.status == Status.REFUSED and obj.closed_on == D(2022, 3, 2)

    def test_issued_matter_is_final(self, accept, clerk):
        obj = services.notarization_issue(
            accept(), on=D(2022, 3, 10), certificate_no="第3号", user=clerk
        )
        with pytest.raises(TransitionNotAllowed):
            services.notarization_refuse(
                obj, on=D(2022, 3, 11), reason="x", terminate=True, user=clerk
            )

    def test_number_cannot_be_typed_before_issue(self, county, clerk):
        obj = Notarization(
            region=county,
            category="domestic_civil",
            matter="委托",
            applicant_name="张三",
            accepted_on=D(2022, 3, 1),
            certificate_no="X1",
        )
        with pytest.raises(RuleViolation):
            services.notarization_save(obj, user=clerk)

    def test_clerk_of_another_line_cannot_write(self, county, make_user):
        obj = Notarization(
            region=county,
            category="domestic_civil",
            matter="委托",
            applicant_name="张三",
            accepted_on=D(2022, 3, 1),
        )
        with pytest.raises(PermissionDenied):
            services.notarization_save(obj, user=make_user("section", lines=["legalaid"]))
