"""The demo county's 2022 normdocs and cleanup figures equal the seed's targets."""

import datetime as dt

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.demo.targets import SEED_2022
from sifa.core.indicators import registry
from sifa.normdocs import demo
from sifa.normdocs.models import LegalityReview


def test_2022_targets_and_invariants(db):
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
    ids = [i for i in SEED_2022 if i.split(".")[0] in ("normdocs", "cleanup")]
    assert len(ids) == 12
    for year in ctx.years:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        got = {i: reg[i].compute(start, end, None, reg) for i in ids}
        if year == 2022:
            assert got == {i: ctx.target(2022, i) for i in ids}
        assert got["normdocs.reviewed"] == got["normdocs.published"] + got["normdocs.pending"]
        assert got["cleanup.docs_reviewed"] >= (
            got["cleanup.docs_invalidated"] + got["cleanup.docs_retained"]
        )
    # every stored filing deadline is the one the service computes
    from sifa.normdocs.services import filing_due

    for obj in LegalityReview.objects.exclude(published_on=None):
        assert obj.filing_due == filing_due(obj.published_on, ctx.county)
