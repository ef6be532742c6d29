"""Demo records of the team line for 2020–2022: activities, donations, the paired village.

2022 hits the seed's figures exactly (ctx.target); no staff misconduct and no mass incident in
2020–2022, so the report writes the seed's "近三年…未发生" sentence.
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
        for figure, code, title, where in COUNTED:
            n = ctx.target(year, figure)
            for i, day in enumerate(ctx.dates(rng, year, n), start=1):
                acts.append(
                    Activity(
                        type=types[code],
                        date=day,
                        region=_place(rng, ctx, where),
                        title=title.format(year=year, n=i),
                    )
                )
        # 乡村振兴法治课堂: count and attendees
        n = ctx.target(year, "rural.classes")
        attendees = ctx.split(rng, ctx.target(year, "rural.class_attendees"), n, minimum=300)
        for i, (day, people) in enumerate(zip(ctx.dates(rng, year, n), attendees, strict=True)):
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
        n = VOLUNTEER_EVENTS[year]
        times = ctx.split(rng, ctx.target(year, "rural.volunteer_person_times"), n, minimum=5)
        for day, pt in zip(ctx.dates(rng, year, n), times, strict=True):
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
        n = VISITS_PER_YEAR
        parts = {
            m: ctx.split(rng, ctx.target(year, f), n, minimum=1) for m, f in VISIT_MEASURES.items()
        }
        for i, day in enumerate(ctx.dates(rng, year, n)):
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
            amounts = ctx.split(rng, ctx.target(year, figure), pieces, minimum=minimum)
            for day, amount in zip(ctx.dates(rng, year, pieces), amounts, strict=True):
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
    bulk_create_with_history(VillageProject, projects)
