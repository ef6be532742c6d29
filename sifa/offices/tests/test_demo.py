"""The demo county's judicial-office projects hit the 2022 targets."""

import datetime as dt

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.indicators import registry
from sifa.offices import demo
from sifa.offices.models import BuildingProject, OfficeStaff


def test_demo_hits_2022_targets(db):
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
    reg = registry()
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    for region in (None, ctx.county):
        assert reg["offices.construction_investment_wan"].compute(start, end, region) == (
            ctx.target(2022, "offices.construction_investment_yuan")
        )
        names = reg["offices.construction_offices"].compute(start, end, region)
        assert len(names) == ctx.target(2022, "offices.construction_offices")
    for obj in [*BuildingProject.objects.all(), *OfficeStaff.objects.all()]:
        obj.full_clean()
