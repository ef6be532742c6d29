"""Demo records of the correction line, 2018–2022, hitting the 2022 targets exactly.

The stock is carried from year to year: subjects taken in during 2018–2019 form the stock at the
start of 2020, and each year's intakes and endings move it, so that
registered(31 Dec) = registered(31 Dec of the year before) + received − released holds for every
year and the stock on 2022-12-31 is the target. Endings are first in, first out.
"""

from __future__ import annotations

import datetime as dt

from sifa.core import deadlines
from sifa.core.audit import bulk_create_with_history
from sifa.core.idnumber import make
from sifa.core.models import Activity, ActivityType

from .models import (
    ApproverLevel,
    Assessment,
    Classification,
    ClassLevel,
    Commissioner,
    CorrectionType,
    EndReason,
    Gender,
    LeaveDecision,
    LeaveRequest,
    MeasureKind,
    Monitoring,
    MonitoringGround,
    Opinion,
    RewardPenalty,
    Subject,
    SubjectStatus,
    SupervisionEvent,
    TeamMember,
    TeamRole,
)
from .models.common import ASSESSMENT_EXPEDITED_PERIOD, ASSESSMENT_PERIOD, INTAKE_PERIOD

ORDER = 40
PRE_YEARS = (2018, 2019)
MINORS = 4  # sealed files among the subjects
TYPES = [
    (CorrectionType.PROBATION, 80),
    (CorrectionType.PAROLE, 10),
    (CorrectionType.MEDICAL_PAROLE, 7),
    (CorrectionType.SURVEILLANCE, 3),
]
REVOKE = {
    CorrectionType.PROBATION: EndReason.PROBATION_REVOKED,
    CorrectionType.PAROLE: EndReason.PAROLE_REVOKED,
    CorrectionType.MEDICAL_PAROLE: EndReason.COMMITTED,
}
REQUEST = {
    EndReason.PROBATION_REVOKED: MeasureKind.REVOKE_PROBATION,
    EndReason.PAROLE_REVOKED: MeasureKind.REVOKE_PAROLE,
    EndReason.COMMITTED: MeasureKind.COMMIT,
}


def generate(ctx) -> None:
    rng = ctx.rng("correction")
    _assessments(ctx, rng)
    subjects, later = _subjects(ctx, rng)
    _files(ctx, rng, subjects)
    _activities(ctx, rng)
    _later_assessments(ctx)
    _later_files(ctx, subjects, later)
    _later_activities(ctx)


# --- 调查评估 ---------------------------------------------------------------------------------
def _assessments(ctx, rng) -> None:
    fake = ctx.faker("correction")
    periods = {
        flag: deadlines.period(code, ctx.county)
        for flag, code in (
            (False, ASSESSMENT_PERIOD.code),
            (True, ASSESSMENT_EXPEDITED_PERIOD.code),
        )
    }
    rows = []
    for year in ctx.years:
        finished = ctx.dates(rng, year, ctx.target(year, "correction.assessments"))
        if year == ctx.years[-1]:  # two received at the year's end, finished in January
            finished += [dt.date(year + 1, 1, 5), dt.date(year + 1, 1, 9)]
        for day in finished:
            received = day - dt.timedelta(days=rng.randint(2, 12))
            obj = Assessment(
                region=rng.choice(ctx.townships),
                person_name=fake.name(),
                commissioner=rng.choices(list(Commissioner), weights=[70, 15, 10, 5])[0],
                expedited=rng.random() < 0.15,
                received_on=received,
                finished_on=day,
                opinion=Opinion.SUITABLE if rng.random() < 0.85 else Opinion.UNSUITABLE,
            )
            obj.commissioner_name = f"{ctx.profile.county_name}县{obj.get_commissioner_display()}"
            obj.due_on = obj.compute_due(periods[obj.expedited])
            rows.append(obj)
    bulk_create_with_history(Assessment, rows)


