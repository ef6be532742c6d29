"""The demo county's legalservice records hit the seed's 2022 figures exactly."""

import datetime as dt

import pytest

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.indicators import registry
from sifa.legalservice import demo

IDS = [
    "legalservice.platforms",
    "legalservice.villages_with_advisor",
    "legalservice.advisor_services",
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
