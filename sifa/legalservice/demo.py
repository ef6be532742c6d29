"""Demo records of the legalservice line: yearly advisor contracts for every village and the
advisors' service records (the platforms themselves are built with the demo county's units).

After 2022 each year, up to the demo's today, draws from its own stream (`ctx.later_rng`): the
year's contracts (same advisors, a firm changing its lawyer now and then) and services at about
2022's volume, scaled to the part of the current year gone."""

from __future__ import annotations

import datetime as dt

from sifa.core.audit import bulk_create_with_history

from .models import AdvisorContract, AdvisorService, ServiceKind

ORDER = 60
SERVICES_PER_VILLAGE = (3, 9)  # service records per village and year


def generate(ctx) -> None:
    rng = ctx.rng("legalservice")
    fake = ctx.faker("legalservice")
    firms = ctx.units("law_firm")
    # One advisor per village, kept across years (a firm may change its lawyer now and then).
    advisor = {v.code: (rng.choice(firms), fake.name()) for v in ctx.villages}
    contracts = []

    def year_of_contracts(year: int, rng, fake) -> None:
        """Every village's contract for `year`, its firm changing its lawyer now and then."""
        for village in ctx.villages:
            firm, lawyer = advisor[village.code]
            if rng.random() < 0.1:
                firm, lawyer = rng.choice(firms), fake.name()
                advisor[village.code] = (firm, lawyer)
            contracts.append(
                AdvisorContract(
                    region=village,
                    lawyer=lawyer,
                    law_firm=firm,
                    starts_on=dt.date(year, 1, 1),
                    ends_on=dt.date(year, 12, 31),
                )
            )

    for year in ctx.years:
        year_of_contracts(year, rng, fake)
    seed_contracts = len(contracts)
    later_fake = ctx.faker("legalservice:later")
    for year in ctx.later_years:
        year_of_contracts(year, ctx.later_rng("legalservice", year), later_fake)
    contracts = bulk_create_with_history(AdvisorContract, contracts)

    kinds = ServiceKind.values
    weights = [50, 15, 12, 10, 8, 5]
    services = []
    for year in ctx.years:
        of_year = [c for c in contracts if c.starts_on.year == year]
        counts = [rng.randint(*SERVICES_PER_VILLAGE) for _ in of_year]
        people = ctx.split(
            rng, ctx.target(year, "legalservice.advisor_services"), sum(counts), minimum=1
        )
        it = iter(people)
        for contract, n in zip(of_year, counts, strict=True):
            for day in ctx.dates(rng, year, n, start=contract.starts_on, end=contract.ends_on):
                services.append(
                    AdvisorService(
                        contract=contract,
                        region_id=contract.region_id,
                        date=day,
                        people_served=next(it),
                        kind=rng.choices(kinds, weights)[0],
                    )
                )
    for year in ctx.later_years:
        rng_y = ctx.later_rng("legalservice", f"{year}:services")
        end = ctx.year_end(year)
        part = ctx.year_part(year)
        of_year = [c for c in contracts[seed_contracts:] if c.starts_on.year == year]
        counts = [round(rng_y.randint(*SERVICES_PER_VILLAGE) * part) for _ in of_year]
        total = max(ctx.later_count(rng_y, year, "legalservice.advisor_services"), sum(counts))
        it = iter(ctx.split(rng_y, total, sum(counts), minimum=1))
        for contract, n in zip(of_year, counts, strict=True):
            for day in ctx.dates(rng_y, year, n, start=contract.starts_on, end=end):
                services.append(
                    AdvisorService(
                        contract=contract,
                        region_id=contract.region_id,
                        date=day,
                        people_served=next(it),
                        kind=rng_y.choices(kinds, weights)[0],
                    )
                )
    bulk_create_with_history(AdvisorService, services)
