"""A return's period (month, quarter, half-year, year, or any range) and scope (a township, a
county, or a city or province where the installation holds them), with Chinese messages."""

from __future__ import annotations

import calendar
import datetime as dt

from sifa.core.models import Region, RegionLevel
from sifa.reports.periods import PeriodError, parse_year, resolve_period

MSG_BAD_PERIOD = "统计期“{value}”不正确，可选：全年、上半年、下半年、第一至第四季度、1至12月。"
MSG_UNKNOWN_REGION = "区划代码“{code}”不存在，请填写12位区划代码。"
MSG_VILLAGE = "“{name}”是村（社区），报表的填报范围只能是乡镇（街道）、县及以上。"

PERIODS = [("year", "全年"), ("h1", "上半年"), ("h2", "下半年")]
PERIODS += [(f"q{n}", f"第{'一二三四'[n - 1]}季度") for n in range(1, 5)]
PERIODS += [(f"m{n}", f"{n}月") for n in range(1, 13)]
PERIOD_LABELS = dict(PERIODS)


def period_dates(year, period: str | None = None, start=None, end=None) -> tuple[dt.date, dt.date]:
    """[start, end]: explicit dates win; else the named part of the year (the whole year)."""
    if start or end:
        return resolve_period(None, start, end, check_records=False)
    y = parse_year(year) or dt.date.today().year
    p = (period or "year").strip().lower()
    if p not in PERIOD_LABELS:
        raise PeriodError(MSG_BAD_PERIOD.format(value=period))
    if p == "year":
        first, last = 1, 12
    elif p[0] == "h":
        first = 1 if p == "h1" else 7
        last = first + 5
    elif p[0] == "q":
        first = 3 * int(p[1]) - 2
        last = first + 2
    else:
        first = last = int(p[1:])
    return dt.date(y, first, 1), dt.date(y, last, calendar.monthrange(y, last)[1])


def resolve_scope(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=str(code).strip()).first()
    if region is None:
        raise PeriodError(MSG_UNKNOWN_REGION.format(code=code))
    if region.level == RegionLevel.VILLAGE:
        raise PeriodError(MSG_VILLAGE.format(name=region.name))
    return region


def scopes():
    """The scopes offered in the form: every region above the villages."""
    return Region.objects.filter(level__lt=RegionLevel.VILLAGE).order_by("code")
