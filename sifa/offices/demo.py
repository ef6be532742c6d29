"""Demo records of the offices line: staff of each judicial office and building projects.

Each year three offices finish a building project; 2022's three (白石, 柳林, 青岗) together
cost exactly the target investment. One project started in late 2022 is still under way.
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
    bulk_create_with_history(OfficeStaff, rows)


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
    bulk_create_with_history(BuildingProject, rows)
