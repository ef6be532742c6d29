"""Statutory deadlines: calendar-day and working-day periods with China's holiday calendar.

Rules, as Chinese procedural law counts periods (行政复议法 art. 88, 民事诉讼法 art. 85):
- the day the period starts from is not counted;
- a working-day period (the 行政复议法 counts 三日、五日、七日、十日 in 工作日) counts only
  working days: weekends and public holidays are skipped, make-up workdays (调休) count;
- a calendar-day period whose last day is a rest day ends on the next working day.

Holidays come from `chinese-calendar`; for a year it does not cover yet, only weekends are
treated as rest days and the explanation says so.

Each line registers its periods here with the law's default (`register`); a county overrides a
period with a `PeriodOverride` row, edited in the admin. `due_date` returns a `Deadline` that
can explain how it was reached.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import enum
import functools
from dataclasses import dataclass, field, replace

import chinese_calendar

from .dates import ymd

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class Period:
    code: str
    name: str
    days: int
    working_days: bool = False
    law: str = ""

    @property
    def text(self) -> str:
        return f"{self.days}个工作日" if self.working_days else f"{self.days}日"


PERIODS: dict[str, Period] = {}


def register(
    code: str, name: str, days: int, *, working_days: bool = False, law: str = ""
) -> Period:
    """Declare a statutory period with the law's default; idempotent for the same values."""
    period = Period(code, name, days, working_days, law)
    PERIODS[code] = period
    return period


# County overrides read during a bulk validation (an import), one query per county and period
# instead of one per row; emptied whenever an override is saved or deleted (CoreConfig.ready).
_overrides: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "sifa_period_overrides", default=None
)


@contextlib.contextmanager
def overrides_cached():
    token = _overrides.set({})
    try:
        yield
    finally:
        _overrides.reset(token)


def forget_overrides(**kwargs) -> None:
    cache = _overrides.get()
    if cache:
        cache.clear()


def _override(county_code: str, code: str):
    from .models import PeriodOverride

    cache = _overrides.get()
    key = (county_code, code)
    if cache is not None and key in cache:
        return cache[key]
    override = PeriodOverride.objects.filter(region_id=county_code, code=code).first()
    if cache is not None:
        cache[key] = override
    return override


def period(code: str, region=None) -> Period:
    """The period in force for `region`'s county: its override, else the law's default."""
    base = PERIODS[code]
    if region is None:
        return base
    county_code = region.code[:6].ljust(12, "0")
    override = _override(county_code, code)
    if override is None:
        return base
    return replace(
        base,
        days=override.days,
        working_days=override.working_days,
        law=override.note or f"{base.law}（本县设置）",
    )


