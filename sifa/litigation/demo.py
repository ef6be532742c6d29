"""Demo lawsuits 2020–2022 with one hearing each; 2022 hits the seed's figures.

Answers are filed within the 15-day period, hearings follow the answer, and in 2022 the head
appeared at every hearing (the seed's 100％); an earlier year has one absence explained in
writing with a staff member attending.
"""

from __future__ import annotations

import datetime as dt

from sifa.core import casenumbers
from sifa.core.audit import bulk_create_with_history
from sifa.core.deadlines import add_working_days

from .models import HeadRole, Hearing, Instance, LitigationCase, Outcome

ORDER = 31

CAUSES = [
    "房屋征收补偿决定",
    "政府信息公开答复",
    "土地权属争议处理决定",
    "行政处罚决定",
    "不履行法定职责",
    "行政复议决定",
    "行政协议履行",
]
OUTCOMES = [
    Outcome.JUDGMENT_DISMISS,
    Outcome.JUDGMENT_DISMISS,
    Outcome.RULING_DISMISS,
    Outcome.RULING_WITHDRAW,
    Outcome.JUDGMENT_ILLEGAL,
]


def generate(ctx) -> None:
    rng = ctx.rng("litigation")
    fake = ctx.faker("litigation")
    agencies = ctx.units("agency")
    government = next(u for u in agencies if u.name.endswith("县人民政府"))
    departments = [u for u in agencies if u is not government]
    county_court = ctx.units("court")[0].name
    city_court = f"{ctx.profile.city_name}市中级人民法院"
    cases, hearings = [], []
    for year in ctx.years:
        n_cases = ctx.target(year, "litigation.cases")
        n_hearings = ctx.target(year, "litigation.hearings")
        served = ctx.dates(rng, year, n_cases, start=dt.date(year, 1, 10), end=dt.date(year, 8, 31))
        with_hearing = set(rng.sample(range(n_cases), min(n_hearings, n_cases)))
        absent_at = 1 if year == 2020 else None
        for i, served_on in enumerate(served):
            gov = rng.random() < 0.7
            case = LitigationCase(
                region=ctx.county,
                number=f"（{year}）{'陕06行初' if gov else '陕0632行初'}{rng.randint(10, 199)}号",
                court=city_court if gov else county_court,
                instance=Instance.FIRST,
                plaintiff=fake.name() if rng.random() < 0.8 else fake.company(),
                defendant=government if gov else rng.choice(departments),
                cause=rng.choice(CAUSES),
                served_on=served_on,
            )
            case.refresh_deadlines()
            case.answered_on = served_on + dt.timedelta(days=rng.randint(5, 12))
            if case.answered_on > case.answer_due:
                case.answered_on = case.answer_due
            held = add_working_days(case.answered_on, rng.randint(15, 35))
            if i in with_hearing:
                hearings.append((len(cases), _hearing(held, gov, i == absent_at, fake)))
            outcome_on = held + dt.timedelta(days=rng.randint(20, 45))
            if outcome_on <= dt.date(year, 12, 31) or rng.random() < 0.5:
                case.outcome = rng.choice(OUTCOMES)
                case.outcome_served_on = outcome_on
            case.refresh_deadlines()
            case.full_clean(exclude=["region", "defendant"], validate_constraints=False)
            cases.append(case)
    _later_years(ctx, cases, hearings, government, departments, county_court, city_court)
    casenumbers.number_new(cases)
    created = bulk_create_with_history(LitigationCase, cases)
    rows = []
    for index, hearing in hearings:
        hearing.case = created[index]
        hearing.region_id = created[index].region_id
        rows.append(hearing)
    bulk_create_with_history(Hearing, rows)


def _hearing(held: dt.date, gov: bool, absent: bool, fake) -> Hearing:
    if absent:
        return Hearing(
            held_on=held,
            head_role=HeadRole.ABSENT,
            staff_names=fake.name(),
            lawyer_names=f"{fake.name()}律师",
            absence_explanation="主要负责人参加上级紧急会议，已向法院提交书面说明并委托工作人员出庭",
        )
    role = HeadRole.DEPUTY if gov else HeadRole.PRINCIPAL
    title = "副县长" if gov else "局长"
    return Hearing(
        held_on=held, head_role=role, head_name=f"{fake.name()}（{title}）", staff_names=fake.name()
    )


