"""Legality review moves, the filing deadline (holidays, county setting), clean-up rounds."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.models import PeriodOverride
from sifa.core.workflow import timeline
from sifa.normdocs import models as m
from sifa.normdocs import services

D = dt.date


def _errors(exc) -> dict:
    return exc.value.message_dict


@pytest.fixture
def draft(county, section_clerk):
    return services.legality_review_submit(
        user=section_clerk,
        region=county,
        title="测试县某办法",
        drafting_agency="县民政局",
        submitted_on=D(2022, 8, 1),
    )


class TestPipeline:
    def test_full_path_reviewed_published_filed(self, draft, section_clerk):
        services.legality_review_complete(
            draft, on=D(2022, 8, 10), opinion="lawful", user=section_clerk
        )
        services.legality_review_publish(
            draft, on=D(2022, 8, 20), number="测政规〔2022〕1号", user=section_clerk
        )
        assert draft.status == m.ReviewStatus.PUBLISHED
        assert draft.filing_due == D(2022, 9, 19)
        services.legality_review_file(draft, on=D(2022, 9, 1), user=section_clerk)
        draft.refresh_from_db()
        assert draft.status == m.ReviewStatus.FILED and draft.filed_on == D(2022, 9, 1)
        assert draft.filing_state() == m.FilingState.ON_TIME
        assert [e.to_status for e in timeline(draft)] == ["reviewed", "published", "filed"]

    def test_cannot_publish_before_review(self, draft, section_clerk):
        with pytest.raises(TransitionNotAllowed) as exc:
            services.legality_review_publish(draft, on=D(2022, 8, 20), user=section_clerk)
        assert exc.value.messages == [
            "当前状态为“已报送审核”，不能办理“已发布待备案”。可办理：已审核（讨论中）。"
        ]

    def test_cannot_file_unpublished(self, draft, section_clerk):
        services.legality_review_complete(
            draft, on=D(2022, 8, 10), opinion="lawful", user=section_clerk
        )
        with pytest.raises(TransitionNotAllowed):
            services.legality_review_file(draft, on=D(2022, 9, 1), user=section_clerk)

    def test_filed_is_final(self, draft, section_clerk):
        services.legality_review_complete(
            draft, on=D(2022, 8, 10), opinion="lawful", user=section_clerk
        )
        services.legality_review_publish(draft, on=D(2022, 8, 20), user=section_clerk)
        services.legality_review_file(draft, on=D(2022, 9, 1), user=section_clerk)
        with pytest.raises(TransitionNotAllowed) as exc:
            services.legality_review_file(draft, on=D(2022, 9, 2), user=section_clerk)
        assert exc.value.messages == ["当前状态为“已备案”，已办结，不能再变更状态。"]

    def test_review_before_submission_refused_and_nothing_written(self, draft, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_complete(
                draft, on=D(2022, 7, 1), opinion="lawful", user=section_clerk
            )
        assert _errors(exc)["reviewed_on"] == [m.MSG_REVIEWED_BEFORE_SUBMITTED]
        draft.refresh_from_db()
        assert draft.status == m.ReviewStatus.SUBMITTED and draft.reviewed_on is None
        assert not timeline(draft).exists()

    def test_review_needs_an_opinion(self, draft, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_complete(
                draft, on=D(2022, 8, 10), opinion="", user=section_clerk
            )
        assert _errors(exc)["opinion"] == [m.MSG_OPINION_REQUIRED]

    def test_unlawful_document_cannot_be_published(self, draft, section_clerk):
        services.legality_review_complete(
            draft, on=D(2022, 8, 10), opinion="unlawful", user=section_clerk
        )
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_publish(draft, on=D(2022, 8, 20), user=section_clerk)
        assert _errors(exc)["published_on"] == [m.MSG_PUBLISH_UNLAWFUL]

    def test_publication_before_review_refused(self, draft, section_clerk):
        services.legality_review_complete(
            draft, on=D(2022, 8, 10), opinion="amend", user=section_clerk
        )
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_publish(draft, on=D(2022, 8, 9), user=section_clerk)
        assert _errors(exc)["published_on"] == [m.MSG_PUBLISHED_BEFORE_REVIEW]

    def test_filing_before_publication_refused(self, draft, section_clerk):
        services.legality_review_complete(
            draft, on=D(2022, 8, 10), opinion="lawful", user=section_clerk
        )
        services.legality_review_publish(draft, on=D(2022, 8, 20), user=section_clerk)
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_file(draft, on=D(2022, 8, 19), user=section_clerk)
        assert _errors(exc)["filed_on"] == [m.MSG_FILED_BEFORE_PUBLISHED]

    def test_township_clerk_cannot_write_normative_documents(self, county, township_clerk):
        with pytest.raises(PermissionDenied):
            services.legality_review_submit(
                user=township_clerk,
                region=county,
                title="x",
                drafting_agency="y",
                submitted_on=D(2022, 1, 1),
            )


class TestEntryScreenSave:
    def test_status_and_deadline_follow_the_dates(self, county, section_clerk):
        obj = m.LegalityReview(
            region=county,
            title="某办法",
            drafting_agency="县教育局",
            submitted_on=D(2022, 3, 1),
            reviewed_on=D(2022, 3, 5),
            opinion="lawful",
            published_on=D(2022, 3, 10),
        )
        services.legality_review_save(obj, user=section_clerk)
        assert obj.status == m.ReviewStatus.PUBLISHED and obj.filing_due == D(2022, 4, 11)

    def test_filing_without_publication_refused(self, county, section_clerk):
        obj = m.LegalityReview(
            region=county,
            title="某办法",
            drafting_agency="县教育局",
            submitted_on=D(2022, 3, 1),
            reviewed_on=D(2022, 3, 5),
            opinion="lawful",
            filed_on=D(2022, 3, 10),
        )
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_save(obj, user=section_clerk)
        assert _errors(exc)["filed_on"] == [m.MSG_FILE_UNPUBLISHED]
        assert not m.LegalityReview.objects.exists()

    def test_publication_without_review_refused(self, county, section_clerk):
        obj = m.LegalityReview(
            region=county,
            title="某办法",
            drafting_agency="县教育局",
            submitted_on=D(2022, 3, 1),
            published_on=D(2022, 3, 10),
        )
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_save(obj, user=section_clerk)
        assert _errors(exc)["published_on"] == [m.MSG_PUBLISH_UNREVIEWED]

    def test_opinion_without_review_date_refused(self, county, section_clerk):
        obj = m.LegalityReview(
            region=county,
            title="某办法",
            drafting_agency="县教育局",
            submitted_on=D(2022, 3, 1),
            opinion="lawful",
        )
        with pytest.raises(RuleViolation) as exc:
            services.legality_review_save(obj, user=section_clerk)
        assert _errors(exc)["reviewed_on"] == [m.MSG_OPINION_NEEDS_DATE]


class TestFilingDeadline:
    def test_thirty_calendar_days_after_publication(self, county):
        assert services.filing_due(D(2022, 3, 1), county) == D(2022, 3, 31)

    def test_last_day_on_a_weekend_moves_to_monday(self, county):
        # 2022-06-03 + 30 days = Sunday 3 July → Monday 4 July
        assert services.filing_due(D(2022, 6, 3), county) == D(2022, 7, 4)

    def test_last_day_in_national_day_holiday_moves_past_it(self, county):
        # 2022-09-01 + 30 days = 1 October (国庆节, 1–7 October off; 8 October a make-up
        # workday) → 8 October
        assert services.filing_due(D(2022, 9, 1), county) == D(2022, 10, 8)

    def test_spring_festival(self, county):
        # 2022-01-01 + 30 days = 31 January (春节 holiday 31 Jan – 6 Feb) → 7 February
        assert services.filing_due(D(2022, 1, 1), county) == D(2022, 2, 7)

    def test_county_setting_overrides_the_default(self, county, township_a):
        PeriodOverride.objects.create(region=county, code="normdocs.filing", days=15)
        assert services.filing_due(D(2022, 3, 1), county) == D(2022, 3, 16)
        # a record of a township follows its county's setting
        assert services.filing_due(D(2022, 3, 1), township_a) == D(2022, 3, 16)

    def test_filing_states(self, county):
        obj = m.LegalityReview(
            region=county,
            title="x",
            drafting_agency="y",
            submitted_on=D(2022, 3, 1),
            reviewed_on=D(2022, 3, 2),
            opinion="lawful",
        )
        assert obj.filing_state() == m.FilingState.NOT_PUBLISHED
        obj.published_on, obj.filing_due = D(2022, 3, 10), D(2022, 4, 11)
        assert obj.filing_state(today=D(2022, 4, 11)) == m.FilingState.PENDING
        assert obj.deadline_state(today=D(2022, 4, 11)).label == "即将到期"
        assert obj.deadline_state(today=D(2022, 3, 11)).label == "正常"
        assert obj.filing_state(today=D(2022, 4, 12)) == m.FilingState.OVERDUE
        assert obj.deadline_state(today=D(2022, 4, 12)).label == "已超期"
        obj.filed_on = D(2022, 4, 12)
        assert obj.filing_state() == m.FilingState.LATE
        obj.filed_on = D(2022, 4, 11)
        assert obj.filing_state() == m.FilingState.ON_TIME


class TestSimpleRecords:
    def test_reply_before_receipt_refused(self, county, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.legislative_comment_save(
                m.LegislativeComment(
                    region=county,
                    draft_title="某条例（草案）",
                    requested_by="市司法局",
                    received_on=D(2022, 5, 10),
                    replied_on=D(2022, 5, 1),
                ),
                user=section_clerk,
            )
        assert _errors(exc)["replied_on"] == [m.MSG_REPLIED_BEFORE_RECEIVED]

    def test_hearing_and_consultation_save(self, county, section_clerk):
        services.hearing_save(
            m.DraftingHearing(
                region=county, title="听证", organiser="县民政局", held_on=D(2022, 5, 1)
            ),
            user=section_clerk,
        )
        services.consultation_save(
            m.NormdocConsultation(
                region=county, received_on=D(2022, 5, 1), asker="县教育局", subject="备案"
            ),
            user=section_clerk,
        )
        assert m.DraftingHearing.objects.count() == m.NormdocConsultation.objects.count() == 1


class TestCleanup:
    @pytest.fixture
    def round_(self, county, section_clerk):
        return services.cleanup_round_save(
            m.CleanupRound(region=county, title="2022年度清理", started_on=D(2022, 9, 1)),
            user=section_clerk,
        )

    def test_item_takes_the_rounds_region(self, round_, township_a, section_clerk):
        item = services.cleanup_item_save(
            m.CleanupItem(round=round_, region=township_a, title="某文件", recommendation="retain"),
            user=section_clerk,
        )
        assert item.region_id == round_.region_id

    def test_conclude_needs_items(self, round_, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.cleanup_round_conclude(round_, on=D(2022, 11, 1), user=section_clerk)
        assert _errors(exc)["concluded_on"] == [services.MSG_ROUND_EMPTY]

    def test_conclude_before_start_refused(self, round_, section_clerk):
        services.cleanup_item_save(
            m.CleanupItem(round=round_, title="某文件", recommendation="lapse"), user=section_clerk
        )
        with pytest.raises(RuleViolation) as exc:
            services.cleanup_round_conclude(round_, on=D(2022, 8, 1), user=section_clerk)
        assert _errors(exc)["concluded_on"] == [services.MSG_CONCLUDE_BEFORE_START]

    def test_concluded_round_takes_no_new_items(self, round_, section_clerk):
        services.cleanup_item_save(
            m.CleanupItem(round=round_, title="某文件", recommendation="lapse"), user=section_clerk
        )
        services.cleanup_round_conclude(round_, on=D(2022, 11, 1), user=section_clerk)
        with pytest.raises(RuleViolation) as exc:
            services.cleanup_item_save(
                m.CleanupItem(round=round_, title="另一文件", recommendation="retain"),
                user=section_clerk,
            )
        assert exc.value.messages == [m.MSG_ROUND_CONCLUDED.format(on=D(2022, 11, 1))]
        with pytest.raises(RuleViolation) as exc:
            services.cleanup_round_conclude(round_, on=D(2022, 11, 2), user=section_clerk)
        assert _errors(exc)["concluded_on"] == [
            services.MSG_ROUND_ALREADY_CONCLUDED.format(on=D(2022, 11, 1))
        ]

    def test_item_needs_a_recommendation(self, round_, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.cleanup_item_save(
                m.CleanupItem(round=round_, title="某文件"), user=section_clerk
            )
        assert "recommendation" in _errors(exc)
