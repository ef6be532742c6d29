"""Demo records of the offices line: staff of each judicial office and building projects.

Each year three offices finish a building project; 2022's three (白石, 柳林, 青岗) together
cost exactly the target investment. One project started in late 2022 is still under way then.

After 2022, each year from its own stream (`ctx.later_rng`): that project is completed in the
spring of 2023, three offices a year finish a project (the current year's still being built
until their completion day has come), and now and then someone moves on and a successor takes
the post.
"""

from __future__ import annotations

import datetime as dt

from sifa.core.audit import bulk_create_with_history
from sifa.core.models import UnitKind

from .models import BuildingProject, OfficeStaff, Post, ProjectKind

ORDER = 45
# Offices (by short name) completing a project each year, in completion order.
PROJECT_OFFICES = {
    2020: ["桥东", "双龙", "河西"],
    2021: ["白石", "青岗", "桥东"],
    2022: ["白石", "柳林", "青岗"],
}
TARGET = "offices.construction_investment_yuan"


def generate(ctx) -> None:
    rng = ctx.rng("offices")
    offices = {u.short_name: u for u in ctx.units(UnitKind.JUDICIAL_OFFICE)}
    _staff(ctx, rng, list(offices.values()))
    _projects(ctx, rng, offices)


def _staff(ctx, rng, offices) -> None:
    fake = ctx.faker("offices")
    rows = []
    for office in offices:
        posts = [Post.HEAD, Post.DEPUTY] + [Post.STAFF] * rng.randint(1, 3) + [Post.ASSISTANT]
        for post in posts:
            since = dt.date(rng.randint(2012, 2019), rng.randint(1, 12), rng.randint(1, 28))
            until = None
            if rng.random() < 0.25:  # moved on during 2020–2022; a successor took the post
                until = dt.date(rng.choice(ctx.years), rng.randint(1, 12), rng.randint(1, 28))
                rows.append(
                    OfficeStaff(
                        office=office,
                        region_id=office.region_id,
                        name=fake.name(),
                        post=post,
                        since=until + dt.timedelta(days=rng.randint(1, 30)),
                    )
                )
            rows.append(
                OfficeStaff(
                    office=office,
                    region_id=office.region_id,
                    name=fake.name(),
                    post=post,
                    since=since,
                    until=until,
                )
            )
    rows += _later_staff(ctx, rows)
    bulk_create_with_history(OfficeStaff, rows)


def _later_staff(ctx, rows: list[OfficeStaff]) -> list[OfficeStaff]:
    """2023 up to today: about one post in twelve changes hands a year; the successor starts
    within a month (a post may stand empty on today while the successor is still to come)."""
    fake = ctx.faker("offices:later")
    new: list[OfficeStaff] = []
    for year in ctx.later_years:
        rng = ctx.later_rng("offices", year)
        end = ctx.year_end(year)
        serving = [r for r in [*rows, *new] if r.until is None and r.since < end]
        for person in serving:
            if rng.random() >= 0.08 * ctx.year_part(year):
                continue
            start = max(person.since + dt.timedelta(days=1), dt.date(year, 1, 1))
            if start > end:
                continue
            person.until = ctx.dates(rng, year, 1, start=start, end=end)[0]
            since = person.until + dt.timedelta(days=rng.randint(1, 30))
            if since <= ctx.today:
                new.append(
                    OfficeStaff(
                        office=person.office,
                        region_id=person.region_id,
                        name=fake.name(),
                        post=person.post,
                        since=since,
                    )
                )
    return new


def _projects(ctx, rng, offices) -> None:
    rows = []
    for year in ctx.years:
        names = PROJECT_OFFICES[year]
        total = ctx.target(year, TARGET)
        # Amounts in whole thousands of yuan, each at least 200,000, summing to the target.
        parts = ctx.split(rng, total // 1000 - 200 * len(names), len(names))
        amounts = [(p + 200) * 1000 for p in parts]
        amounts[-1] += total - sum(amounts)
        days = ctx.dates(rng, year, len(names), start=dt.date(year, 4, 1))
        for name, amount, completed in zip(names, amounts, days, strict=True):
            office = offices[name]
            kind = ProjectKind.NEW if amount >= 500_000 else ProjectKind.RENOVATION
            rows.append(
                BuildingProject(
                    office=office,
                    region_id=office.region_id,
                    kind=kind,
                    investment_yuan=amount,
                    started_on=completed - dt.timedelta(days=rng.randint(90, 300)),
                    completed_on=completed,
                    title=f"{office.name}业务用房{kind.label}",
                )
            )
    office = offices["双龙"]
    rows.append(
        BuildingProject(
            office=office,
            region_id=office.region_id,
            kind=ProjectKind.RENOVATION,
            investment_yuan=180_000,
            started_on=dt.date(2022, 10, 15),
            completed_on=None,
            title=f"{office.name}业务用房{ProjectKind.RENOVATION.label}",
        )
    )
    if ctx.later_years:
        completed = dt.date(2023, 3, 1) + dt.timedelta(
            days=ctx.later_rng("offices", "projects").randint(0, 60)
        )
        rows[-1].completed_on = completed if completed <= ctx.today else None
    rows += _later_projects(ctx, offices)
    bulk_create_with_history(BuildingProject, rows)


def _later_projects(ctx, offices) -> list[BuildingProject]:
    """Three offices a year, about 2022's total investment; a project appears once begun."""
    rows = []
    names = sorted(offices)
    for year in ctx.later_years:
        rng = ctx.later_rng("offices", f"{year}:projects")
        total = round(ctx.target(year, TARGET) * rng.uniform(0.85, 1.15), -3)
        chosen = rng.sample(names, ctx.target(year, "offices.construction_offices"))
        parts = ctx.split(rng, int(total) // 1000 - 200 * len(chosen), len(chosen))
        days = ctx.dates(rng, year, len(chosen), start=dt.date(year, 4, 1))
        for name, part, completed in zip(chosen, parts, days, strict=True):
            office = offices[name]
            amount = (part + 200) * 1000
            # begun within the year, so earlier years' records stay as they were
            started = max(completed - dt.timedelta(days=rng.randint(90, 300)), dt.date(year, 1, 5))
            if started > ctx.today:
                continue
            kind = ProjectKind.NEW if amount >= 500_000 else ProjectKind.RENOVATION
            rows.append(
                BuildingProject(
                    office=office,
                    region_id=office.region_id,
                    kind=kind,
                    investment_yuan=amount,
                    started_on=started,
                    completed_on=completed if completed <= ctx.today else None,
                    title=f"{office.name}业务用房{kind.label}",
                )
            )
    return rows
