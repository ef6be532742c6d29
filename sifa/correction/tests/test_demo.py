"""The demo county's correction records hit the 2022 targets and carry the stock across years."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.indicators import registry
from sifa.correction import demo
from sifa.correction.models import Subject

IDS = [
    "correction.inspections",
    "correction.joint_inspections",
    "correction.assessments",
    "correction.received",
    "correction.released",
    "correction.registered",
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


def test_demo_hits_the_targets_and_carries_the_stock(demo_ctx):
    reg = registry()
    ctx = demo_ctx
    for figure in IDS:
        got = reg[figure].compute(dt.date(2022, 1, 1), dt.date(2022, 12, 31), ctx.county)
        assert got == ctx.target(2022, figure), figure
    for year in (2020, 2021, 2022):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        before = reg["correction.registered"].compute(start, dt.date(year - 1, 12, 31))
        assert reg["correction.registered"].compute(start, end) == before + (
            reg["correction.received"].compute(start, end)
            - reg["correction.released"].compute(start, end)
        )
        assert reg["correction.received"].compute(start, end) == ctx.target(
            year, "correction.received"
        )
    assert reg["correction.registered"].compute(dt.date(2019, 1, 1), dt.date(2019, 12, 31)) > 0
    assert Subject.objects.filter(is_minor=True).exists()
    # bulk-written history masks ID numbers like the signal-written history does
    some = Subject.objects.order_by("pk").first()
    entry = LogEntry.objects.get_for_object(some).get()
    assert entry.changes["id_number"][1] != some.id_number
