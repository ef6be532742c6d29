"""Every figure of section （一） from records made here: period edges and township scope.

Each test puts one record on 31 December 2022 (inside the year) and one on 1 January 2023
(outside), some in township A and some elsewhere, and checks the county and township values.
"""

import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.rulelaw import models as m

D = dt.date
START, END = D(2022, 1, 1), D(2022, 12, 31)
EDGE, NEXT = D(2022, 12, 31), D(2023, 1, 1)


@pytest.fixture
def reg():
    return registry()


def value(reg, figure, region=None):
    return reg[figure].compute(START, END, region, reg)


def test_every_section_one_figure_is_declared(reg):
    for figure in (
        "rulelaw.documents_issued",
        "rulelaw.inspections",
        "publicity.legal_literates",
        "publicity.exam_participants",
        "publicity.campaign_themes",
        "publicity.lectures",
        "publicity.events",
        "publicity.consultations",
        "publicity.materials",
        "org.villages",
    ):
        assert figure in reg


def test_documents_issued_lists_planning_titles_in_issue_order(reg, county, township_a):
    def doc(title, kind, on, issuer="bureau", region=county):
        m.IssuedDocument.objects.create(
            region=region, title=title, kind=kind, issued_on=on, issuer=issuer
        )

    doc("乙方案", "scheme", EDGE)
    doc("甲规划", "plan", D(2022, 1, 1), issuer="rol_office")
    doc("丙要点", "keypoints", D(2022, 6, 1), region=township_a)
    doc("丁意见", "opinion", D(2022, 6, 2))  # not a planning document
    doc("戊方案", "scheme", D(2022, 6, 3), issuer="government")  # not the bureau's
    doc("己规划", "plan", NEXT)  # next year
    gone = m.IssuedDocument.objects.create(
        region=county, title="庚规划", kind="plan", issued_on=D(2022, 7, 1)
    )
    gone.soft_delete()
    assert value(reg, "rulelaw.documents_issued") == ["甲规划", "丙要点", "乙方案"]
    assert value(reg, "rulelaw.documents_issued", township_a) == ["丙要点"]


def test_inspections(reg, county, township_a, make_activity):
    make_activity("rulelaw_inspection", county, EDGE)
    make_activity("rulelaw_inspection", township_a, D(2022, 1, 1))
    make_activity("rulelaw_inspection", county, NEXT)
    make_activity("publicity_event", county, D(2022, 5, 1))
    assert value(reg, "rulelaw.inspections") == 2
    assert value(reg, "rulelaw.inspections", township_a) == 1


def test_legal_literates_stock_on_end_date(reg, village_a, village_b, township_a):
    def person(region, since, left_on=None):
        m.LegalLiterate.objects.create(
            region=region,
            name="某",
            since=since,
            left_on=left_on,
            status="left" if left_on else "active",
        )

    person(village_a, D(2020, 5, 1))  # in the register
    person(village_a, EDGE)  # chosen on the end date: counts
    person(village_b, NEXT)  # chosen the next year: not yet
    person(village_b, D(2020, 5, 1), left_on=EDGE)  # left on the end date: gone
    person(village_b, D(2020, 5, 1), left_on=NEXT)  # left the next year: still counts
    assert value(reg, "publicity.legal_literates") == 3
    assert value(reg, "publicity.legal_literates", township_a) == 2


def test_exam_participants_and_rates(reg, county, township_a):
    def exam(on, invited, sat, passed, region=county):
        m.LawExamSession.objects.create(
            region=region, session="考", held_on=on, invited=invited, sat=sat, passed=passed
        )

    exam(EDGE, 100, 90, 80)
    exam(D(2022, 1, 1), 50, 40, 40, region=township_a)
    exam(NEXT, 1000, 1000, 1000)
    assert value(reg, "publicity.exam_participants") == 130
    assert value(reg, "publicity.exam_participants", township_a) == 40
    assert value(reg, "publicity.exam_participation_rate") == (130, 150)
    assert value(reg, "publicity.exam_pass_rate") == (120, 130)


def test_campaign_themes_distinct_in_date_order(reg, county, township_a, make_activity):
    make_activity("themed_campaign", county, EDGE, theme="“12.4”国家宪法宣传周")
    make_activity("themed_campaign", township_a, D(2022, 4, 15), theme="“4·15”全民国家安全教育日")
    make_activity("themed_campaign", county, D(2022, 1, 1), theme="《反有组织犯罪法》")
    make_activity("themed_campaign", county, D(2022, 4, 16), theme="“4·15”全民国家安全教育日")
    make_activity("themed_campaign", county, NEXT, theme="新年主题")
    assert value(reg, "publicity.campaign_themes") == [
        "《反有组织犯罪法》",
        "“4·15”全民国家安全教育日",
        "“12.4”国家宪法宣传周",
    ]
    assert value(reg, "publicity.campaign_themes", township_a) == ["“4·15”全民国家安全教育日"]


def test_lectures_count_lectures_and_trainings(reg, county, township_a, make_activity):
    make_activity("lecture", county, EDGE)
    make_activity("training", township_a, D(2022, 1, 1))
    make_activity("lecture", county, NEXT)
    make_activity("publicity_event", county, D(2022, 3, 1))
    assert value(reg, "publicity.lectures") == 2
    assert value(reg, "publicity.lectures", township_a) == 1


def test_events_count_publicity_events_only(reg, county, township_a, make_activity):
    make_activity("publicity_event", county, EDGE)
    make_activity("publicity_event", township_a, D(2022, 1, 1))
    make_activity("publicity_event", township_a, NEXT)
    make_activity("themed_campaign", county, D(2022, 3, 1), theme="主题")
    make_activity("lecture", county, D(2022, 3, 1))
    assert value(reg, "publicity.events") == 2
    assert value(reg, "publicity.events", township_a) == 1


@pytest.mark.parametrize(
    "figure,measure",
    [("publicity.consultations", "consultations"), ("publicity.materials", "materials")],
)
def test_consultations_and_materials_sum_over_all_publicity_events(
    reg, county, township_a, make_activity, figure, measure
):
    make_activity("publicity_event", county, EDGE, **{measure: 100})
    make_activity("lecture", township_a, D(2022, 1, 1), **{measure: 20})
    make_activity("training", county, D(2022, 6, 1), **{measure: 3})
    make_activity("themed_campaign", township_a, D(2022, 6, 1), theme="主题", **{measure: 4})
    make_activity("publicity_event", county, NEXT, **{measure: 1000})
    make_activity("rulelaw_inspection", county, D(2022, 6, 1))  # measures nothing of this
    assert value(reg, figure) == 127
    assert value(reg, figure, township_a) == 24
