"""Demo records of the team line for 2020–2022: activities, donations, the paired village.

2022 hits the seed's figures exactly (ctx.target); no staff misconduct and no mass incident in
2020–2022, so the report writes the seed's "近三年…未发生" sentence.

After 2022 the line runs to the demo's today, each year from its own stream (`ctx.later_rng`):
the same activities and donations at about 2022's volume (scaled to the part of the current
year gone), a new first secretary in June 2024, and one project a year in the paired village
(the current year's still being built until its completion day has come).
"""

from __future__ import annotations

import datetime as dt

from sifa.core.audit import bulk_create_with_history
from sifa.core.models import Activity, ActivityType

from .models import Donation, DonationKind, FirstSecretary, VillageProject

ORDER = 80

# (figure id, type code, title pattern, where: "county" | "village" | "township")
COUNTED = [
    ("team.rotation_classes", "rotation_class", "{year}年第{n}期政治轮训班", "county"),
    ("team.party_lessons", "party_lesson", "{year}年主题党课（第{n}讲）", "county"),
    ("team.study_sessions", "study_session", "{year}年第{n}次集中学习会", "county"),
    ("team.party_days", "party_day", "{year}年主题党日活动（第{n}次）", "county"),
    ("rural.consultation_events", "agri_consultation", "涉农法律咨询活动", "village"),
    ("rural.enterprise_checkups", "enterprise_checkup", "乡村企业“法治体检”", "township"),
    ("rural.policy_lectures", "agri_policy_lecture", "涉农法律政策宣讲", "village"),
]

# Activities whose figure is a quantity: (type, title, figure of the count or None,
# number of events per year when not counted, {measure: figure}).
VISIT_MEASURES = {
    "letters": "visits.letters",
    "outlines": "visits.outlines",
    "mock_surveys": "visits.mock_surveys",
    "posters": "visits.posters",
    "materials": "visits.materials",
    "registrations": "visits.registrations",
    "surveys": "visits.surveys",
}
VOLUNTEER_EVENTS = {2020: 10, 2021: 12, 2022: 14}
VISITS_PER_YEAR = 36

PROJECTS = {
    2020: ("便民桥修缮工程", dt.date(2020, 3, 10)),
    2021: ("村道路灯安装工程", dt.date(2021, 4, 6)),
    2022: ("村文化广场建设", dt.date(2022, 3, 15)),
}
LATER_PROJECTS = [
    "产业路硬化工程",
    "饮水安全提升工程",
    "村级活动室改造",
    "村史馆建设",
    "污水管网改造",
]
ROTATION = dt.date(2024, 6, 1)  # the next first secretary takes over


def _street_villages(ctx):
    """Villages (村, not 社区) with a two-character name in the street townships (街道)."""
    out = []
    for town in ctx.townships:
        if town.name.endswith("街道"):
            out += [v for v in ctx.villages_of(town) if v.name.endswith("村") and len(v.name) == 3]
    return out


def _place(rng, ctx, where: str):
    if where == "county":
        return ctx.county
    if where == "township":
        return rng.choice(ctx.townships)
    return rng.choice(ctx.villages)


def _activities(ctx, rng, types) -> list[Activity]:
    acts = []
    for year in ctx.years:
        acts += _year_activities(ctx, rng, year, types, lambda f, y=year: ctx.target(y, f))
    for year in ctx.later_years:
        later = ctx.later_rng("team", year)
        acts += _year_activities(
            ctx,
            later,
            year,
            types,
            lambda f, y=year, r=later: ctx.later_count(r, y, f),
            part=ctx.year_part(year),
            end=ctx.year_end(year),
        )
    return acts


def _year_activities(ctx, rng, year, types, count, *, part=1.0, end=None) -> list[Activity]:
    """One year's activities, `count(figure)` giving the volumes, none dated after `end`."""
    acts = []
    for figure, code, title, where in COUNTED:
        n = count(figure)
        for i, day in enumerate(ctx.dates(rng, year, n, end=end), start=1):
            acts.append(
                Activity(
                    type=types[code],
                    date=day,
                    region=_place(rng, ctx, where),
                    title=title.format(year=year, n=i),
                )
            )
    # 乡村振兴法治课堂: count and attendees
    n = count("rural.classes")
    attendees = ctx.split(rng, max(count("rural.class_attendees"), 300 * n), n, minimum=300)
    days = ctx.dates(rng, year, n, end=end)
    for i, (day, people) in enumerate(zip(days, attendees, strict=True)):
        acts.append(
            Activity(
                type=types["rural_law_class"],
                date=day,
                region=rng.choice(ctx.townships),
                title=f"{year}年“乡村振兴法治课堂”第{i + 1}场",
                quantities={"attendees": people},
            )
        )
    # volunteering (疫情值守、果园防冻): person-times
    n = VOLUNTEER_EVENTS.get(year) or round(VOLUNTEER_EVENTS[2022] * part)
    times = ctx.split(rng, max(count("rural.volunteer_person_times"), 5 * n), n, minimum=5)
    for day, pt in zip(ctx.dates(rng, year, n, end=end), times, strict=True):
        title = "果园防冻志愿服务" if day.month in (3, 4, 11, 12) else "疫情值守志愿服务"
        acts.append(
            Activity(
                type=types["volunteering"],
                date=day,
                region=rng.choice(ctx.townships),
                title=title,
                quantities={"person_times": pt},
            )
        )
    # 干警大走访: every measure split over the year's visits
    n = round(VISITS_PER_YEAR * part)
    parts = {m: ctx.split(rng, max(count(f), n), n, minimum=1) for m, f in VISIT_MEASURES.items()}
    for i, day in enumerate(ctx.dates(rng, year, n, end=end)):
        village = rng.choice(ctx.villages)
        acts.append(
            Activity(
                type=types["household_visit"],
                date=day,
                region=village,
                title=f"干警大走访（{village.name}）",
                quantities={m: parts[m][i] for m in VISIT_MEASURES},
            )
        )
    return acts


