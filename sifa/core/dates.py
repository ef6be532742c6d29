"""Date helpers every line uses: the Chinese date text and a date moved by whole years."""

from __future__ import annotations

import datetime as dt


def ymd(day: dt.date) -> str:
    """The date as users write it: 2022年3月5日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def shift_year(day: dt.date, years: int = -1) -> dt.date:
    """The same day `years` years later (earlier when negative); 29 February becomes the 28th
    in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
