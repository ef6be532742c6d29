"""The reconsideration figures, computed from cases built here, at the period's edges."""

import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.reconsideration import services
from sifa.reconsideration.models import CloseKind, TerminationGround

from .factories import accepted, receive

D = dt.date
Y0, Y1 = D(2022, 1, 1), D(2022, 12, 31)


def fig(id_, start=Y0, end=Y1, region=None):
    reg = registry()
    return reg[id_].compute(start, end, region, reg)


def closed(region, kind, on, *, ground=""):
    case = accepted(region, D(2022, 3, 1), D(2022, 3, 2))
    return services.case_close(case, on=on, kind=kind, user=None, termination_ground=ground)


@pytest.fixture
def cases(county, township_a, township_b):
    a = township_a
    rejected = receive(a, D(2022, 1, 1))
    services.case_reject(rejected, on=D(2022, 1, 4), reason="不属于行政复议范围", user=None)
    receive(a, D(2022, 12, 31))  # still in its acceptance review on 31 December
    accepted(county, D(2021, 12, 31), D(2022, 1, 4))  # received the year before
    receive(county, D(2023, 1, 1))  # received the year after
    closed(a, CloseKind.UPHELD, D(2022, 4, 1))
    closed(a, CloseKind.REVOKED, D(2022, 4, 2))
    closed(a, CloseKind.PARTLY_REVOKED, D(2022, 4, 6))
    closed(a, CloseKind.CLAIM_DISMISSED, D(2022, 4, 7))
    closed(a, CloseKind.APPLICATION_DISMISSED, D(2022, 4, 8))
    closed(a, CloseKind.TERMINATED, D(2022, 4, 11), ground=TerminationGround.WITHDRAWN)
    closed(a, CloseKind.CHANGED, D(2022, 4, 12))
    pending = accepted(a, D(2022, 10, 31), D(2022, 11, 1))
    services.case_close(pending, on=D(2023, 1, 5), kind=CloseKind.UPHELD, user=None)
    receive(a, D(2022, 12, 20))  # review due 27 Dec: deemed accepted on 31 December
    abandoned = receive(a, D(2022, 5, 5))
    services.case_request_correction(abandoned, on=D(2022, 5, 6), items="补充证据", user=None)
    services.apply_deemed_abandonment(user=None, today=D(2022, 5, 20))
    correcting = receive(a, D(2022, 12, 26))
    services.case_request_correction(correcting, on=D(2022, 12, 27), items="补充证据", user=None)
    closed(township_b, CloseKind.UPHELD, D(2022, 4, 1))


EXPECTED_COUNTY = {
    "reconsideration.received": 13,
    "reconsideration.rejected": 1,
    "reconsideration.accepted": 10,
    "reconsideration.under_review": 2,
    "reconsideration.concluded": 8,
    "reconsideration.upheld": 2,
    "reconsideration.revoked": 2,
    "reconsideration.dismissed": 2,
    "reconsideration.terminated": 1,
    "reconsideration.changed": 1,
    "reconsideration.pending": 2,
}


def test_county_figures(cases):
    assert {k: fig(k) for k in EXPECTED_COUNTY} == EXPECTED_COUNTY


def test_invariants_hold(cases):
    assert fig("reconsideration.received") == (
        fig("reconsideration.rejected")
        + fig("reconsideration.accepted")
        + fig("reconsideration.under_review")
    )
    assert fig("reconsideration.accepted") == (
        fig("reconsideration.concluded") + fig("reconsideration.pending")
    )
    extras = sum(
        fig(f"reconsideration.{k}")
        for k in ("changed", "confirmed_illegal", "ordered", "void", "mediated", "settled")
    )
    assert (
        fig("reconsideration.concluded")
        == sum(
            fig(f"reconsideration.{k}") for k in ("upheld", "revoked", "dismissed", "terminated")
        )
        + extras
    )


def test_township_scope(cases, township_a, township_b, county):
    assert fig("reconsideration.received", region=township_a) == 12
    assert fig("reconsideration.upheld", region=township_a) == 1
    assert fig("reconsideration.received", region=township_b) == 1
    assert fig("reconsideration.upheld", region=township_b) == 1
    assert fig("reconsideration.received", region=county) == 13


def test_deemed_acceptance_counts_once_the_review_period_has_passed(cases):
    # The case received on 20 December has its review period expiring on 27 December.
    assert fig("reconsideration.accepted", end=D(2022, 12, 27)) == 9
    assert fig("reconsideration.accepted", end=D(2022, 12, 28)) == 10


def test_abandoned_application_leaves_the_count_on_the_day_it_is_deemed_abandoned(cases):
    before = fig("reconsideration.received", end=D(2022, 5, 19))
    after = fig("reconsideration.received", end=D(2022, 5, 20))
    assert before - after == 1
    assert fig("reconsideration.under_review", end=D(2022, 5, 19)) == 1


def test_period_edges(cases):
    jan = fig("reconsideration.received", start=D(2022, 1, 1), end=D(2022, 1, 1))
    assert jan == 1  # received on 1 January
    dec = fig("reconsideration.received", start=D(2022, 12, 31), end=D(2022, 12, 31))
    assert dec == 1  # received on 31 December
    assert fig("reconsideration.received", start=D(2023, 1, 1), end=D(2023, 12, 31)) == 1
