"""The demo county's enforcement records hit the 2022 targets and obey the model rules."""

import datetime as dt

import pytest

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.indicators import registry
from sifa.enforcement import demo
from sifa.enforcement.models import Certificate, Officer


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


def test_demo_hits_2022_targets_and_stays_valid(demo_ctx):
    reg = registry()
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    for region in (None, demo_ctx.county):
        for figure in (
            "enforcement.inspections",
            "enforcement.certificates_issued",
            "enforcement.officers",
        ):
            assert reg[figure].compute(start, end, region) == demo_ctx.target(2022, figure)
        assert reg["enforcement.certified_rate"].compute(start, end, region) == (642, 642)
    # earlier years: a few lapses keep the rate just below 100％
    num, den = reg["enforcement.certified_rate"].compute(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert den == demo_ctx.target(2021, "enforcement.officers") and num < den
    for obj in list(Officer.objects.order_by("?")[:30]) + list(
        Certificate.objects.order_by("?")[:30]
    ):
        obj.full_clean()