# --- 社区矫正对象 ------------------------------------------------------------------------------
def _intake_dates(ctx, rng) -> list[dt.date]:
    """Intake dates: the pre-2020 stock first, then each year's target."""
    last = ctx.years[-1]
    stock = ctx.target(last, "correction.registered") - sum(
        ctx.target(y, "correction.received") - ctx.target(y, "correction.released")
        for y in ctx.years
    )
    days = ctx.dates(
        rng, 0, stock, start=dt.date(PRE_YEARS[0], 1, 1), end=dt.date(PRE_YEARS[-1], 12, 31)
    )
    for year in ctx.years:
        days += ctx.dates(rng, year, ctx.target(year, "correction.received"))
    return days


def _person(ctx, rng, fake, received: dt.date, minor: bool, used: set[str]) -> dict:
    gender = Gender.FEMALE if rng.random() < 0.12 else Gender.MALE
    lag = rng.randint(11, 20) if rng.random() < 0.05 else rng.randint(1, 9)
    judged = received - dt.timedelta(days=lag)
    age = rng.randint(16, 17) if minor else rng.randint(20, 62)
    birth = judged.replace(year=judged.year - age, day=1) - dt.timedelta(days=rng.randint(1, 330))
    while True:
        seq = rng.randint(0, 99) * 10 + rng.choice(
            (1, 3, 5, 7, 9) if gender == Gender.MALE else (0, 2, 4, 6, 8)
        )
        id_number = make(f"610632{birth:%Y%m%d}{seq:03d}")
        if id_number not in used:
            used.add(id_number)
            break
    name = fake.name_female() if gender == Gender.FEMALE else fake.name_male()
    return dict(
        name=name,
        gender=gender,
        id_number=id_number,
        birth_date=birth,
        judgment_effective_on=judged,
        period_start=judged,
    )


def _subjects(ctx, rng) -> tuple[list[Subject], list[Subject]]:
    """The seed years' subjects and (created with them) those taken in after the seed years."""
    fake = ctx.faker("correction")
    intakes = _intake_dates(ctx, rng)
    minors = set(rng.sample(range(len(intakes)), MINORS))
    used: set[str] = set()
    subjects = []
    for i, received in enumerate(intakes):
        ctype = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
        s = Subject(
            region=rng.choice(ctx.townships),
            correction_type=ctype,
            received_on=received,
            status=SubjectStatus.ACTIVE,
            **_person(ctx, rng, fake, received, i in minors, used),
        )
        subjects.append(s)
    _end(ctx, rng, subjects)
    seed = len(subjects)
    subjects += _later_subjects(ctx, subjects, used)
    intake = deadlines.period(INTAKE_PERIOD.code, ctx.county)
    for s in subjects:
        s.is_minor = s.derive_minor()
        s.intake_due = s.compute_intake_due(intake)
    created = bulk_create_with_history(Subject, subjects)
    # history masks the ID numbers itself (audit_masked_fields); sealed rows are not rewritten
    return created[:seed], created[seed:]


def _end(ctx, rng, subjects: list[Subject]) -> None:
    """Each year's endings, first in first out; the rest stay under correction."""
    active = sorted(subjects, key=lambda s: (s.received_on, s.id_number))
    for year in ctx.years:
        year_end = dt.date(year, 12, 31)
        eligible = [s for s in active if s.received_on < year_end]
        for s in eligible[: ctx.target(year, "correction.released")]:
            start = max(dt.date(year, 1, 1), s.received_on + dt.timedelta(days=1))
            s.ended_on = ctx.dates(rng, year, 1, start=start)[0]
            reason = EndReason.EXPIRED
            roll = rng.random()
            if roll < 0.06 and s.correction_type in REVOKE:
                reason = REVOKE[s.correction_type]
            elif roll > 0.99:
                reason = EndReason.DEATH
            s.end_reason = reason
            if reason == EndReason.EXPIRED:
                s.status, s.period_end = SubjectStatus.RELEASED, s.ended_on
            else:
                s.status = SubjectStatus.TERMINATED
                s.period_end = s.ended_on + dt.timedelta(days=rng.randint(90, 600))
            active.remove(s)
    for s in active:
        s.period_end = dt.date(ctx.years[-1] + 1, 1, 1) + dt.timedelta(days=rng.randint(0, 600))


# --- the files ----------------------------------------------------------------------------------


