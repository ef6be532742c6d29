"""The demo generator: 2022 hits litigation.cases and litigation.hearings exactly."""

import datetime as dt

import pytest

from sifa.core.demo import DemoContext
from sifa.core.demo import county as demo_county
from sifa.core.indicators import registry
from sifa.litigation import demo
from sifa.litigation.models import Hearing, LitigationCase

Y = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


@pytest.fixture
def ctx(db):
    profile, townships, villages = demo_county.build_county()
    ctx = DemoContext(
        seed=2022, county=profile.region, townships=townships, villages=villages, profile=profile
    )
    demo_county.build_units(ctx)
    demo.generate(ctx)
    return ctx


def test_2022_targets_exact(ctx):
    reg = registry()
    assert reg["litigation.cases"].compute(*Y, None, reg) == ctx.target(2022, "litigation.cases")
    hearings = ctx.target(2022, "litigation.hearings")
    assert reg["litigation.hearings"].compute(*Y, ctx.county, reg) == hearings
    assert reg["litigation.head_appearance_rate"].compute(*Y, None, reg) == (hearings, hearings)


def test_every_record_obeys_the_rules(ctx):
    for case in LitigationCase.objects.all():
        case.full_clean()
        assert case.answered_on <= case.answer_due
    for hearing in Hearing.objects.select_related("case"):
        hearing.full_clean()
        assert hearing.held_on > hearing.case.answered_on
