"""Shared pieces of the correction records: statutory periods, gender, date arithmetic."""

from __future__ import annotations

import datetime as dt

from django.db import models

from sifa.core import deadlines

ADULT_AGE = 18

# Statutory periods (a county overrides them with a PeriodOverride row).
ASSESSMENT_PERIOD = deadlines.register(
    "correction.assessment",
    "调查评估",
    10,
    working_days=True,
    law="《社区矫正法实施办法》第十四条",
)
ASSESSMENT_EXPEDITED_PERIOD = deadlines.register(
    "correction.assessment_expedited",
    "调查评估（速裁程序）",
    5,
    working_days=True,
    law="《社区矫正法实施办法》第十四条",
)
INTAKE_PERIOD = deadlines.register(
    "correction.intake",
    "社区矫正对象报到接收",
    10,
    law="《社区矫正法》第二十一条",
)
# Not a deadline but a threshold in days: leave up to it is approved by the 司法所, longer
# leave by the county bureau. Registered as a period so a county overrides it the same way.
LEAVE_OFFICE_LIMIT = deadlines.register(
    "correction.leave_office_limit",
    "司法所审批外出的最长天数",
    7,
    law="《社区矫正法实施办法》第二十七条",
)
MONITORING_MAX_MONTHS = 3  # 社区矫正法 art. 29: each period and each renewal at most 3 months


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")
