"""The demo county's 2022 figures of this line are exactly the seed's (targets.py)."""

import datetime as dt

import pytest

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.demo.targets import SEED_2022
from sifa.core.indicators import registry
from sifa.team import demo

# targets.py keeps the project investment in yuan under this key; the figure is shown in 万元.
TARGET_KEY = {"rural.village_project_wan": "rural.village_project_yuan"}


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


def figures():
    mine = [i for i in registry() if i.split(".")[0] in ("team", "rural", "visits")]
    return [i for i in mine if i not in ("rural.agri_legal_aid", "rural.first_secretary_village")]


def test_2022_hits_every_target(demo_ctx):
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    got = {i: registry()[i].compute(start, end, demo_ctx.county) for i in figures()}
    want = {i: SEED_2022[TARGET_KEY.get(i, i)] for i in figures()}
    assert got == want
    assert len(got) == 21


def test_earlier_years_follow_the_scaled_targets(demo_ctx):
    for year in (2020, 2021):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for i in figures():
            assert registry()[i].compute(start, end) == demo_ctx.target(year, TARGET_KEY.get(i, i))


def test_first_secretary_serves_in_a_street_village(demo_ctx):
    text = registry()["rural.first_secretary_village"].compute(
        dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    )
    street, village = text.split("街道")
    assert street in ("桥东", "河西")
    assert len(village) == 3 and village.endswith("村")