def _open_file(rng, fake, s: Subject, rows: dict, kw: dict) -> None:
    """A new file's team and first classification. 社区矫正法 art. 25: a female subject's team
    includes a woman (the office staff member)."""
    staff_gender = Gender.FEMALE if s.gender == Gender.FEMALE else rng.choice(list(Gender))
    rows[TeamMember] += [
        TeamMember(
            name=fake.name_female() if staff_gender == Gender.FEMALE else fake.name_male(),
            gender=staff_gender,
            role=TeamRole.OFFICE_STAFF,
            **kw,
        ),
        TeamMember(
            name=fake.name(),
            gender=rng.choice(list(Gender)),
            role=rng.choice([TeamRole.FAMILY, TeamRole.COMMITTEE]),
            **kw,
        ),
    ]
    rows[Classification].append(
        Classification(
            level=ClassLevel.NORMAL,
            decided_on=s.received_on,
            reason="入矫初期，按普管管理",
            **kw,
        )
    )


def _files(ctx, rng, subjects: list[Subject]) -> None:
    fake = ctx.faker("correction")
    rows: dict[type, list] = {
        m: []
        for m in (
            TeamMember,
            Classification,
            SupervisionEvent,
            LeaveRequest,
            Monitoring,
            RewardPenalty,
        )
    }
    for s in subjects:
        kw = dict(subject=s, region_id=s.region_id)
        _open_file(rng, fake, s, rows, kw)
        # the seed years' file; what follows 2022 comes from _later_files
        last = min(s.ended_on or dt.date(ctx.years[-1], 12, 31), dt.date(ctx.years[-1], 12, 31))
        rows[SupervisionEvent].append(
            SupervisionEvent(kind="report", date=s.received_on, note="到司法所报到", **kw)
        )
        for day in ctx.dates(rng, 0, rng.randint(1, 3), start=s.received_on, end=last):
            rows[SupervisionEvent].append(
                SupervisionEvent(
                    kind=rng.choice(["visit", "info_check"]), date=day, note="情况正常", **kw
                )
            )
        if (last - s.received_on).days > 60 and rng.random() < 0.12:
            rows[LeaveRequest].append(_leave(rng, s, last, kw))
        if s.end_reason in REQUEST:
            _revocation(rng, s, rows, kw)
    for model, objs in rows.items():
        bulk_create_with_history(model, objs)


def _leave(rng, s, last, kw) -> LeaveRequest:
    applied = s.received_on + dt.timedelta(days=rng.randint(20, (last - s.received_on).days - 30))
    length = rng.choice([3, 5, 7, 10, 15])
    start = applied + dt.timedelta(days=3)
    return LeaveRequest(
        applied_on=applied,
        leave_from=start,
        leave_to=start + dt.timedelta(days=length - 1),
        destination=rng.choice(["西安市", "咸阳市", "宝鸡市", "兰州市"]),
        reason=rng.choice(["就医", "探亲", "务工"]),
        approver_level=ApproverLevel.OFFICE if length <= 7 else ApproverLevel.COUNTY,
        decision=LeaveDecision.APPROVED,
        decided_on=applied + dt.timedelta(days=1),
        **kw,
    )


def _revocation(rng, s, rows, kw) -> None:
    """A warning, monitoring while revocation is requested, then the request itself."""
    warned = max(s.received_on, s.ended_on - dt.timedelta(days=80))
    rows[RewardPenalty].append(
        RewardPenalty(kind=MeasureKind.WARNING, decided_on=warned, reason="违反监督管理规定", **kw)
    )
    requested = max(warned, s.ended_on - dt.timedelta(days=30))
    rows[RewardPenalty].append(
        RewardPenalty(
            kind=REQUEST[s.end_reason],
            decided_on=requested,
            reason="经警告后仍违反监督管理规定",
            **kw,
        )
    )
    rows[Monitoring].append(
        Monitoring(
            ground=MonitoringGround.REVOCATION,
            start_on=requested,
            end_on=s.ended_on,
            approved_by="局长",
            approved_by_head=True,
            approved_on=requested,
            **kw,
        )
    )