@functools.lru_cache(maxsize=16384)
def _calendar_workday(day: dt.date) -> bool | None:
    """chinese-calendar's answer for one day (None when it has no data for the year); cached,
    since the library is slow per call and bulk writes (imports, the demo) ask it often."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


class _Calendar:
    """Working-day facts for one date, with a note when the holiday data runs out."""

    def __init__(self):
        self.uncovered_years: set[int] = set()

    def is_workday(self, day: dt.date) -> bool:
        fact = _calendar_workday(day)
        if fact is None:
            self.uncovered_years.add(day.year)
            return day.weekday() < 5
        return fact

    def rest_label(self, day: dt.date) -> str:
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            name = None
        if name:
            return f"{_md(day)}（{HOLIDAY_NAMES.get(name, name)}）"
        return f"{_md(day)}（周{'一二三四五六日'[day.weekday()]}）"


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def is_workday(day: dt.date) -> bool:
    return _Calendar().is_workday(day)


@dataclass
class Deadline:
    start: dt.date
    due: dt.date
    period: Period
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def explain(self) -> str:
        """How the due date was reached, in a sentence a clerk can check by hand."""
        parts = [f"自{ymd(self.start)}起算（当日不计入），期限{self.period.text}"]
        if self.period.law:
            parts[0] += f"（{self.period.law}）"
        if self.skipped:
            parts.append("跳过休息日：" + "、".join(self.skipped))
        parts.extend(self.notes)
        parts.append(f"届满日为{ymd(self.due)}")
        return "；".join(parts) + "。"


def add_working_days(
    start: dt.date, days: int, cal: _Calendar | None = None, skipped: list[str] | None = None
) -> dt.date:
    cal = cal or _Calendar()
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if cal.is_workday(day):
            counted += 1
        elif skipped is not None:
            skipped.append(cal.rest_label(day))
    return day


def due_date(
    start: dt.date,
    code_or_period: str | Period,
    region=None,
    *,
    paused_days: int = 0,
    extension_days: int = 0,
) -> Deadline:
    """The due date of a period starting on `start`.

    `paused_days` (a suspension that stopped the clock) and `extension_days` (an approved
    extension) are added in calendar days before the rest-day rule is applied.
    """
    p = code_or_period if isinstance(code_or_period, Period) else period(code_or_period, region)
    cal = _Calendar()
    skipped: list[str] = []
    notes: list[str] = []
    if p.working_days:
        due = add_working_days(start, p.days, cal, skipped)
    else:
        due = start + dt.timedelta(days=p.days)
    if paused_days:
        due += dt.timedelta(days=paused_days)
        notes.append(f"中止期间{paused_days}日不计入")
    if extension_days:
        due += dt.timedelta(days=extension_days)
        notes.append(f"经批准延长{extension_days}日")
    if not p.working_days or paused_days or extension_days:
        last = due
        while not cal.is_workday(due):
            due += dt.timedelta(days=1)
        if due != last:
            notes.append(f"届满日{_md(last)}为休息日，顺延至其后第一个工作日")
    if cal.uncovered_years:
        years = "、".join(str(y) for y in sorted(cal.uncovered_years))
        notes.append(f"{years}年节假日安排尚未收录，仅按周末计算")
    return Deadline(start=start, due=due, period=p, skipped=skipped, notes=notes)


class DeadlineState(enum.StrEnum):
    NONE = "none"
    DONE = "done"
    OK = "ok"
    SOON = "soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            "none": "—",
            "done": "已办结",
            "ok": "正常",
            "soon": "即将到期",
            "overdue": "已超期",
        }[self.value]


def deadline_state(
    due: dt.date | None,
    *,
    today: dt.date | None = None,
    done_on: dt.date | None = None,
    soon_days: int | None = None,
) -> DeadlineState:
    """正常 / 即将到期 / 已超期 for an open item; 已办结 once done (late or not)."""
    from django.conf import settings

    if due is None:
        return DeadlineState.NONE
    if done_on is not None:
        return DeadlineState.DONE
    today = today or dt.date.today()
    soon = settings.SIFA_DUE_SOON_DAYS if soon_days is None else soon_days
    if today > due:
        return DeadlineState.OVERDUE
    if (due - today).days <= soon:
        return DeadlineState.SOON
    return DeadlineState.OK


def state_q(due_field: str, done_field: str | None, state: str, today: dt.date | None = None):
    """Q filtering records by deadline state, for list filters (same rule as deadline_state)."""
    from django.conf import settings
    from django.db.models import Q

    today = today or dt.date.today()
    open_q = Q(**{f"{done_field}__isnull": True}) if done_field else Q()
    soon_limit = today + dt.timedelta(days=settings.SIFA_DUE_SOON_DAYS)
    if state == DeadlineState.OVERDUE:
        return open_q & Q(**{f"{due_field}__lt": today})
    if state == DeadlineState.SOON:
        return open_q & Q(**{f"{due_field}__gte": today, f"{due_field}__lte": soon_limit})
    if state == DeadlineState.OK:
        return open_q & Q(**{f"{due_field}__gt": soon_limit})
    if state == DeadlineState.DONE and done_field:
        return Q(**{f"{done_field}__isnull": False})
    return Q()
