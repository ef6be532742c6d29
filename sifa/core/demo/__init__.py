"""The demo county: a deterministic generator of a believable county and its records.

`build()` creates the region tree, units, county profile and one account per role, then calls
each business line's `demo.generate(ctx)` (module `sifa.<line>.demo`, ordered by its `ORDER`).
Every random choice comes from `ctx.rng(name)`, a stream seeded by the line's name, so a line's
data does not change when another line draws more numbers; Faker is seeded the same way.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from faker import Faker

from ..models import CountyProfile, Region, Unit
from . import county as county_data
from .targets import target

DEMO_SEED = 2022
YEARS = (2020, 2021, 2022)


@dataclass
class DemoContext:
    seed: int
    county: Region
    townships: list[Region]
    villages: list[Region]
    profile: CountyProfile
    years: tuple[int, ...] = YEARS
    # The demo's "today": records after the seed years run up to it (never later).
    today: dt.date = field(default_factory=dt.date.today)
    _rngs: dict = field(default_factory=dict)
    _fakers: dict = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """An independent, reproducible random stream for one generator."""
        if name not in self._rngs:
            self._rngs[name] = random.Random(f"{self.seed}:{name}")
        return self._rngs[name]

    def faker(self, name: str) -> Faker:
        if name not in self._fakers:
            fake = Faker("zh_CN")
            fake.seed_instance(f"{self.seed}:{name}")
            self._fakers[name] = fake
        return self._fakers[name]

    def target(self, year: int, figure: str) -> int:
        return target(year, figure)

    @property
    def later_years(self) -> tuple[int, ...]:
        """The years after the seed years up to today's (the last one partial)."""
        return tuple(range(self.years[-1] + 1, self.today.year + 1))

    def year_end(self, year: int) -> dt.date:
        """The last day of `year` the demo may date a record on: 31 December, or today."""
        return min(dt.date(year, 12, 31), self.today)

    def later_rng(self, line: str, year: int) -> random.Random:
        """A line's stream for a year after the seed years: a new name, so drawing from it
        leaves every number the seed years' stream gives unchanged."""
        return self.rng(f"{line}:{year}")

    def year_part(self, year: int) -> float:
        """The share of `year` gone by `year_end(year)`: 1.0 for a whole year."""
        return ((self.year_end(year) - dt.date(year, 1, 1)).days + 1) / 365

    def later_count(
        self, rng: random.Random, year: int, figure: str, *, spread: float = 0.12
    ) -> int:
        """A later year's volume of `figure`: the year's target, scaled to the part of the year
        gone, give or take `spread` (drawn from `rng`)."""
        base = self.target(year, figure) * min(1.0, self.year_part(year))
        return max(0, round(base * rng.uniform(1 - spread, 1 + spread)))

    def units(self, kind: str) -> list[Unit]:
        return list(Unit.objects.filter(kind=kind).order_by("id"))

    def office_of(self, township: Region) -> Unit:
        return Unit.objects.get(kind="judicial_office", region=township)

    def villages_of(self, township: Region) -> list[Region]:
        return [v for v in self.villages if v.parent_id == township.code]

    @staticmethod
    def dates(
        rng: random.Random,
        year: int,
        n: int,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[dt.date]:
        """n sorted dates in [start, end] (default the whole year)."""
        start = start or dt.date(year, 1, 1)
        end = end or dt.date(year, 12, 31)
        span = (end - start).days
        return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))

    @staticmethod
    def split(rng: random.Random, total: int, parts: int, *, minimum: int = 0) -> list[int]:
        """`total` split into `parts` non-negative integers (each ≥ minimum) summing to it."""
        if parts <= 0:
            return []
        base = [minimum] * parts
        rest = total - minimum * parts
        if rest < 0:
            raise ValueError("total too small for the minimum")
        cuts = sorted(rng.randint(0, rest) for _ in range(parts - 1))
        pieces = [b - a for a, b in zip([0, *cuts], [*cuts, rest], strict=True)]
        return [b + p for b, p in zip(base, pieces, strict=True)]


def line_generators():
    """(ORDER, name, generate) of every line app that ships a demo module."""
    found = []
    for app in settings.SIFA_LINE_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        found.append((getattr(module, "ORDER", 50), app, module.generate))
    return sorted(found, key=lambda t: (t[0], t[1]))


def existing() -> CountyProfile | None:
    return CountyProfile.objects.select_related("region").first()


def build(
    *,
    seed: int = DEMO_SEED,
    password: str | None = None,
    progress=None,
    today: dt.date | None = None,
) -> DemoContext:
    """Build the demo county in an empty database (one transaction); returns its context.

    Records run from 2020 up to `today` (default the real date; tests pass a fixed one); the
    seed years 2020–2022 do not depend on it."""
    progress = progress or (lambda msg: None)
    today = today or dt.date.today()
    with transaction.atomic():
        progress("建立区域、机构与县情设置……")
        profile, townships, villages = county_data.build_county()
        ctx = DemoContext(
            seed=seed,
            county=profile.region,
            townships=townships,
            villages=villages,
            profile=profile,
            today=today,
        )
        county_data.build_units(ctx)
        county_data.build_accounts(ctx, password=password)
        for _order, app, generate in line_generators():
            progress(f"生成业务数据：{app.split('.')[-1]}……")
            generate(ctx)
    return ctx
