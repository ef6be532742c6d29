"""Case numbers (案号) the system gives when a case is registered, in the bureau's form:
安调字〔2022〕第15号 — the county's prefix for the line (county profile), the year of
registration, the case's place in that year.

A case model opts in with a `case_number` field and `case_number_date` (the field holding its
registration day); its `clean()` calls `check(self)` (the form of a number typed or imported),
a UniqueConstraint on `case_number` refuses a number taken, and its save service calls
`assign([...])` inside the write's transaction. Numbers come from one `CaseNumberSequence`
row per county, line and year, locked with SELECT … FOR UPDATE, so two clerks registering at
once never get the same number; a number brought by an import moves the sequence past it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .dates import ymd
from .lines import Line

FIELD = "case_number"
# The character naming each line in its prefix: 安调字, 安复字, 安诉字, 安援字.
DEFAULT_MARKS: dict[str, str] = {
    Line.MEDIATION: "调",
    Line.RECONSIDERATION: "复",
    Line.LITIGATION: "诉",
    Line.LEGALAID: "援",
}
PATTERN = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{1,10})〔(?P<year>\d{4})〕第?(?P<n>\d{1,6})号$")

MSG_FORMAT = "案号应为“{example}”的格式（字头、〔年度〕、第几号），或留空由系统编号。"
MSG_YEAR = "案号的年度（{year}年）与{label}（{day}）不在同一年。"
MSG_TAKEN = "该案号已被其他案件使用，请核对，或留空由系统编号。"
ERROR_MESSAGES = {"unique": MSG_TAKEN}  # the field's: the API's uniqueness check reads it


def unique_constraint(model_name: str) -> models.UniqueConstraint:
    """The rule a case model declares in its Meta: a number belongs to one case (of those not
    deleted)."""
    return models.UniqueConstraint(
        fields=[FIELD],
        # a deleted case (a mistaken entry, a rolled-back import) gives its number up
        condition=~models.Q(**{FIELD: ""}) & models.Q(deleted_at__isnull=True),
        name=f"{model_name}_case_number_unique",
        violation_error_message=MSG_TAKEN,
        violation_error_code="unique",  # full_clean keys the error to the field
    )


def county_code(region_code: str) -> str:
    return region_code[:6] + "000000"


def format_number(prefix: str, year: int, n: int) -> str:
    return f"{prefix}〔{year}〕第{n}号"


def parse(number: str) -> tuple[str, int, int] | None:
    m = PATTERN.match(number or "")
    return (m["prefix"], int(m["year"]), int(m["n"])) if m else None


def prefix_from(profile, line: str) -> str:
    """The prefix of `line` in a county profile (or in none: the line's mark alone, 调字)."""
    own = getattr(profile, f"prefix_{line}", "") if profile is not None else ""
    if own:
        return own
    head = (profile.county_name[:1] if profile is not None else "") or ""
    return f"{head}{DEFAULT_MARKS.get(line, '')}字"


def _profiles(codes: Iterable[str]) -> dict[str, object]:
    from .models import CountyProfile

    return {p.region_id: p for p in CountyProfile.objects.filter(region_id__in=set(codes))}


def prefix_for(line: str, region_code: str | None) -> str:
    """The prefix of `line` in the county of `region_code` (unknown yet: the first county's)."""
    from .models import CountyProfile

    if not region_code:
        return prefix_from(CountyProfile.objects.first(), line)
    code = county_code(region_code)
    return prefix_from(_profiles([code]).get(code), line)


def registration_day(obj) -> dt.date | None:
    return getattr(obj, type(obj).case_number_date, None)


def errors(obj) -> dict[str, str]:
    """The form of a number typed or imported (for a model's clean()): prefix〔year〕第n号, the
    year being the case's year of registration. An empty number is given on save."""
    number = (getattr(obj, FIELD) or "").strip()
    setattr(obj, FIELD, number)
    if not number:
        return {}
    parsed = parse(number)
    day = registration_day(obj)
    if parsed is None:
        line = type(obj).line
        prefix = prefix_for(line, obj.region_id)
        example = format_number(prefix, day.year if day else dt.date.today().year, 15)
        return {FIELD: MSG_FORMAT.format(example=example)}
    if day and parsed[1] != day.year:
        label = type(obj)._meta.get_field(type(obj).case_number_date).verbose_name
        return {FIELD: MSG_YEAR.format(year=parsed[1], label=label, day=ymd(day))}
    return {}


def check(obj) -> None:
    if found := errors(obj):
        raise ValidationError(found)


def _locked_sequence(county: str, line: str, year: int):
    from .models import CaseNumberSequence

    seqs = CaseNumberSequence.objects.select_for_update()
    seq = seqs.filter(county_id=county, line=line, year=year).first()
    if seq is None:
        try:
            with transaction.atomic():  # a savepoint: another writer may create it first
                seq = CaseNumberSequence.objects.create(county_id=county, line=line, year=year)
        except IntegrityError:
            seq = seqs.get(county_id=county, line=line, year=year)
    return seq


def assign(objs: Iterable) -> None:
    """Give every case of `objs` without a number the next numbers of its county, line and
    year, in the order of registration; a case with a number in the county's own form moves
    its sequence past it. Call inside the write's transaction (the rows stay locked to its end)."""
    objs = [o for o in objs if o.region_id and registration_day(o)]
    if not objs:
        return
    profiles = _profiles(county_code(o.region_id) for o in objs)
    new: dict[tuple, list] = defaultdict(list)
    seen: dict[tuple, int] = defaultdict(int)
    with transaction.atomic():
        for obj in objs:
            county = county_code(obj.region_id)
            line = type(obj).line
            year = registration_day(obj).year  # type: ignore[union-attr]  # filtered above
            number = getattr(obj, FIELD)
            if not number:
                new[(county, line, year)].append(obj)
                continue
            parsed = parse(number)
            if parsed and parsed[0] == prefix_from(profiles.get(county), line):
                key = (county, line, parsed[1])
                seen[key] = max(seen[key], parsed[2])
        for key in sorted(set(new) | set(seen)):
            county, line, year = key
            seq = _locked_sequence(county, line, year)
            last = max(seq.last, seen.get(key, 0))
            prefix = prefix_from(profiles.get(county), line)
            for obj in sorted(new.get(key, ()), key=lambda o: registration_day(o) or dt.date.min):
                last += 1
                setattr(obj, FIELD, format_number(prefix, year, last))
            if last != seq.last:
                seq.last = last
                seq.save(update_fields=["last"])


def number_new(objs: Iterable) -> None:
    """`assign` for the cases of `objs` not saved yet, of types that carry a case number (the
    generic saves call it for every record; a line's own save calls it itself)."""
    assign(o for o in objs if o.pk is None and hasattr(type(o), "case_number_date"))


def number_existing(apps, app_label: str, model_name: str, line: str, date_field: str) -> None:
    """Data migration: number the rows without a number by date (then id), after the numbers
    in the county's form they already hold, and leave each sequence at the last one."""
    model = apps.get_model(app_label, model_name)
    profiles = {p.region_id: p for p in apps.get_model("core", "CountyProfile").objects.all()}
    sequence = apps.get_model("core", "CaseNumberSequence")
    last: dict[tuple, int] = defaultdict(int)
    rows = list(model._base_manager.order_by(date_field, "pk"))
    for row in rows:
        parsed = parse(getattr(row, FIELD))
        county = county_code(row.region_id)
        if parsed and parsed[0] == prefix_from(profiles.get(county), line):
            key = (county, parsed[1])
            last[key] = max(last[key], parsed[2])
    changed = []
    for row in rows:
        day = getattr(row, date_field)
        if getattr(row, FIELD) or day is None:
            continue
        county = county_code(row.region_id)
        last[(county, day.year)] += 1
        prefix = prefix_from(profiles.get(county), line)
        setattr(row, FIELD, format_number(prefix, day.year, last[(county, day.year)]))
        changed.append(row)
    model._base_manager.bulk_update(changed, [FIELD], batch_size=1000)
    for (county, year), n in last.items():
        sequence.objects.update_or_create(
            county_id=county, line=line, year=year, defaults={"last": n}
        )
