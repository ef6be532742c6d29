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


def test_demo_due_dates_follow_the_core_calendar(demo_ctx):
    """Review due 7 days after receipt, assignment 3 days after approval (arts. 43–44)."""
    from sifa.core.deadlines import due_date
    from sifa.legalaid.models import AidApplication

    apps = list(AidApplication.objects.all())
    assert apps
    for a in apps:
        assert a.review_due == due_date(a.received_on, "legalaid.review").due, a.pk
        if a.assign_due is not None:
            assert a.assign_due == due_date(a.decided_on, "legalaid.assign").due, a.pk
