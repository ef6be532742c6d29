"""The demo county's notary records hit the seed's 2022 figures exactly."""

import datetime as dt

import pytest

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.indicators import registry
from sifa.notary import demo

IDS = [
    "notary.cases",
    "notary.consultations",
    "notary.documents",
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


def test_demo_due_dates_follow_the_core_calendar(demo_ctx):
    """Every demo notarization is due 15 working days after acceptance (公证法 art. 30)."""
    from sifa.core.deadlines import due_date
    from sifa.notary.models import Notarization

    matters = list(Notarization.objects.all())
    assert matters
    for n in matters:
        assert n.issue_due == due_date(n.accepted_on, "notary.issue").due, n.pk
