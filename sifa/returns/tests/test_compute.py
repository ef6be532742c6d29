"""Each built-in return's cells and totals, from records the tests make themselves."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.returns import compute, library

Y = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
D = dt.date


def table(name, region, start=Y[0], end=Y[1], user=None):
    return compute.compute(library.get(name), start, end, region, user=user)


def cell(t, row, col):
    return t.value(row, col)


def all_hold(t):
    bad = [c for c in t.checks if not c.holds]
    assert not bad, bad
    assert t.checks  # every return declares totals to check


# --- 人民调解 ---------------------------------------------------------------------------------
@pytest.fixture
def mediation_records(county, village_a, village_b):
    from sifa.mediation import services
    from sifa.mediation.models import DisputeType
    from sifa.mediation.tests.conftest import make_committee, parties

    ca, cb = make_committee(village_a), make_committee(village_b)

    def case(committee, received, dispute, amount=0):
        return services.case_accept(
            committee=committee,
            received_on=received,
            dispute_type=dispute,
            amount_yuan=amount,
            parties=parties("张三", "李四"),
            user=None,
        )

    a1 = case(ca, D(2022, 2, 1), DisputeType.NEIGHBOUR, 1000)
    a2 = case(ca, D(2022, 3, 1), DisputeType.NEIGHBOUR, 500)
    b1 = case(cb, D(2022, 4, 1), DisputeType.LABOUR, 20000)
    case(cb, D(2021, 12, 1), DisputeType.LABOUR)  # received the year before: not counted
    for c in (a1, a2, b1):
        services.case_start(c, on=c.received_on, user=None)
    services.case_succeed(a1, on=D(2022, 2, 10), agreement_form="written", user=None)
    services.case_succeed(b1, on=D(2022, 4, 20), agreement_form="oral", user=None)
    services.case_terminate(a2, on=D(2022, 3, 20), reason="一方拒绝调解", user=None)


def test_mediation_by_dispute_type_and_township(county, township_a, township_b, mediation_records):
    t = table("mediation", county)
    assert cell(t, "s0-neighbour", "received") == 2
    assert cell(t, "s0-labour", "received") == 1
    assert cell(t, "s0-total", "received") == 3
    assert cell(t, "s0-neighbour", "mediated") == 2
    assert cell(t, "s0-neighbour", "succeeded") == 1
    assert cell(t, "s0-neighbour", "failed") == 1
    assert cell(t, "s0-neighbour", "written") == 1
    assert cell(t, "s0-labour", "oral") == 1
    assert cell(t, "s0-total", "agreement") == 2
    # the amount of the agreements reached: 1 000 + 20 000, not the terminated case's 500
    assert cell(t, "s0-total", "amount") == 21000
    assert cell(t, f"s1-{township_a.prefix}", "received") == 2
    assert cell(t, f"s1-{township_b.prefix}", "received") == 1
    assert cell(t, "s1-total", "succeeded") == 2
    all_hold(t)


def test_mediation_township_scope_counts_only_its_records(township_a, mediation_records):
    t = table("mediation", township_a)
    assert cell(t, "s0-total", "received") == 2
    assert cell(t, "s0-labour", "received") == 0
    all_hold(t)


def test_mediation_quarter(county, mediation_records):
    t = table("mediation", county, D(2022, 1, 1), D(2022, 3, 31))
    assert cell(t, "s0-total", "received") == 2
    assert cell(t, "s0-total", "succeeded") == 1


# --- 行政复议 ---------------------------------------------------------------------------------
def test_reconsideration_received_accepted_concluded_pending(county):
    from sifa.reconsideration import services
    from sifa.reconsideration.models import Category, CloseKind
    from sifa.reconsideration.tests.factories import accepted, agency, receive

    police = agency(county, "测试县公安局")
    land = agency(county, "测试县自然资源局")
    upheld = accepted(county, D(2022, 3, 1), D(2022, 3, 3), respondent=police)
    services.case_close(upheld, on=D(2022, 4, 1), kind=CloseKind.UPHELD, user=None)
    revoked = accepted(
        county, D(2022, 3, 2), D(2022, 3, 4), respondent=land, category=Category.EXPROPRIATION
    )
    services.case_close(revoked, on=D(2022, 5, 1), kind=CloseKind.PARTLY_REVOKED, user=None)
    accepted(county, D(2022, 6, 1), D(2022, 6, 2), respondent=police)  # pending at year end
    rejected = receive(county, D(2022, 7, 1), respondent=land, category=Category.EXPROPRIATION)
    services.case_reject(rejected, on=D(2022, 7, 3), reason="超过申请期限", user=None)

    t = table("reconsideration", county)
    assert cell(t, "s0-total", "received") == 4
    assert cell(t, "s0-total", "rejected") == 1
    assert cell(t, "s0-total", "accepted") == 3
    assert cell(t, "s0-total", "upheld") == 1
    assert cell(t, "s0-total", "revoked") == 1  # 部分撤销 counts as 撤销
    assert cell(t, "s0-total", "concluded") == 2
    assert cell(t, "s0-total", "pending") == 1
    assert cell(t, "s1-penalty", "received") == 2
    assert cell(t, "s1-expropriation", "received") == 2
    assert cell(t, "s1-expropriation", "rejected") == 1
    assert cell(t, f"s2-{police.pk}", "received") == 2
    assert cell(t, f"s2-{land.pk}", "revoked") == 1
    assert [r.label for r in t.rows if r.key.startswith("s2-") and not r.total] == [
        "测试县公安局",
        "测试县自然资源局",
    ]
    all_hold(t)
    # on 30 April the partly revoked case was still under review
    t = table("reconsideration", county, D(2022, 1, 1), D(2022, 4, 30))
    assert cell(t, "s0-total", "pending") == 1
    assert cell(t, "s0-total", "concluded") == 1


# --- 行政应诉 ---------------------------------------------------------------------------------
def test_litigation_outcomes_and_head_appearances(county):
    from sifa.litigation.tests.factories import hearing, lawsuit

    first = lawsuit(county, D(2022, 2, 1), instance="first")
    hearing(first, D(2022, 3, 1), head_role="principal")
    first.outcome, first.outcome_served_on = "j_dismiss", D(2022, 4, 1)
    first.save()
    second = lawsuit(county, D(2022, 5, 1), instance="second")
    hearing(second, D(2022, 6, 1), head_role="absent", head_name="", absence_explanation="公务")
    hearing(second, D(2022, 7, 1), head_role="deputy")
    lawsuit(county, D(2022, 8, 1), instance="first")  # no hearing, no outcome yet

    t = table("litigation", county)
    assert cell(t, "s0-first", "cases") == 2
    assert cell(t, "s0-first", "j_dismiss") == 1
    assert cell(t, "s0-first", "open") == 1
    assert cell(t, "s0-second", "open") == 1
    assert cell(t, "s0-total", "closed") == 1
    assert cell(t, "s0-total", "hearings") == 2  # cases, not hearings
    assert cell(t, "s0-total", "head") == 2
    all_hold(t)

    h = table("litigation_hearings", county)
    assert cell(h, "s0-total", "hearings") == 3
    assert cell(h, "s0-first", "principal") == 1
    assert cell(h, "s0-second", "absent") == 1
    assert cell(h, "s0-second", "deputy") == 1
    assert cell(h, "s0-total", "present") == 2
    all_hold(h)


# --- 法律援助 ---------------------------------------------------------------------------------
def test_legalaid_case_types_groups_plea_and_consultations(county, village_a, make_case):
    from sifa.legalaid.models import AidConsultation, PleaHelp

    c1 = make_case(village_a, D(2022, 3, 1), case_type="civil", agri=True)
    c1.recipient_groups = ["elderly", "woman"]
    c1.save()
    c2 = make_case(village_a, D(2022, 4, 1), case_type="criminal")
    c2.recipient_groups = ["minor"]
    c2.save()
    make_case(village_a, D(2021, 4, 1), case_type="criminal")  # the year before
    PleaHelp.objects.create(region=county, date=D(2022, 5, 1), suspect_name="甲", stage="review")
    PleaHelp.objects.create(region=county, date=D(2022, 5, 2), suspect_name="乙", stage="trial")
    PleaHelp.objects.create(region=county, date=D(2022, 5, 3), suspect_name="丙", stage="trial")
    for channel in ("visit", "visit", "phone"):
        AidConsultation.objects.create(
            region=village_a, date=D(2022, 6, 1), visitor_name="丁", channel=channel, topic="工资"
        )

    t = table("legalaid_cases", county)
    assert cell(t, "s0-civil", "cases") == 1
    assert cell(t, "s0-criminal", "cases") == 1
    assert cell(t, "s0-total", "cases") == 2
    assert cell(t, "s0-civil", "elderly") == 1
    assert cell(t, "s0-civil", "woman") == 1
    assert cell(t, "s0-civil", "minor") == 0
    assert cell(t, "s0-criminal", "minor") == 1
    assert cell(t, "s0-total", "agri") == 1
    all_hold(t)

    p = table("legalaid_plea", county)
    assert (cell(p, "s0-review", "cases"), cell(p, "s0-trial", "cases")) == (1, 2)
    assert cell(p, "s0-total", "cases") == 3
    all_hold(p)

    c = table("legalaid_consultations", county)
    assert cell(c, "s0-visit", "consultations") == 2
    assert cell(c, "s0-phone", "consultations") == 1
    assert cell(c, "s1-610999100", "consultations") == 3
    all_hold(c)


# --- 社区矫正 ---------------------------------------------------------------------------------
def test_correction_received_ended_registered_and_minors(county, township_a, township_b):
    from sifa.correction import services
    from sifa.correction.tests.helpers import subject

    subject(township_a, received=D(2022, 3, 10), ctype="probation")
    minor = subject(
        township_a,
        received=D(2022, 4, 10),
        ctype="probation",
        is_minor=True,
        birth=D(2006, 1, 1),
        name="小王",
    )
    old = subject(township_b, received=D(2020, 3, 10), ctype="parole", judged=D(2020, 3, 1))
    services.subject_release(old, on=D(2022, 3, 2), reason="expired", user=None)
    assert minor.is_minor

    t = table("correction", county)
    assert cell(t, "s0-probation", "received") == 2
    assert cell(t, "s0-probation", "received_minor") == 1
    assert cell(t, "s0-parole", "received") == 0
    assert cell(t, "s0-parole", "released") == 1
    assert cell(t, "s0-total", "ended") == 1
    assert cell(t, "s0-total", "registered") == 2
    assert cell(t, "s0-total", "registered_minor") == 1
    assert cell(t, f"s1-{township_a.prefix}", "registered") == 2
    assert cell(t, f"s1-{township_b.prefix}", "released") == 1
    all_hold(t)


def test_correction_sealed_minor_is_counted_for_a_reader_who_may_not_see_the_file(
    county, township_a, make_user
):
    from sifa.correction.tests.helpers import subject

    subject(township_a, received=D(2022, 4, 10), is_minor=True, birth=D(2006, 1, 1))
    clerk = make_user("section", lines=["correction"])
    t = table("correction", county, user=clerk)
    assert cell(t, "s0-total", "received") == 1
    assert cell(t, "s0-total", "received_minor") == 1


# --- 公证 -------------------------------------------------------------------------------------
def test_notary_by_category(county, accept, clerk):
    from sifa.notary import services

    a = accept(D(2022, 3, 1))
    services.notarization_issue(a, on=D(2022, 3, 5), certificate_no="(2022)测证字第1号", user=clerk)
    b = accept(D(2022, 4, 1))
    services.notarization_refuse(b, on=D(2022, 4, 5), reason="材料不实", user=clerk)
    accept(D(2022, 5, 1))

    t = table("notary", county)
    assert cell(t, "s0-domestic_civil", "accepted") == 3
    assert cell(t, "s0-domestic_civil", "issued") == 1
    assert cell(t, "s0-domestic_civil", "refused") == 1
    assert cell(t, "s0-domestic_civil", "open") == 1
    assert cell(t, "s0-foreign_civil", "accepted") == 0
    assert cell(t, "s0-total", "issued_in_period") == 1
    all_hold(t)


# --- 行政执法人员和证件 -------------------------------------------------------------------------
def test_enforcement_officers_and_certificates(county):
    from sifa.enforcement.tests.factories import agency, certificate, officer

    ag = agency(county)
    o1 = officer(ag, name="甲")
    o2 = officer(ag, name="乙")
    officer(ag, name="丙", left_on=D(2021, 6, 30))  # left before the period ended
    certificate(o1, D(2022, 3, 1), kind="new", expires_on=D(2027, 2, 28))
    certificate(o2, D(2019, 3, 1), kind="new", expires_on=D(2024, 2, 28))

    t = table("enforcement", county)
    assert cell(t, "s0-statutory", "officers") == 2
    assert cell(t, "s0-statutory", "certified") == 2
    assert cell(t, "s0-statutory", "new") == 1
    assert cell(t, "s0-statutory", "renewed") == 0
    assert cell(t, "s0-total", "officers") == 2
    all_hold(t)


def test_every_builtin_return_runs_in_one_statement_plus_its_row_lookups(
    county, django_assert_max_num_queries
):
    for spec in library.builtin().values():
        with django_assert_max_num_queries(2):
            compute.compute(spec, *Y, county)
