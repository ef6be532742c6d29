"""Building blocks for the correction tests: valid ID numbers and subjects made via services."""

from __future__ import annotations

import datetime as dt
import itertools

from sifa.core.idnumber import make
from sifa.correction import services
from sifa.correction.models import CorrectionType, Gender, Subject

_seq = itertools.count(1)


def id_for(birth: dt.date, gender: str, prefix: str = "610999") -> str:
    """A valid ID number whose birth date and gender digit agree with the arguments."""
    n = next(_seq) % 50
    seq = n * 10 + (1 if gender == Gender.MALE else 2)
    return make(f"{prefix}{birth:%Y%m%d}{seq:03d}")


def new_subject(
    region,
    *,
    gender=Gender.MALE,
    birth=dt.date(1980, 5, 6),
    judged=dt.date(2022, 3, 1),
    ctype=CorrectionType.PROBATION,
    **kw,
) -> Subject:
    fields = dict(
        region=region,
        name=kw.pop("name", "张三"),
        gender=gender,
        id_number=id_for(birth, gender),
        birth_date=birth,
        correction_type=ctype,
        judgment_effective_on=judged,
        period_start=judged,
        period_end=judged.replace(year=judged.year + 2),
    )
    fields.update(kw)
    return Subject(**fields)


def subject(region, *, user=None, received=None, **kw) -> Subject:
    """A saved subject, taken in on `received` when given."""
    s = services.subject_save(new_subject(region, **kw), user=user)
    if received:
        services.subject_receive(s, on=received, user=user)
    return s
