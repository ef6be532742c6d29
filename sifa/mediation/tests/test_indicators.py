"""Each mediation figure computed from records made here: period edges and township scope."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.mediation import services
from sifa.mediation.models import MediationRoom, PreventedDispute

from .conftest import make_committee

D = dt.date
START, END = D(2022, 1, 1), D(2022, 12, 31)


@pytest.fixture
def reg():
    return registry()


def value(reg, figure, region=None, start=START, end=END):
    return reg[figure].compute(start, end, region, reg)


def test_screenings_by_date(reg, county, township_a, village_a, village_b):
    for region, day in [
        (village_a, D(2022, 12, 31)),
        (village_a, D(2022, 1, 1)),
        (village_b, D(2022, 6, 1)),
        (village_a, D(2023, 1, 1)),
        (village_a, D(2021, 12, 31)),
    ]:
        services.screening_record(region=region, date=day, disputes_found=2, user=None)
    assert value(reg, "mediation.screenings") == 3
    assert value(reg, "mediation.screenings", county) == 3
    assert value(reg, "mediation.screenings", township_a) == 2


def test_prevented_by_date(reg, county, township_a, village_a, village_b):
    for region, day in [
        (village_a, D(2022, 12, 31)),
        (village_b, D(2022, 3, 1)),
        (village_a, D(2023, 1, 1)),
    ]:
        services.prevented_save(
            PreventedDispute(
                region=region, date=day, dispute_type="neighbour", summary="邻里排水纠纷"
            ),
            user=None,
        )
    assert value(reg, "mediation.prevented", county) == 2
    assert value(reg, "mediation.prevented", township_a) == 1


@pytest.fixture
def closed_cases(committee_a, committee_b, make_case, make_closed):
    """A: success 31 Dec 2022 (1000), failure 1 Jun 2022 (300), success 1 Jan 2023 (5000),
    open case received 2022 (700); B: success 1 Jan 2022 (2000), received in 2021."""
    make_closed(
        make_case(committee_a, received_on=D(2022, 12, 1), amount_yuan=1000), D(2022, 12, 31)
    )
    make_closed(
        make_case(committee_a, received_on=D(2022, 5, 1), amount_yuan=300),
        D(2022, 6, 1),
        succeeded=False,
    )
    make_closed(
        make_case(committee_a, received_on=D(2022, 12, 20), amount_yuan=5000), D(2023, 1, 1)
    )
    make_case(committee_a, received_on=D(2022, 6, 1), amount_yuan=700)
    make_closed(
        make_case(committee_b, received_on=D(2021, 12, 20), amount_yuan=2000), D(2022, 1, 1)
    )


def test_cases_count_closures_in_the_period_successful_or_not(
    reg, county, township_a, closed_cases
):
    assert value(reg, "mediation.cases") == 3
    assert value(reg, "mediation.cases", county) == 3
    assert value(reg, "mediation.cases", township_a) == 2
    assert value(reg, "mediation.cases", start=D(2023, 1, 1), end=D(2023, 12, 31)) == 1


def test_succeeded(reg, county, township_a, township_b, closed_cases):
    assert value(reg, "mediation.succeeded", county) == 2
    assert value(reg, "mediation.succeeded", township_a) == 1
    assert value(reg, "mediation.succeeded", township_b) == 1


def test_amount_sums_yuan_over_closed_cases(reg, county, township_a, closed_cases):
    assert value(reg, "mediation.amount_wan", county) == 1000 + 300 + 2000
    assert value(reg, "mediation.amount_wan", township_a) == 1300
    assert reg["mediation.amount_wan"].format == "wan"


def test_success_rate(reg, county, township_a, township_b, closed_cases):
    assert value(reg, "mediation.success_rate", county) == (2, 3)
    assert value(reg, "mediation.success_rate", township_a) == (1, 2)
    assert value(reg, "mediation.success_rate", township_b) == (1, 1)


def test_branded_rooms_stock_on_end_date(reg, county, township_a, village_a, village_b):
    rows = [
        (village_a, "老杨", D(2020, 1, 1), None),  # counted
        (village_a, "", D(2020, 1, 1), None),  # not branded
        (village_a, "巾帼", D(2022, 12, 31), None),  # opened on the end date: counted
        (village_b, "和事佬", D(2021, 1, 1), D(2023, 1, 1)),  # closed after the end: counted
        (village_b, "乡贤", D(2021, 1, 1), D(2022, 12, 31)),  # closed on the end date: not
        (village_b, "连心", D(2023, 1, 1), None),  # opened next year: not
    ]
    for region, brand, opened, closed in rows:
        services.room_save(
            MediationRoom(
                name=f"{brand or '普通'}调解室",
                brand_name=brand,
                region=region,
                opened_on=opened,
                closed_on=closed,
            ),
            user=None,
        )
    assert value(reg, "mediation.branded_rooms", county) == 3
    assert value(reg, "mediation.branded_rooms", township_a) == 2
    assert value(reg, "mediation.branded_rooms", county, end=D(2021, 12, 31)) == 3


def test_county_committee_cases_count_for_the_county_only(
    reg, county, township_a, make_case, make_closed
):
    industry = make_committee(county, kind="industry", name="县医疗纠纷人民调解委员会")
    make_closed(make_case(industry, amount_yuan=9000), D(2022, 3, 1))
    assert value(reg, "mediation.cases", county) == 1
    assert value(reg, "mediation.cases", township_a) == 0