def _donations(ctx, rng) -> list[Donation]:
    out = []
    for year in ctx.years:
        out += _year_donations(ctx, rng, year)
    for year in ctx.later_years:
        out += _year_donations(ctx, ctx.later_rng("team.donations", year), year, later=True)
    return out


def _year_donations(ctx, rng, year, *, later=False) -> list[Donation]:
    out = []
    end = ctx.year_end(year) if later else dt.date(year, 12, 31)
    part = ctx.year_part(year) if later else 1.0
    for kind, figure, pieces, minimum, note in (
        (
            DonationKind.FLOOD_RELIEF,
            "rural.flood_donation_yuan",
            3,
            1000,
            "干部职工防汛救灾捐款",
        ),
        (
            DonationKind.CONSUMPTION_AID,
            "rural.consumption_aid_yuan",
            4,
            1000,
            "购买帮扶村农产品",
        ),
    ):
        if later:
            pieces = round(pieces * part)
            total = max(ctx.later_count(rng, year, figure), minimum * pieces)
        else:
            total = ctx.target(year, figure)
        amounts = ctx.split(rng, total, pieces, minimum=minimum)
        for day, amount in zip(ctx.dates(rng, year, pieces, end=end), amounts, strict=True):
            out.append(
                Donation(kind=kind, date=day, amount_yuan=amount, region=ctx.county, note=note)
            )
    return out


def generate(ctx) -> None:
    rng = ctx.rng("team")
    fake = ctx.faker("team")
    types = {t.code: t for t in ActivityType.objects.filter(line="team")}
    bulk_create_with_history(Activity, _activities(ctx, rng, types))
    bulk_create_with_history(Donation, _donations(ctx, rng))

    # The bureau's posted first secretaries: one until May 2021, the next one since.
    villages = _street_villages(ctx)
    first, current = rng.sample(villages, 2)
    secretaries = [
        FirstSecretary(
            person=fake.name(),
            township=first.parent,
            region=first,
            started_on=dt.date(2019, 3, 1),
            ended_on=dt.date(2021, 5, 31),
        ),
        FirstSecretary(
            person=fake.name(),
            township=current.parent,
            region=current,
            started_on=dt.date(2021, 6, 1),
        ),
    ]
    if ctx.today >= ROTATION:
        later_fake = ctx.faker("team:later")
        successor = ctx.later_rng("team", "secretary").choice(
            [v for v in villages if v not in (first, current)]
        )
        secretaries[-1].ended_on = ROTATION - dt.timedelta(days=1)
        secretaries.append(
            FirstSecretary(
                person=later_fake.name(),
                township=successor.parent,
                region=successor,
                started_on=ROTATION,
            )
        )
    bulk_create_with_history(FirstSecretary, secretaries)

    # One project completed in the paired village each year (2022: the 文化广场).
    projects = []
    for year in ctx.years:
        name, started = PROJECTS[year]
        village = first if year < 2021 else current
        completed = started + dt.timedelta(days=rng.randint(90, 200))
        invest = ctx.target(year, "rural.village_project_yuan")
        projects.append(
            VillageProject(
                region=village,
                name=f"{village.name}{name}",
                investment_yuan=invest,
                started_on=started,
                completed_on=completed,
            )
        )
    for year in ctx.later_years:
        later = ctx.later_rng("team.projects", year)
        village = secretaries[-1].region if year >= ROTATION.year + 1 else current
        started = dt.date(year, 3, 1) + dt.timedelta(days=later.randint(0, 50))
        if started > ctx.today:
            continue
        completed = started + dt.timedelta(days=later.randint(90, 200))
        invest = round(ctx.target(year, "rural.village_project_yuan") * later.uniform(0.8, 1.2), -3)
        projects.append(
            VillageProject(
                region=village,
                name=f"{village.name}{LATER_PROJECTS[(year - 2023) % len(LATER_PROJECTS)]}",
                investment_yuan=int(invest),
                started_on=started,
                completed_on=completed if completed <= ctx.today else None,
            )
        )
    bulk_create_with_history(VillageProject, projects)
