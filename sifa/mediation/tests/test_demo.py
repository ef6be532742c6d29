"""The demo county's mediation records hit the 2022 targets exactly, deterministically."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.indicators import registry
from sifa.mediation import demo, selectors
from sifa.mediation.models import CaseStatus, MediationCase, MediationCommittee


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


def test_demo_mediation_records(demo_ctx):
    """One build (a few seconds), three rules checked on it."""
    check_2022_figures_match_the_targets(demo_ctx)
    check_earlier_years_have_some_failures_and_every_village_has_a_committee(demo_ctx)
    check_demo_committees_mostly_meet_article_9(demo_ctx)


def check_2022_figures_match_the_targets(demo_ctx):
    reg = registry()
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    for region in (None, demo_ctx.county):
        got = {
            i: reg[i].compute(start, end, region, reg) for i in reg if i.startswith("mediation.")
        }
        t = demo_ctx.target
        assert got == {
            "mediation.screenings": t(2022, "mediation.screenings"),
            "mediation.prevented": t(2022, "mediation.prevented"),
            "mediation.cases": t(2022, "mediation.cases"),
            "mediation.succeeded": t(2022, "mediation.succeeded"),
            "mediation.amount_wan": t(2022, "mediation.amount_yuan"),
            "mediation.success_rate": (t(2022, "mediation.succeeded"), t(2022, "mediation.cases")),
            "mediation.branded_rooms": t(2022, "mediation.branded_rooms"),
        }


def check_earlier_years_have_some_failures_and_every_village_has_a_committee(demo_ctx):
    reg = registry()
    for year in (2020, 2021):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        succeeded, cases = reg["mediation.success_rate"].compute(start, end, None, reg)
        assert cases == demo_ctx.target(year, "mediation.cases")
        assert 0 < cases - succeeded <= 5
    assert MediationCommittee.objects.filter(kind="village").count() == len(demo_ctx.villages)
    assert MediationCommittee.objects.filter(kind="township").count() == len(demo_ctx.townships)
    assert MediationCommittee.objects.filter(kind="industry").exists()
    assert MediationCase.objects.exclude(
        status__in=[CaseStatus.SUCCEEDED, CaseStatus.TERMINATED]
    ).exists()


def check_demo_committees_mostly_meet_article_9(demo_ctx):
    lacking = [
        c
        for c in MediationCommittee.objects.prefetch_related("members")
        if selectors.committee_warnings(c, dt.date(2022, 6, 1))
    ]
    assert 1 <= len(lacking) <= 3