# --- typed activities ---------------------------------------------------------------------------
def _activities(ctx, rng) -> None:
    types = {t.code: t for t in ActivityType.objects.filter(code__startswith="correction_")}
    rows = []
    for year in ctx.years:
        plan = [
            (
                "correction_spot_check",
                ctx.target(year, "correction.inspections"),
                "社区矫正案件执法抽查检查",
            ),
            (
                "correction_joint_check",
                ctx.target(year, "correction.joint_inspections"),
                "联合县人民检察院开展社区矫正执法检查",
            ),
            ("correction_committee_meeting", 2, "县社区矫正委员会会议"),
        ]
        for code, n, title in plan:
            for day in ctx.dates(rng, year, n):
                quantities = {"attendees": rng.randint(15, 30)} if code.endswith("meeting") else {}
                rows.append(
                    Activity(
                        type=types[code],
                        date=day,
                        title=f"{year}年{title}",
                        region=ctx.county,
                        quantities=quantities,
                    )
                )
    bulk_create_with_history(Activity, rows)


# --- after the seed years -----------------------------------------------------------------------
# Open assessments today: days from today to their deadline (one this week, one later); and
# one person whose judgment took effect days ago, expected to report (intake due this week).
OPEN_ASSESSMENTS_DUE_IN = (3, 12)
PENDING_JUDGED_DAYS_AGO = 5


def _part(ctx, year: int) -> float:
    """The share of `year` the demo covers (1 for a past year, less for today's)."""
    return ((ctx.year_end(year) - dt.date(year, 1, 1)).days + 1) / 365


def _release(s: Subject) -> None:
    s.status, s.ended_on, s.end_reason = SubjectStatus.RELEASED, s.period_end, EndReason.EXPIRED


def _later_subjects(ctx, subjects: list[Subject], used: set[str]) -> list[Subject]:
    """2023 up to today. Subjects still under correction at the end of 2022 are released when
    their period ends (if that is by today); each later year takes in about 2022's number (scaled
    to the part of the year gone, ± noise), released at the end of their period if it has come;
    one person is expected to report in the coming days (待接收)."""
    for s in subjects:
        if s.ended_on is None and s.period_end <= ctx.today:
            _release(s)
    fake = ctx.faker("correction:later")
    out = []
    for year in ctx.later_years:
        rng = ctx.later_rng("correction", year)
        n = round(
            ctx.target(year, "correction.received") * _part(ctx, year) * rng.uniform(0.9, 1.1)
        )
        for received in ctx.dates(rng, year, n, end=ctx.year_end(year)):
            ctype = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
            person = _person(ctx, rng, fake, received, False, used)
            person["judgment_effective_on"] = person["period_start"] = max(
                person["judgment_effective_on"], dt.date(2023, 1, 1)
            )
            s = Subject(
                region=rng.choice(ctx.townships),
                correction_type=ctype,
                received_on=max(received, person["judgment_effective_on"]),
                status=SubjectStatus.ACTIVE,
                period_end=received + dt.timedelta(days=rng.randint(240, 1000)),
                **person,
            )
            if s.period_end <= ctx.today:
                _release(s)
            out.append(s)
    rng = ctx.later_rng("correction", "pending")
    judged = ctx.today - dt.timedelta(days=PENDING_JUDGED_DAYS_AGO)
    person = _person(ctx, rng, fake, judged, False, used)
    person["judgment_effective_on"] = person["period_start"] = judged
    out.append(
        Subject(
            region=rng.choice(ctx.townships),
            correction_type=CorrectionType.PROBATION,
            status=SubjectStatus.PENDING,
            period_end=judged + dt.timedelta(days=rng.randint(365, 900)),
            **person,
        )
    )
    return out


