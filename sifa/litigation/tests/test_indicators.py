"""litigation.cases and the head-appearance rate, from records built here."""

import datetime as dt

import pytest

from sifa.core.indicators import registry

from .factories import hearing, lawsuit

D = dt.date
Y0, Y1 = D(2022, 1, 1), D(2022, 12, 31)


def fig(id_, start=Y0, end=Y1, region=None):
    reg = registry()
    return reg[id_].compute(start, end, region, reg)


@pytest.fixture
def records(county, township_a, township_b):
    first = lawsuit(county, D(2022, 1, 1))
    last = lawsuit(township_a, D(2022, 12, 31))
    lawsuit(county, D(2021, 12, 31))
    lawsuit(county, D(2023, 1, 1))
    hearing(first, D(2022, 3, 1))
    hearing(
        first,
        D(2022, 12, 31),
        head_role="absent",
        head_name="",
        staff_names="孙某",
        absence_explanation="主要负责人出差",
    )
    hearing(last, D(2023, 1, 1))  # next year's hearing
    other = lawsuit(township_b, D(2022, 6, 1))
    hearing(other, D(2022, 7, 1), head_role="principal", head_name="吴某（县长）")


def test_cases_by_service_date(records):
    assert fig("litigation.cases") == 3
    assert fig("litigation.cases", start=D(2022, 12, 31), end=D(2022, 12, 31)) == 1
    assert fig("litigation.cases", start=D(2023, 1, 1), end=D(2023, 1, 1)) == 1


def test_rate_counts_hearings_held_in_the_period(records):
    assert fig("litigation.head_appearance_rate") == (2, 3)
    assert fig("litigation.head_appearance_rate", start=D(2023, 1, 1), end=D(2023, 12, 31)) == (
        1,
        1,
    )


def test_scope(records, township_a, township_b, county):
    assert fig("litigation.cases", region=township_a) == 1
    assert fig("litigation.cases", region=county) == 3
    assert fig("litigation.head_appearance_rate", region=township_b) == (1, 1)
    assert fig("litigation.head_appearance_rate", region=township_a) == (0, 0)
