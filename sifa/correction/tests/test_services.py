import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.models import PeriodOverride
from sifa.core.workflow import timeline
from sifa.correction import services
from sifa.correction.models import (
    ApproverLevel,
    Assessment,
    Classification,
    ClassLevel,
    CorrectionType,
    EndReason,
    Gender,
    LeaveRequest,
    MeasureKind,
    Monitoring,
    MonitoringGround,
    RewardPenalty,
    Subject,
    SubjectStatus,
    TeamMember,
    TeamRole,
)

from .helpers import new_subject, subject

D = dt.date


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["correction"])


class TestSubjectPipeline:
    def test_receive_then_release_on_expiry(self, township_a, clerk):
        s = subject(township_a, user=clerk, judged=D(2022, 3, 1))
        assert s.status == SubjectStatus.PENDING
        services.subject_receive(s, on=D(2022, 3, 5), user=clerk)
        assert (s.status, s.received_on) == (SubjectStatus.ACTIVE, D(2022, 3, 5))
        services.subject_release(s, on=s.period_end, reason=EndReason.EXPIRED, user=clerk)
        s.refresh_from_db()
        assert (s.status, s.ended_on, s.end_reason) == (
            SubjectStatus.RELEASED,
            s.period_end,
            EndReason.EXPIRED,
        )
        assert [e.to_status for e in timeline(s)] == ["active", "released"]

    def test_cannot_release_before_intake(self, township_a, clerk):
        s = subject(township_a, user=clerk)
        with pytest.raises(TransitionNotAllowed) as exc:
            services.subject_release(s, on=D(2024, 3, 1), reason=EndReason.EXPIRED, user=clerk)
        assert "当前状态为“待接收”，不能办理“已解除”" in exc.value.messages[0]
        s.refresh_from_db()
        assert s.status == SubjectStatus.PENDING and s.ended_on is None

    def test_ended_file_cannot_move_again(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        services.subject_terminate(s, on=D(2022, 6, 1), reason=EndReason.DEATH, user=clerk)
        with pytest.raises(TransitionNotAllowed) as exc:
            services.subject_release(s, on=D(2024, 3, 1), reason=EndReason.EXPIRED, user=clerk)
        assert "已办结" in exc.value.messages[0]

    def test_end_date_before_intake_is_refused_and_nothing_is_written(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        with pytest.raises(RuleViolation) as exc:
            services.subject_terminate(s, on=D(2022, 3, 4), reason=EndReason.DEATH, user=clerk)
        assert exc.value.message_dict["ended_on"] == ["解除（终止）日期不能早于接收日期。"]
        s = Subject.objects.get(pk=s.pk)
        assert s.status == SubjectStatus.ACTIVE and s.ended_on is None
        assert [e.to_status for e in timeline(s)] == ["active"]

    def test_expiry_release_before_the_period_ends_is_refused(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        with pytest.raises(RuleViolation) as exc:
            services.subject_release(
                s, on=s.period_end - dt.timedelta(days=1), reason=EndReason.EXPIRED, user=clerk
            )
        assert "期满前不能以“矫正期满”解除" in exc.value.message_dict["ended_on"][0]

    def test_release_reason_must_be_a_release_reason(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        with pytest.raises(RuleViolation) as exc:
            services.subject_release(s, on=D(2022, 6, 1), reason=EndReason.DEATH, user=clerk)
        assert exc.value.message_dict["end_reason"] == [services.MSG_RELEASE_REASON]

    def test_revoking_parole_needs_a_parolee(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5), ctype=CorrectionType.PROBATION)
        with pytest.raises(RuleViolation) as exc:
            services.subject_terminate(
                s, on=D(2022, 6, 1), reason=EndReason.PAROLE_REVOKED, user=clerk
            )
        assert exc.value.message_dict["end_reason"] == ["“撤销假释”只适用于假释的社区矫正对象。"]


class TestIntake:
    def test_due_ten_days_after_judgment_moved_past_national_day(self, township_a, clerk):
        # 2022-10-01 (tenth day) is a holiday; 10-08 is a make-up working Saturday.
        s = subject(township_a, user=clerk, judged=D(2022, 9, 21))
        assert s.intake_due == D(2022, 10, 8)

    def test_intake_within_ten_days_has_no_warning(self, township_a, clerk):
        s = subject(township_a, user=clerk, judged=D(2022, 3, 1), received=D(2022, 3, 11))
        assert not s.intake_late
        assert services.subject_warnings(s) == []

    def test_late_intake_is_kept_with_a_warning(self, township_a, clerk):
        s = subject(township_a, user=clerk, judged=D(2022, 3, 1), received=D(2022, 3, 14))
        assert s.status == SubjectStatus.ACTIVE and s.intake_late
        assert services.subject_warnings(s) == [
            services.MSG_INTAKE_LATE.format(
                received="2022年3月14日", due="2022年3月11日", period="10日"
            )
        ]
        assert "晚于报到期限" in timeline(s)[0].note

    def test_intake_before_judgment_is_refused(self, township_a, clerk):
        s = subject(township_a, user=clerk, judged=D(2022, 3, 1))
        with pytest.raises(RuleViolation) as exc:
            services.subject_receive(s, on=D(2022, 2, 27), user=clerk)
        assert "received_on" in exc.value.message_dict


class TestTeam:
    def _member(self, s, gender, name="李四"):
        return TeamMember(subject=s, name=name, gender=gender, role=TeamRole.OFFICE_STAFF)

    def test_female_subject_team_without_a_woman_is_refused(self, township_a, clerk):
        s = subject(township_a, user=clerk, gender=Gender.FEMALE)
        with pytest.raises(RuleViolation) as exc:
            services.team_set(s, [self._member(s, Gender.MALE)], user=clerk)
        assert exc.value.messages == [services.MSG_TEAM_NEEDS_WOMAN]
        assert not TeamMember.objects.filter(subject=s).exists()

    def test_female_subject_team_with_a_woman_is_saved(self, township_a, clerk):
        s = subject(township_a, user=clerk, gender=Gender.FEMALE)
        services.team_set(
            s, [self._member(s, Gender.MALE), self._member(s, Gender.FEMALE)], user=clerk
        )
        assert TeamMember.objects.filter(subject=s, region=township_a).count() == 2

    def test_removing_the_only_woman_is_refused(self, township_a, clerk):
        s = subject(township_a, user=clerk, gender=Gender.FEMALE)
        man, woman = self._member(s, Gender.MALE), self._member(s, Gender.FEMALE)
        services.team_set(s, [man, woman], user=clerk)
        with pytest.raises(RuleViolation):
            services.team_member_delete(woman, user=clerk)
        with pytest.raises(RuleViolation):
            services.team_set(s, [man], user=clerk)
        assert TeamMember.objects.filter(subject=s).count() == 2

    def test_male_subject_team_may_be_all_men(self, township_a, clerk):
        s = subject(township_a, user=clerk, gender=Gender.MALE)
        services.team_member_save(self._member(s, Gender.MALE), user=clerk)
        assert TeamMember.objects.filter(subject=s).count() == 1


class TestLeave:
    def _leave(self, s, days, level):
        start = D(2022, 5, 10)
        return LeaveRequest(
            subject=s,
            applied_on=D(2022, 5, 5),
            leave_from=start,
            leave_to=start + dt.timedelta(days=days - 1),
            destination="西安市",
            reason="就医",
            approver_level=level,
            decision="approved",
            decided_on=D(2022, 5, 6),
        )

    def test_seven_days_are_approved_by_the_office(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        services.leave_request_save(self._leave(s, 7, ApproverLevel.OFFICE), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.leave_request_save(self._leave(s, 7, ApproverLevel.COUNTY), user=clerk)
        assert exc.value.message_dict["approver_level"] == [
            "外出7日，应由司法所审批（7日以内由司法所审批）。"
        ]

    def test_eight_days_need_the_county(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        with pytest.raises(RuleViolation) as exc:
            services.leave_request_save(self._leave(s, 8, ApproverLevel.OFFICE), user=clerk)
        assert "超过7日由县司法局审批" in exc.value.message_dict["approver_level"][0]
        leave = services.leave_request_save(self._leave(s, 8, ApproverLevel.COUNTY), user=clerk)
        assert leave.region_id == township_a.code

    def test_county_setting_overrides_the_threshold(self, county, township_a, clerk):
        PeriodOverride.objects.create(region=county, code="correction.leave_office_limit", days=10)
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        services.leave_request_save(self._leave(s, 9, ApproverLevel.OFFICE), user=clerk)
        with pytest.raises(RuleViolation):
            services.leave_request_save(self._leave(s, 11, ApproverLevel.OFFICE), user=clerk)

    def test_subject_not_yet_received_has_no_supervision_records(self, township_a, clerk):
        s = subject(township_a, user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.leave_request_save(self._leave(s, 3, ApproverLevel.OFFICE), user=clerk)
        assert exc.value.message_dict["subject"] == [services.MSG_NOT_RECEIVED]


class TestMonitoring:
    def _period(self, s, start, end, head=True):
        return Monitoring(
            subject=s,
            ground=MonitoringGround.BAN_ORDER,
            start_on=start,
            end_on=end,
            approved_by="局长",
            approved_by_head=head,
            approved_on=start,
        )

    def test_three_months_less_a_day_is_the_limit(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 1, 5), judged=D(2022, 1, 2))
        services.monitoring_save(self._period(s, D(2022, 2, 1), D(2022, 4, 30)), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.monitoring_save(self._period(s, D(2022, 6, 1), D(2022, 9, 1)), user=clerk)
        assert exc.value.message_dict["end_on"] == [
            "使用电子定位装置的期限不得超过3个月（本期最迟至2022年8月31日）。"
        ]

    def test_needs_the_bureau_heads_approval(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 1, 5), judged=D(2022, 1, 2))
        with pytest.raises(RuleViolation) as exc:
            services.monitoring_save(
                self._period(s, D(2022, 2, 1), D(2022, 3, 1), head=False), user=clerk
            )
        assert "approved_by_head" in exc.value.message_dict

    def test_each_renewal_at_most_three_months(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 1, 5), judged=D(2022, 1, 2))
        first = services.monitoring_save(self._period(s, D(2022, 2, 1), D(2022, 4, 30)), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.monitoring_renew(
                first,
                end_on=D(2022, 8, 1),
                approved_by="局长",
                approved_on=D(2022, 4, 28),
                user=clerk,
            )
        assert exc.value.message_dict["end_on"][0].startswith("每次延长的期限不得超过3个月")
        renewal = services.monitoring_renew(
            first, end_on=D(2022, 7, 31), approved_by="局长", approved_on=D(2022, 4, 28), user=clerk
        )
        assert renewal.start_on == D(2022, 5, 1) and renewal.renewal_of == first

    def test_overlapping_periods_are_refused(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 1, 5), judged=D(2022, 1, 2))
        services.monitoring_save(self._period(s, D(2022, 2, 1), D(2022, 3, 1)), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.monitoring_save(self._period(s, D(2022, 3, 1), D(2022, 4, 1)), user=clerk)
        assert "重叠" in exc.value.message_dict["start_on"][0]


class TestRecordsOfTheFile:
    def test_classification_dated_before_intake_is_refused(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        c = Classification(
            subject=s, level=ClassLevel.STRICT, decided_on=D(2022, 3, 4), reason="入矫评估"
        )
        with pytest.raises(RuleViolation) as exc:
            services.classification_save(c, user=clerk)
        assert exc.value.message_dict["decided_on"] == ["日期不能早于该社区矫正对象的接收日期。"]

    def test_request_to_commit_only_for_medical_parole(self, township_a, clerk):
        s = subject(township_a, user=clerk, received=D(2022, 3, 5))
        r = RewardPenalty(
            subject=s, kind=MeasureKind.COMMIT, decided_on=D(2022, 5, 1), reason="违规"
        )
        with pytest.raises(RuleViolation) as exc:
            services.reward_penalty_save(r, user=clerk)
        assert exc.value.message_dict["kind"] == [
            "“提请收监执行”只适用于暂予监外执行的社区矫正对象。"
        ]
        r.kind = MeasureKind.WARNING
        services.reward_penalty_save(r, user=clerk)


class TestAccess:
    def test_office_cannot_write_another_townships_subject(
        self, township_b, other_township_clerk, township_clerk
    ):
        s = subject(township_b, user=other_township_clerk)
        s.note = "改动"
        with pytest.raises(PermissionDenied):
            services.subject_save(s, user=township_clerk)

    def test_minor_file_needs_the_sealed_permission(self, township_a, clerk, make_user):
        minor = new_subject(township_a, birth=D(2005, 1, 1), judged=D(2022, 3, 1))
        with pytest.raises(PermissionDenied):
            services.subject_save(minor, user=clerk)
        sealed_clerk = make_user("section", lines=["correction"], sealed=True)
        saved = services.subject_save(minor, user=sealed_clerk)
        assert saved.is_minor

    def test_executing_office_records_its_minors_supervision(
        self, township_a, township_clerk, other_township_clerk, make_user
    ):
        """The one rule behind every door (entry page, API, import): the service."""
        from sifa.correction.models import SupervisionEvent

        minor = subject(township_a, birth=D(2005, 1, 1), received=D(2022, 3, 5))
        event = SupervisionEvent(subject=minor, kind="report", date=D(2022, 4, 1))
        services.supervision_event_save(event, user=township_clerk)
        assert event.pk and event.region_id == minor.region_id
        for outsider in (
            other_township_clerk,
            make_user("section", lines=["correction"]),
            make_user("leader"),
        ):
            other = SupervisionEvent(subject=minor, kind="visit", date=D(2022, 4, 2))
            with pytest.raises(PermissionDenied):
                services.supervision_event_save(other, user=outsider)
        assert SupervisionEvent.objects.filter(subject=minor).count() == 1


class TestAssessment:
    def _assessment(self, region, received, expedited=False):
        return Assessment(
            region=region,
            person_name="王五",
            commissioner="court",
            expedited=expedited,
            received_on=received,
        )

    def test_ten_working_days_skip_national_day(self, township_a, clerk):
        # 9-30 is day 1; 10-1..7 holiday; 10-8 and 10-9 make-up working days.
        a = services.assessment_save(self._assessment(township_a, D(2022, 9, 29)), user=clerk)
        assert a.due_on == D(2022, 10, 18)

    def test_five_working_days_for_expedited_cases(self, township_a, clerk):
        a = services.assessment_save(self._assessment(township_a, D(2022, 9, 29), True), user=clerk)
        assert a.due_on == D(2022, 10, 11)

    def test_county_may_shorten_the_period(self, county, township_a, clerk):
        PeriodOverride.objects.create(
            region=county, code="correction.assessment", days=7, working_days=True
        )
        a = services.assessment_save(self._assessment(township_a, D(2022, 3, 1)), user=clerk)
        assert a.due_on == D(2022, 3, 10)

    def test_finishing_needs_an_opinion_and_a_date_after_receipt(self, township_a, clerk):
        a = services.assessment_save(self._assessment(township_a, D(2022, 3, 1)), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.assessment_finish(a, on=D(2022, 3, 5), opinion="", user=clerk)
        assert exc.value.message_dict["opinion"] == [services.MSG_OPINION]
        with pytest.raises(RuleViolation) as exc:
            services.assessment_finish(a, on=D(2022, 2, 28), opinion="suitable", user=clerk)
        assert "完成日期不能早于收到委托日期。" in exc.value.messages
        services.assessment_finish(a, on=D(2022, 3, 8), opinion="suitable", user=clerk)
        a.refresh_from_db()
        assert a.finished_on == D(2022, 3, 8) and a.deadline_state.label == "已办结"