def _later_files(ctx, seed: list[Subject], later: list[Subject]) -> None:
    """The files after 2022: the new subjects' team, classification and reports from intake;
    visits and checks for everyone under correction, up to the end of correction or today."""
    rng = ctx.later_rng("correction", "files")
    fake = ctx.faker("correction:later")
    rows: dict[type, list] = {m: [] for m in (TeamMember, Classification, SupervisionEvent)}
    rows[LeaveRequest] = []
    first = dt.date(ctx.years[-1] + 1, 1, 1)
    for s in [*seed, *later]:
        if s.received_on is None or (s.ended_on and s.ended_on < first):
            continue
        kw = dict(subject=s, region_id=s.region_id)
        last = min(s.ended_on or ctx.today, ctx.today)
        start = first
        if s.received_on >= first:  # taken in after the seed years: a new file
            start = s.received_on
            _open_file(rng, fake, s, rows, kw)
            rows[SupervisionEvent].append(
                SupervisionEvent(kind="report", date=s.received_on, note="到司法所报到", **kw)
            )
            if (last - s.received_on).days > 60 and rng.random() < 0.12:
                rows[LeaveRequest].append(_leave(rng, s, last, kw))
        months = max(1, (last - start).days // 120)  # a visit or check every four months or so
        for day in ctx.dates(rng, 0, months, start=start, end=last):
            rows[SupervisionEvent].append(
                SupervisionEvent(
                    kind=rng.choice(["visit", "info_check"]), date=day, note="情况正常", **kw
                )
            )
    for model, objs in rows.items():
        bulk_create_with_history(model, objs)


def _later_assessments(ctx) -> None:
    """Each later year's assessments as in 2022 (scaled to the part of the year gone, ± noise),
    finished by today; a couple received lately are still open."""
    fake = ctx.faker("correction:later")
    periods = {
        flag: deadlines.period(code, ctx.county)
        for flag, code in (
            (False, ASSESSMENT_PERIOD.code),
            (True, ASSESSMENT_EXPEDITED_PERIOD.code),
        )
    }
    rows = []

    def new(rng, received, expedited=None):
        obj = Assessment(
            region=rng.choice(ctx.townships),
            person_name=fake.name(),
            commissioner=rng.choices(list(Commissioner), weights=[70, 15, 10, 5])[0],
            expedited=rng.random() < 0.15 if expedited is None else expedited,
            received_on=received,
        )
        obj.commissioner_name = f"{ctx.profile.county_name}县{obj.get_commissioner_display()}"
        obj.due_on = obj.compute_due(periods[obj.expedited])
        rows.append(obj)
        return obj

    for year in ctx.later_years:
        rng = ctx.later_rng("correction", f"{year}:assessments")
        n = round(
            ctx.target(year, "correction.assessments") * _part(ctx, year) * rng.uniform(0.9, 1.1)
        )
        for day in ctx.dates(rng, year, n, end=ctx.year_end(year)):
            received = max(day - dt.timedelta(days=rng.randint(2, 12)), dt.date(year, 1, 1))
            obj = new(rng, received)
            obj.finished_on = min(day, obj.due_on)
            obj.opinion = Opinion.SUITABLE if rng.random() < 0.85 else Opinion.UNSUITABLE
    rng = ctx.later_rng("correction", "open assessments")
    for days in OPEN_ASSESSMENTS_DUE_IN:
        due = ctx.today + dt.timedelta(days=days)
        received = due
        while deadlines.due_date(received, periods[False]).due > due:
            received -= dt.timedelta(days=1)
        new(rng, received, expedited=False)
    bulk_create_with_history(Assessment, rows)


def _later_activities(ctx) -> None:
    types = {t.code: t for t in ActivityType.objects.filter(code__startswith="correction_")}
    rows = []
    for year in ctx.later_years:
        rng = ctx.later_rng("correction", f"{year}:activities")
        part, end = _part(ctx, year), ctx.year_end(year)
        plan = [
            (
                "correction_spot_check",
                ctx.target(year, "correction.inspections"),
                "社区矫正案件执法抽查检查",
            ),
            (
                "correction_joint_check",
                ctx.target(year, "correction.joint_inspections"),
                "联合县人民检察院开展社区矫正执法检查",
            ),
            ("correction_committee_meeting", 2, "县社区矫正委员会会议"),
        ]
        for code, n, title in plan:
            for day in ctx.dates(rng, year, round(n * part), end=end):
                quantities = {"attendees": rng.randint(15, 30)} if code.endswith("meeting") else {}
                rows.append(
                    Activity(
                        type=types[code],
                        date=day,
                        title=f"{year}年{title}",
                        region=ctx.county,
                        quantities=quantities,
                    )
                )
    bulk_create_with_history(Activity, rows)
