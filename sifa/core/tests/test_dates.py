import datetime as dt

from sifa.core.dates import shift_year, ymd


def test_ymd_has_no_leading_zeros():
    assert ymd(dt.date(2022, 3, 5)) == "2022年3月5日"
    assert ymd(dt.date(2022, 12, 31)) == "2022年12月31日"


def test_shift_year_back_and_forward():
    assert shift_year(dt.date(2022, 6, 30)) == dt.date(2021, 6, 30)
    assert shift_year(dt.date(2022, 6, 30), 3) == dt.date(2025, 6, 30)


def test_shift_year_on_29_february():
    assert shift_year(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert shift_year(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert shift_year(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
