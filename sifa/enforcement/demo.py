"""Demo records of the enforcement line: agencies, officers and certificates 2020–2022.

The officer stock on 31 December of each year is the year's target; officers hired before 2020
carry one certificate issued 2015–2019 (renewed five years later). Exactly the officers needed
for the 2022 target of certificates issued (`certificates_issued`) get their cycle in 2017, so
their renewal falls in 2022; 2022 recruits are certified by 31 December (rate 100％). In 2020
a few renewals come late (after new year) and in 2021 some December recruits wait for their
certificate until January, so those years stay a little below 100％.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sifa.core.audit import bulk_create_with_history
from sifa.core.idnumber import make
from sifa.core.models import Activity, ActivityType, UnitKind

from .models import (
    CERTIFICATE_VALIDITY,
    INSPECTION_TYPE,
    Certificate,
    CertificateKind,
    EnforcementAgency,
    Officer,
    ThreeSystemsEvaluation,
    add_months,
    expiry_for,
)

ORDER = 40
PRE_2020 = 520  # officers in service on 31 December 2019
LEAVERS = {2020: 18, 2021: 22, 2022: 25}
NOT_AGENCIES = {"县人民政府", "县财政局"}  # units without enforcement powers of their own
INSPECTION_THEMES = [
    "安全生产领域",
    "食品药品安全领域",
    "生态环境保护领域",
    "道路交通运输领域",
    "自然资源领域",
    "城市管理领域",
    "文化市场领域",
    "劳动保障监察领域",
]
POSTS = ["科员", "执法队员", "股长", "副大队长", "大队长", "副局长"]


@dataclass
class _Officer:
    agency: EnforcementAgency
    hired_on: dt.date
    left_on: dt.date | None = None
    cycle_year: int | None = None  # pre-2020 officers: year of the certificate valid in 2020
    certs: list = field(default_factory=list)  # (kind, issued_on, revoked_on)


def _day(rng, year, start=(1, 1), end=(12, 31)) -> dt.date:
    a, b = dt.date(year, *start), dt.date(year, *end)
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def generate(ctx) -> None:
    rng = ctx.rng("enforcement")
    agencies = _agencies(ctx)
    people = _officers(ctx, rng, agencies)
    _certificates(ctx, rng, people)
    seed_people = len(people)
    _later_years(ctx, people, agencies)
    _save(ctx, rng, people, seed_people)
    _inspections(ctx, rng)
    _evaluations(ctx, rng, agencies)
    _later_activities(ctx, agencies)


def _agencies(ctx) -> list[EnforcementAgency]:
    units = [u for u in ctx.units(UnitKind.AGENCY) if u.short_name not in NOT_AGENCIES]
    rows = [
        EnforcementAgency(unit=u, region_id=u.region_id, powers=f"{u.name}法定执法职权")
        for u in units
    ]
    return bulk_create_with_history(EnforcementAgency, rows)


def _officers(ctx, rng, agencies) -> list[_Officer]:
    """Hires and departures so that the 31 December stock is each year's target."""
    pick = lambda: rng.choice(agencies)  # noqa: E731
    people = [_Officer(pick(), _day(rng, rng.randint(1996, 2019))) for _ in range(PRE_2020)]
    stock = PRE_2020
    for year in ctx.years:
        staying = [p for p in people if p.left_on is None]
        for p in rng.sample(staying, LEAVERS[year]):
            p.left_on = max(_day(rng, year), p.hired_on + dt.timedelta(days=1))
        hires = ctx.target(year, "enforcement.officers") - (stock - LEAVERS[year])
        people += [_Officer(pick(), _day(rng, year)) for _ in range(hires)]
        stock += hires - LEAVERS[year]
    return people


def _first_certificate(rng, p: _Officer) -> dt.date:
    """Issued some weeks after joining; recruits of 2022 all hold one by 31 December."""
    issued = p.hired_on + dt.timedelta(days=rng.randint(10, 70))
    if p.hired_on.year == 2022:
        issued = min(issued, dt.date(2022, 12, 31))
    return issued


def _renewal(rng, expires: dt.date, *, late: bool = False) -> dt.date:
    """Renewed within two months before expiry (same calendar year), or a few weeks late."""
    if late:
        return expires + dt.timedelta(days=rng.randint(5, 40))
    early = min(rng.randint(0, 55), (expires - dt.date(expires.year, 1, 1)).days)
    return expires - dt.timedelta(days=early)


