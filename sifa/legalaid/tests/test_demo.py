"""The demo county's legalaid records hit the seed's 2022 figures exactly."""

import datetime as dt

import pytest

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.indicators import registry
from sifa.legalaid import demo

IDS = [
    "legalaid.law_firms",
    "legalaid.cases",
    "legalaid.criminal",
    "legalaid.civil",
    "legalaid.labor_arbitration",
    "legalaid.administrative",
    "legalaid.documents",
    "legalaid.plea_cases",
    "legalaid.consultations",
    "rural.agri_legal_aid",
]


@pytest.fixture
def demo_ctx(db):
    profile, townships, villages = county_data.build_county()
    ctx = DemoContext(
        seed=DEMO_SEED,
        county=profile.region,
        townships=townships,
        villages=villages,
        profile=profile,
    )
    county_data.build_units(ctx)
    demo.generate(ctx)
    return ctx


def test_2022_targets(demo_ctx):
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    for id_ in IDS:
        ind = registry()[id_]
        assert ind.compute(start, end) == demo_ctx.target(2022, id_), id_
        assert ind.compute(start, end, demo_ctx.county) == demo_ctx.target(2022, id_), id_
    # 法援中心 and exactly two law firms handled the year's cases
    names = registry()["legalaid.handlers"].compute(start, end)
    assert names[0].endswith("法律援助中心")
    assert len(names) == 3 and all(n.endswith("律师事务所") for n in names[1:])


@pytest.mark.parametrize("code", ["legalaid.review", "legalaid.assign"])
def test_demo_due_dates_follow_the_core_calendar(code):
    from sifa.core.deadlines import due_date

    fast = demo.FastDue(code)
    for offset in range(0, 365, 3):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=offset)
        assert fast(day) == due_date(day, code).due, day
