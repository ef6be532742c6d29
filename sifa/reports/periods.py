"""Periods and scopes from user input (command line, forms), with one Chinese message each."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min

from sifa.core.indicators import registry
from sifa.core.models import Region, RegionLevel

MSG_BAD_DATE = "日期“{value}”格式不正确，请按“2022-01-31”的格式填写。"
MSG_START_AFTER_END = "统计期间的开始日期（{start}）晚于结束日期（{end}），请检查。"
MSG_UNKNOWN_REGION = "区划代码“{code}”不存在，请填写省、市、县或乡镇（街道）的12位区划代码。"
MSG_REGION_LEVEL = "“{name}”是{level}，统计范围只能是省、市、县或乡镇（街道）。"
MSG_NO_RECORDS = "{year}年还没有任何业务记录（最早的记录在{first}年），请换一个年份。"
MSG_EMPTY = "系统中还没有任何业务记录，无法统计。"
MSG_BAD_YEAR = "年份“{value}”不正确，请填写四位数的年份，如2022。"


class PeriodError(ValueError):
    """Bad period or scope; str(exc) is the Chinese sentence shown to the user."""


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise PeriodError(MSG_BAD_DATE.format(value=value))


def parse_year(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise PeriodError(MSG_BAD_YEAR.format(value=value))
    if not 1900 <= year <= 2999:
        raise PeriodError(MSG_BAD_YEAR.format(value=value))
    return year


def first_record_year(reg=None) -> int | None:
    """The year of the earliest key date of any figure's records (None: no records at all)."""
    reg = reg if reg is not None else registry()
    seen, first = set(), None
    for ind in reg.values():
        if not ind.date_field or (ind.model, ind.date_field) in seen:
            continue
        seen.add((ind.model, ind.date_field))
        value = ind.model_class._default_manager.aggregate(v=Min(ind.date_field))["v"]
        if value is not None and (first is None or value < first):
            first = value
    return first.year if first else None


def resolve_period(
    year=None, start=None, end=None, *, today: dt.date | None = None, check_records: bool = True
) -> tuple[dt.date, dt.date]:
    """[start, end] from a year and/or explicit dates; 1 January to today without any."""
    today = today or dt.date.today()
    year = parse_year(year)
    start, end = parse_date(start), parse_date(end)
    base = year or (start or end or today).year
    start = start or dt.date(base, 1, 1)
    end = end or (dt.date(base, 12, 31) if year or base != today.year else today)
    if start > end:
        raise PeriodError(MSG_START_AFTER_END.format(start=start, end=end))
    if check_records:
        first = first_record_year()
        if first is None:
            raise PeriodError(MSG_EMPTY)
        if end.year < first:
            raise PeriodError(MSG_NO_RECORDS.format(year=year or end.year, first=first))
    return start, end


def resolve_region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=str(code).strip()).first()
    if region is None:
        raise PeriodError(MSG_UNKNOWN_REGION.format(code=code))
    # A city or province rolls up its counties (every code under its prefix).
    if region.level not in (
        RegionLevel.PROVINCE,
        RegionLevel.CITY,
        RegionLevel.COUNTY,
        RegionLevel.TOWNSHIP,
    ):
        raise PeriodError(
            MSG_REGION_LEVEL.format(name=region.name, level=region.get_level_display())
        )
    return region