def _certificates(ctx, rng, people: list[_Officer]) -> None:
    recruits = [p for p in people if p.hired_on.year >= 2020]
    for p in recruits:
        issued = _first_certificate(rng, p)
        if p.left_on is None or issued < p.left_on:
            p.certs.append([CertificateKind.NEW, issued, None])
    issued_2022 = sum(1 for p in recruits if p.certs and p.certs[0][1].year == 2022)
    # Pre-2020 officers whose five-year cycle ends in 2022: exactly what the target still needs.
    veterans = [p for p in people if p.hired_on.year < 2020]
    survivors = [p for p in veterans if p.left_on is None and p.hired_on.year <= 2017]
    renewing = set(
        map(
            id,
            rng.sample(
                survivors, ctx.target(2022, "enforcement.certificates_issued") - issued_2022
            ),
        )
    )
    for p in veterans:
        if id(p) in renewing:
            p.cycle_year = 2017
        else:
            options = [y for y in (2015, 2016, 2018, 2019) if y >= p.hired_on.year] or [2019]
            p.cycle_year = rng.choices(options, weights=[8, 9, 5, 5][-len(options) :])[0]
        start = max(p.hired_on, dt.date(p.cycle_year, 1, 15))
        issued = start + dt.timedelta(
            days=rng.randint(0, (dt.date(p.cycle_year, 12, 31) - start).days)
        )
        prior = add_months(issued, -60) + dt.timedelta(days=rng.randint(1, 55))
        if prior >= p.hired_on:  # the certificate this one renewed
            p.certs.append([CertificateKind.NEW, prior, None])
        p.certs.append([CertificateKind.RENEWED if p.certs else CertificateKind.NEW, issued, None])
    for p in people:
        if not p.certs:
            continue
        _kind, issued, _ = p.certs[-1]
        expires = expiry_for(issued, CERTIFICATE_VALIDITY.days)
        # A December expiry in 2020 is sometimes renewed only after new year (a lapse).
        late = expires.year == 2020 and expires.month == 12 and rng.random() < 0.4
        renewal = _renewal(rng, expires, late=late)
        if renewal <= dt.date(2022, 12, 31) and (p.left_on is None or renewal < p.left_on):
            p.certs.append([CertificateKind.RENEWED, renewal, None])
        if p.left_on:
            for cert in p.certs:
                if cert[1] <= p.left_on <= expiry_for(cert[1], CERTIFICATE_VALIDITY.days):
                    cert[2] = p.left_on
            p.certs = [c for c in p.certs if c[1] < p.left_on]


def _later_years(ctx, people: list[_Officer], agencies) -> None:
    """2023 up to today: leavers and recruits keep the stock near the year's target, and every
    certificate is renewed shortly before it expires — unless the renewal day is still to come
    (those expiring in the coming weeks are due on the home page), and now and then a few weeks
    late (a lapse, overdue until renewed). Each year draws from its own stream, so the seed
    years' records stay as they were."""
    stock = sum(1 for p in people if p.left_on is None)
    for year in ctx.later_years:
        rng = ctx.later_rng("enforcement", year)
        end = ctx.year_end(year)
        part = ((end - dt.date(year, 1, 1)).days + 1) / 365
        leavers = round(LEAVERS[2022] * part)
        staying = [p for p in people if p.left_on is None]
        for p in rng.sample(staying, leavers):
            day = _day(rng, year, end=(end.month, end.day))
            p.left_on = max(day, p.hired_on + dt.timedelta(days=1))
        # the stock heads for the year's target, reached on 31 December
        wanted = round(stock + (ctx.target(year, "enforcement.officers") - stock) * part)
        hires = max(0, wanted - (stock - leavers))
        for _ in range(hires):
            p = _Officer(rng.choice(agencies), _day(rng, year, end=(end.month, end.day)))
            issued = p.hired_on + dt.timedelta(days=rng.randint(10, 70))
            if issued <= ctx.today:
                p.certs.append([CertificateKind.NEW, issued, None])
            people.append(p)
        stock += hires - leavers
    rng = ctx.later_rng("enforcement", "renewals")
    for p in people:
        while p.certs:
            expires = expiry_for(p.certs[-1][1], CERTIFICATE_VALIDITY.days)
            if expires.year <= ctx.years[-1] and p.certs[-1][1].year <= ctx.years[-1]:
                break  # the seed years' renewal decision stands (made in _certificates)
            if rng.random() < 0.08:  # a lapse: renewed some weeks after expiry
                renewal = expires + dt.timedelta(days=rng.randint(5, 40))
            else:
                renewal = expires - dt.timedelta(days=rng.randint(0, 14))
            if renewal > ctx.today or (p.left_on is not None and renewal >= p.left_on):
                break
            p.certs.append([CertificateKind.RENEWED, renewal, None])
        if p.left_on and p.left_on.year > ctx.years[-1]:
            for cert in p.certs:
                if cert[1] <= p.left_on <= expiry_for(cert[1], CERTIFICATE_VALIDITY.days):
                    cert[2] = p.left_on
            p.certs = [c for c in p.certs if c[1] < p.left_on]


