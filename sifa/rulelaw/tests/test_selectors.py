"""Reads of the rule-of-law line: scoping by role and the 法律明白人 coverage per village."""

import datetime as dt

import pytest
from django.http import Http404

from sifa.rulelaw import models as m
from sifa.rulelaw import selectors

D = dt.date


@pytest.fixture
def literates(village_a, village_b):
    a = m.LegalLiterate.objects.create(region=village_a, name="甲村人", since=D(2021, 1, 1))
    b = m.LegalLiterate.objects.create(region=village_b, name="乙村人", since=D(2021, 1, 1))
    return a, b


class TestScoping:
    def test_township_clerk_sees_only_own_township(self, literates, township_clerk):
        a, _b = literates
        assert list(selectors.legal_literates(township_clerk)) == [a]

    def test_township_clerk_gets_404_for_another_townships_record(self, literates, township_clerk):
        _a, b = literates
        with pytest.raises(Http404):
            selectors.legal_literate_get(township_clerk, b.pk)

    def test_missing_and_hidden_answer_alike(self, literates, township_clerk):
        with pytest.raises(Http404):
            selectors.legal_literate_get(township_clerk, 999999)

    def test_section_clerk_and_leader_see_the_county(self, literates, section_clerk, bureau_leader):
        assert selectors.legal_literates(section_clerk).count() == 2
        assert selectors.legal_literates(bureau_leader).count() == 2

    def test_viewer_and_other_line_see_nothing(self, literates, viewer, make_user):
        assert not selectors.legal_literates(viewer).exists()
        assert not selectors.legal_literates(make_user("section", lines=["notary"])).exists()

    def test_exam_of_the_county_hidden_from_township_clerk(
        self, county, township_clerk, section_clerk
    ):
        exam = m.LawExamSession.objects.create(
            region=county, session="考试", held_on=D(2022, 5, 1), invited=10, sat=9, passed=8
        )
        assert not selectors.exams(township_clerk).exists()
        assert selectors.exam_get(section_clerk, exam.pk) == exam
        with pytest.raises(Http404):
            selectors.exam_get(township_clerk, exam.pk)

    def test_activities_scoped(
        self, township_a, township_b, make_activity, township_clerk, other_township_clerk
    ):
        mine = make_activity("publicity_event", township_a, D(2022, 3, 1))
        theirs = make_activity("publicity_event", township_b, D(2022, 3, 1))
        assert list(selectors.activities(township_clerk)) == [mine]
        with pytest.raises(Http404):
            selectors.activity_get(township_clerk, theirs.pk)
        assert selectors.activity_get(other_township_clerk, theirs.pk).pk == theirs.pk


class TestCoverage:
    def test_villages_without_a_literate_are_shown(self, county, village_a, section_clerk):
        m.LegalLiterate.objects.create(region=village_a, name="甲", since=D(2021, 1, 1))
        rows = selectors.literate_coverage(section_clerk, on=D(2022, 12, 31))
        assert len(rows) == 4  # every village of the county, covered or not
        assert {r.village.code: r.count for r in rows}[village_a.code] == 1
        missing = selectors.villages_without_literate(section_clerk, on=D(2022, 12, 31))
        assert village_a not in missing and len(missing) == 3

    def test_a_person_who_left_no_longer_covers_the_village(self, village_a, section_clerk):
        m.LegalLiterate.objects.create(
            region=village_a, name="甲", since=D(2021, 1, 1), status="left", left_on=D(2022, 6, 30)
        )
        on_before = selectors.literate_coverage(section_clerk, on=D(2022, 6, 29))
        on_after = selectors.literate_coverage(section_clerk, on=D(2022, 6, 30))
        assert {r.village.code: r.count for r in on_before}[village_a.code] == 1
        assert {r.village.code: r.count for r in on_after}[village_a.code] == 0

    def test_not_yet_chosen_does_not_cover(self, village_a, section_clerk):
        m.LegalLiterate.objects.create(region=village_a, name="甲", since=D(2023, 1, 1))
        assert village_a in selectors.villages_without_literate(section_clerk, on=D(2022, 12, 31))

    def test_township_clerk_sees_only_own_villages(self, township_a, township_clerk):
        rows = selectors.literate_coverage(township_clerk, on=D(2022, 12, 31))
        assert len(rows) == 2 and all(r.township == township_a for r in rows)

    def test_viewer_sees_no_villages(self, county, viewer):
        assert selectors.literate_coverage(viewer) == []


class TestLists:
    def test_documents_in_issue_order_and_planning_only(self, county, section_clerk):
        for title, kind, day in (
            ("乙要点", "keypoints", 20),
            ("甲规划", "plan", 10),
            ("丙通知", "notice", 5),
        ):
            m.IssuedDocument.objects.create(
                region=county, title=title, kind=kind, issued_on=D(2022, 3, day)
            )
        titles = [
            d.title for d in selectors.documents(section_clerk, year=2022, planning_only=True)
        ]
        assert titles == ["甲规划", "乙要点"]

    def test_campaign_themes_distinct_in_date_order(
        self, county, township_a, make_activity, section_clerk
    ):
        make_activity("themed_campaign", county, D(2022, 12, 4), theme="宪法宣传周")
        make_activity("themed_campaign", township_a, D(2022, 4, 15), theme="国家安全教育日")
        make_activity("themed_campaign", county, D(2022, 4, 16), theme="国家安全教育日")
        assert selectors.campaign_themes(section_clerk, year=2022) == [
            "国家安全教育日",
            "宪法宣传周",
        ]
