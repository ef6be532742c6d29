"""The demo generator: 2022 hits the seed's figures exactly and every case obeys the rules."""

import datetime as dt

import pytest

from sifa.core.demo import DemoContext
from sifa.core.demo import county as demo_county
from sifa.core.indicators import registry
from sifa.core.models import CaseEvent, CaseNumberSequence
from sifa.reconsideration import demo
from sifa.reconsideration.models import CloseKind, ReconsiderationCase, Status

IDS = [
    "received",
    "rejected",
    "accepted",
    "concluded",
    "upheld",
    "revoked",
    "dismissed",
    "terminated",
    "pending",
]


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
    for name in IDS:
        id_ = f"reconsideration.{name}"
        value = reg[id_].compute(dt.date(2022, 1, 1), dt.date(2022, 12, 31), None, reg)
        assert value == ctx.target(2022, id_), id_
        assert (
            reg[id_].compute(dt.date(2022, 1, 1), dt.date(2022, 12, 31), ctx.county, reg) == value
        )


def test_every_case_obeys_the_rules(ctx):
    # The seed years' cases (the living demo's later years are tested in test_living_demo_a).
    cases = list(ReconsiderationCase.objects.filter(received_on__year__in=ctx.years))
    assert len(cases) == sum(demo.year_plan(ctx, y)["received"] for y in ctx.years)
    for case in cases:
        assert case.respondent.kind == "agency"
        assert not case.respondent.name.endswith("县人民政府")
        if case.status == Status.REJECTED:
            assert case.rejection_reason and case.rejected_on <= case.acceptance_due
            continue
        assert case.status == Status.CLOSED
        review = case.corrected_on or case.received_on
        assert review <= case.accepted_on
        if case.deemed_accepted:
            assert case.acceptance_due is None or case.accepted_on <= case.acceptance_due
        assert case.accepted_on <= case.closed_on <= case.decision_due, case.case_number
        assert not case.closed_late
        assert (case.extension_days or 0) <= 30
        if case.close_kind == CloseKind.TERMINATED:
            assert case.termination_ground
        else:
            assert case.published_on >= case.closed_on
    assert CaseEvent.objects.count() >= len(cases)


def test_deterministic(ctx):
    first = list(
        ReconsiderationCase.objects.order_by("pk").values_list(
            "case_number", "applicant_name", "received_on", "closed_on", "close_kind"
        )
    )
    CaseEvent.objects.all().delete()
    ReconsiderationCase.all_objects.all().delete()
    CaseNumberSequence.objects.all().delete()  # an empty database numbers from 1 again
    fresh = DemoContext(
        seed=ctx.seed,
        county=ctx.county,
        townships=ctx.townships,
        villages=ctx.villages,
        profile=ctx.profile,
    )
    demo.generate(fresh)
    again = list(
        ReconsiderationCase.objects.order_by("pk").values_list(
            "case_number", "applicant_name", "received_on", "closed_on", "close_kind"
        )
    )
    assert first == again