def _later_activities(ctx, agencies) -> None:
    """Special inspections and the three-systems evaluation after the seed years, to today."""
    kind = ActivityType.objects.get(code=INSPECTION_TYPE)
    bureau = ctx.units(UnitKind.BUREAU)[0]
    acts, evals = [], []
    for year in ctx.later_years:
        rng = ctx.later_rng("enforcement", f"{year}:activities")
        end = ctx.year_end(year)
        part = ((end - dt.date(year, 1, 1)).days + 1) / 365
        n = round(ctx.target(year, "enforcement.inspections") * part)
        last = min(end, dt.date(year, 12, 10))
        for date, theme in zip(
            ctx.dates(rng, year, n, end=last), rng.sample(INSPECTION_THEMES, n), strict=True
        ):
            acts.append(
                Activity(
                    type=kind,
                    region=ctx.county,
                    unit=bureau,
                    date=date,
                    end_date=min(date + dt.timedelta(days=rng.randint(5, 20)), ctx.today),
                    title=f"{year}年{theme}专项执法检查",
                    theme=theme,
                    quantities={"agencies_checked": rng.randint(4, 12)},
                )
            )
        if end >= dt.date(year, 11, 30):
            for a in agencies:
                evals.append(
                    ThreeSystemsEvaluation(
                        agency=a,
                        region_id=a.region_id,
                        year=year,
                        evaluated_on=_day(rng, year, (11, 1), (11, 30)),
                        publicity_score=round(rng.uniform(80, 99), 1),
                        recording_score=round(rng.uniform(80, 99), 1),
                        legal_review_score=round(rng.uniform(80, 99), 1),
                    )
                )
    bulk_create_with_history(Activity, acts)
    bulk_create_with_history(ThreeSystemsEvaluation, evals)


def _id_number(rng, serial: int) -> str:
    birth = dt.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
    return make(f"610632{birth:%Y%m%d}{serial % 1000:03d}")


def _save(ctx, rng, people: list[_Officer], seed_people: int) -> None:
    fake = ctx.faker("enforcement")
    later = ctx.later_rng("enforcement", "officers")
    officers = []
    for serial, p in enumerate(people, start=1):
        if serial > seed_people:  # recruits after the seed years draw from their own stream
            rng, fake = later, ctx.faker("enforcement:later")
        officers.append(
            Officer(
                agency=p.agency,
                region_id=p.agency.region_id,
                name=fake.name(),
                id_number=_id_number(rng, serial),
                post=rng.choice(POSTS),
                hired_on=p.hired_on,
                left_on=p.left_on,
            )
        )
    officers = bulk_create_with_history(Officer, officers)
    certs: list[Certificate] = []
    seq: dict[int, int] = {}
    rows = sorted(
        ((c[1], o, c) for o, p in zip(officers, people, strict=True) for c in p.certs),
        key=lambda t: (t[0], t[1].pk),
    )
    for issued, officer, (kind, _issued, revoked) in rows:
        seq[issued.year] = seq.get(issued.year, 0) + 1
        certs.append(
            Certificate(
                officer=officer,
                region_id=officer.region_id,
                number=f"陕执{issued.year}{seq[issued.year]:05d}",
                kind=kind,
                issued_on=issued,
                expires_on=expiry_for(issued, CERTIFICATE_VALIDITY.days),
                revoked_on=revoked,
            )
        )
    bulk_create_with_history(Certificate, certs)


def _inspections(ctx, rng) -> None:
    kind = ActivityType.objects.get(code=INSPECTION_TYPE)
    bureau = ctx.units(UnitKind.BUREAU)[0]
    rows = []
    for year in ctx.years:
        n = ctx.target(year, "enforcement.inspections")
        themes = rng.sample(INSPECTION_THEMES, n)
        for date, theme in zip(
            ctx.dates(rng, year, n, end=dt.date(year, 12, 10)), themes, strict=True
        ):
            rows.append(
                Activity(
                    type=kind,
                    region=ctx.county,
                    unit=bureau,
                    date=date,
                    end_date=date + dt.timedelta(days=rng.randint(5, 20)),
                    title=f"{year}年{theme}专项执法检查",
                    theme=theme,
                    quantities={"agencies_checked": rng.randint(4, 12)},
                )
            )
    bulk_create_with_history(Activity, rows)


def _evaluations(ctx, rng, agencies) -> None:
    score = lambda: round(rng.uniform(78, 99), 1)  # noqa: E731
    rows = [
        ThreeSystemsEvaluation(
            agency=a,
            region_id=a.region_id,
            year=year,
            evaluated_on=_day(rng, year, (11, 1)),
            publicity_score=score(),
            recording_score=score(),
            legal_review_score=score(),
        )
        for year in ctx.years
        for a in agencies
    ]
    bulk_create_with_history(ThreeSystemsEvaluation, rows)