# --- after the seed years -----------------------------------------------------------------------
# The judgment served in the last days, its appeal window (15 days) still open: days to its end.
APPEAL_DUE_IN = 5


def _part(ctx, year: int) -> float:
    """The share of `year` the demo covers (1 for a past year, less for today's)."""
    return ((ctx.year_end(year) - dt.date(year, 1, 1)).days + 1) / 365


def _close(rng, case, first: dt.date, last: dt.date) -> None:
    """The judgment or ruling, served between `first` and `last`."""
    case.outcome = rng.choice(OUTCOMES)
    case.outcome_served_on = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    case.refresh_deadlines()


def _later_years(ctx, cases, hearings, government, departments, county_court, city_court) -> None:
    """2023 up to today. Lawsuits still undecided at the end of 2022 get their judgment or ruling
    in the first half of 2023; each later year brings its lawsuits as in 2022 (scaled to the part
    of the year gone, ± noise), served by the end of August, answered in time, heard with the
    head present, decided unless the judgment would come after today (or just before it: the
    appeal windows of the last weeks stay off the home page); one judgment was served lately,
    its appeal window closing within the week."""
    rng = ctx.later_rng("litigation", "closing")
    for case in cases:
        if not case.outcome:
            _close(rng, case, dt.date(2023, 1, 9), min(dt.date(2023, 6, 30), ctx.today))
    fake = ctx.faker("litigation:later")
    for year in ctx.later_years:
        rng = ctx.later_rng("litigation", year)
        n = round(ctx.target(year, "litigation.cases") * _part(ctx, year) * rng.uniform(0.8, 1.2))
        last = min(dt.date(year, 8, 31), ctx.today - dt.timedelta(days=30))
        if last < dt.date(year, 1, 10):
            continue
        for served_on in ctx.dates(rng, year, n, start=dt.date(year, 1, 10), end=last):
            case = _lawsuit(ctx, rng, fake, year, served_on, government, departments)
            case.court = city_court if case.defendant == government else county_court
            case.answered_on = min(
                served_on + dt.timedelta(days=rng.randint(5, 12)), case.answer_due
            )
            held = add_working_days(case.answered_on, rng.randint(15, 35))
            if held <= ctx.today:
                hearings.append(
                    (len(cases), _hearing(held, case.defendant == government, False, fake))
                )
            outcome_on = held + dt.timedelta(days=rng.randint(20, 45))
            if outcome_on <= ctx.today - dt.timedelta(days=20):
                _close(rng, case, outcome_on, outcome_on)
            case.full_clean(exclude=["region", "defendant"], validate_constraints=False)
            cases.append(case)
    rng = ctx.later_rng("litigation", "open")
    case = _lawsuit(ctx, rng, fake, ctx.today.year, ctx.today, government, departments)
    case.court = city_court if case.defendant == government else county_court
    case.outcome = Outcome.JUDGMENT_DISMISS
    served_on = ctx.today
    while True:  # the latest service of the judgment whose appeal window ends by APPEAL_DUE_IN
        case.outcome_served_on = served_on
        case.refresh_deadlines()
        if case.appeal_due <= ctx.today + dt.timedelta(days=APPEAL_DUE_IN):
            break
        served_on -= dt.timedelta(days=1)
    held = served_on - dt.timedelta(days=rng.randint(20, 45))
    case.answered_on = held - dt.timedelta(days=rng.randint(21, 50))
    case.served_on = case.answered_on - dt.timedelta(days=rng.randint(5, 12))
    case.number = f"（{case.served_on.year}）{case.number.split('）', 1)[1]}"
    case.refresh_deadlines()
    case.full_clean(exclude=["region", "defendant"], validate_constraints=False)
    hearings.append((len(cases), _hearing(held, case.defendant == government, False, fake)))
    cases.append(case)


def _lawsuit(ctx, rng, fake, year, served_on, government, departments) -> LitigationCase:
    gov = rng.random() < 0.7
    case = LitigationCase(
        region=ctx.county,
        number=f"（{year}）{'陕06行初' if gov else '陕0632行初'}{rng.randint(10, 199)}号",
        instance=Instance.FIRST,
        plaintiff=fake.name() if rng.random() < 0.8 else fake.company(),
        defendant=government if gov else rng.choice(departments),
        cause=rng.choice(CAUSES),
        served_on=served_on,
    )
    case.refresh_deadlines()
    return case
