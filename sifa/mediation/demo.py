"""Demo records of the mediation line, 2020–2022 (2022 hits the seed's figures exactly)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from sifa.core import casenumbers, deadlines
from sifa.core.audit import bulk_create_with_history
from sifa.core.idnumber import make as make_id
from sifa.core.models import Activity, ActivityType, CaseEvent, Unit, UnitKind

from .models import (
    CONFIRMATION_PERIOD,
    SCREENING_MEASURE,
    SCREENING_TYPE,
    AgreementForm,
    CaseParty,
    CaseStatus,
    CommitteeKind,
    CommitteeMember,
    DisputeType,
    Gender,
    MediationCase,
    MediationCommittee,
    MediationRoom,
    MemberRole,
    PartyKind,
    PreventedDispute,
)

ORDER = 30

TERM_START, TERM_END = dt.date(2020, 1, 1), dt.date(2022, 12, 31)
INDUSTRY = ["医疗纠纷", "道路交通事故纠纷", "劳动争议", "婚姻家庭纠纷"]
BRANDED = [  # (brand, opened, closed)
    ("老杨", dt.date(2019, 5, 1), None),
    ("和事佬", dt.date(2020, 7, 1), None),
    ("巾帼", dt.date(2021, 3, 8), None),
    ("乡贤", dt.date(2021, 9, 1), None),
    ("连心", dt.date(2022, 4, 15), None),
    ("老兵", dt.date(2019, 8, 1), dt.date(2021, 6, 30)),  # merged away: not in operation
]
TYPE_WEIGHTS = {
    DisputeType.MARRIAGE_FAMILY: 18,
    DisputeType.NEIGHBOUR: 24,
    DisputeType.CONTRACT: 10,
    DisputeType.DAMAGES: 12,
    DisputeType.LABOUR: 8,
    DisputeType.LAND_FOREST: 12,
    DisputeType.HOUSE_HOMESTEAD: 8,
    DisputeType.PROPERTY_MANAGEMENT: 3,
    DisputeType.OTHER: 5,
}
FAILURES = {2020: 3, 2021: 2, 2022: 0}  # cases closed without agreement
OPEN_AT_END = 4  # cases still open on 31 December 2022
TERMINATION_REASONS = [
    "一方当事人中途退出调解",
    "双方分歧较大，未能达成协议",
    "当事人已向人民法院起诉",
]


def generate(ctx) -> None:
    committees = _committees(ctx)
    members = _members(ctx, committees)
    _rooms(ctx, committees)
    screenings = _screenings(ctx)
    _prevented(ctx, screenings)
    _cases(ctx, committees, members)


def _committees(ctx) -> list[MediationCommittee]:
    rng = ctx.rng("mediation.committees")
    rows = []
    for town in ctx.townships:
        rows.append(
            MediationCommittee(
                name=f"{town.name}人民调解委员会",
                kind=CommitteeKind.TOWNSHIP,
                region=town,
                term_start=TERM_START,
                term_end=TERM_END,
                established_on=dt.date(2011, 6, 1),
            )
        )
    for village in ctx.villages:
        rows.append(
            MediationCommittee(
                name=f"{village.name}人民调解委员会",
                kind=CommitteeKind.VILLAGE,
                region=village,
                term_start=TERM_START,
                term_end=TERM_END,
                established_on=dt.date(2011, 1, 1) + dt.timedelta(days=rng.randint(0, 1500)),
            )
        )
    county_name = ctx.profile.county_name
    for topic in INDUSTRY:
        rows.append(
            MediationCommittee(
                name=f"{county_name}县{topic}人民调解委员会",
                kind=CommitteeKind.INDUSTRY,
                region=ctx.county,
                term_start=TERM_START,
                term_end=TERM_END,
                established_on=dt.date(2018, 3, 1),
            )
        )
    rows.append(
        MediationCommittee(
            name=f"{county_name}县工业园区企业人民调解委员会",
            kind=CommitteeKind.ENTERPRISE,
            region=ctx.townships[2],
            term_start=TERM_START,
            term_end=TERM_END,
            established_on=dt.date(2017, 5, 1),
        )
    )
    return bulk_create_with_history(MediationCommittee, rows)


def _members(ctx, committees) -> dict[int, list[CommitteeMember]]:
    rng = ctx.rng("mediation.members")
    fake = ctx.faker("mediation.members")
    rows = []
    for i, committee in enumerate(committees):
        n = rng.randint(3, 7)
        # Two village committees lack something, so the warnings have something to show.
        no_woman = i == 10
        if i == 20:
            n = 2
        women = 0 if no_woman else rng.randint(1, max(1, n // 2))
        for j in range(n):
            gender = Gender.FEMALE if j >= n - women else Gender.MALE
            name = fake.name_female() if gender == Gender.FEMALE else fake.name_male()
            role = (
                MemberRole.CHAIR
                if j == 0
                else (MemberRole.VICE_CHAIR if j == 1 and n > 4 else MemberRole.MEMBER)
            )
            rows.append(
                CommitteeMember(
                    committee=committee, name=name, gender=gender, role=role, from_on=TERM_START
                )
            )
    created = bulk_create_with_history(CommitteeMember, rows)
    by_committee: dict[int, list[CommitteeMember]] = {}
    for m in created:
        by_committee.setdefault(m.committee_id, []).append(m)
    return by_committee


def _rooms(ctx, committees) -> None:
    township_committees = [c for c in committees if c.kind == CommitteeKind.TOWNSHIP]
    rows = [
        MediationRoom(
            name=f"{c.region.name}人民调解室",
            committee=c,
            region_id=c.region_id,
            opened_on=dt.date(2018, 1, 1),
        )
        for c in township_committees
    ]
    village_committees = [c for c in committees if c.kind == CommitteeKind.VILLAGE]
    for k, (brand, opened, closed) in enumerate(BRANDED):
        c = village_committees[k * 17 % len(village_committees)]
        rows.append(
            MediationRoom(
                name=f"{brand}调解室",
                brand_name=brand,
                committee=c,
                region_id=c.region_id,
                opened_on=opened,
                closed_on=closed,
            )
        )
    bulk_create_with_history(MediationRoom, rows)


def _places(ctx, rng):
    """A village or (one time in five) a township, for events held locally."""
    if rng.random() < 0.2:
        return rng.choice(ctx.townships)
    return rng.choice(ctx.villages)


def _screenings(ctx) -> list[Activity]:
    rng = ctx.rng("mediation.screenings")
    kind = ActivityType.objects.get(code=SCREENING_TYPE)
    offices = {u.region_id: u for u in Unit.objects.filter(kind=UnitKind.JUDICIAL_OFFICE)}
    rows = []
    for year in ctx.years:
        for day in ctx.dates(rng, year, ctx.target(year, "mediation.screenings")):
            place = _places(ctx, rng)
            town_code = place.code[:9] + "000"
            rows.append(
                Activity(
                    type=kind,
                    region=place,
                    date=day,
                    unit=offices.get(town_code),
                    title=f"{place.name}矛盾纠纷排查",
                    quantities={SCREENING_MEASURE: rng.randint(0, 6)},
                )
            )
    return bulk_create_with_history(Activity, rows)


def _prevented(ctx, screenings) -> None:
    rng = ctx.rng("mediation.prevented")
    summaries = {
        DisputeType.NEIGHBOUR: "邻里因排水问题产生矛盾，经排查发现后及时疏导化解",
        DisputeType.LAND_FOREST: "村民因地界问题发生争执，经实地勘界后当场化解",
        DisputeType.MARRIAGE_FAMILY: "家庭成员因赡养问题发生矛盾，经上门劝导后化解",
        DisputeType.HOUSE_HOMESTEAD: "相邻宅基地建房引发矛盾，经协调达成一致",
        DisputeType.LABOUR: "务工人员工资结算存在分歧，经协调用工方及时结清",
    }
    kinds = list(summaries)
    rows = []
    for year in ctx.years:
        found = [s for s in screenings if s.date.year == year and s.quantity(SCREENING_MEASURE)]
        for _ in range(ctx.target(year, "mediation.prevented")):
            source = rng.choice(found)
            kind = rng.choice(kinds)
            day = min(source.date + dt.timedelta(days=rng.randint(0, 10)), dt.date(year, 12, 31))
            rows.append(
                PreventedDispute(
                    date=day,
                    dispute_type=kind,
                    summary=summaries[kind],
                    screening=source,
                    region_id=source.region_id,
                )
            )
    bulk_create_with_history(PreventedDispute, rows)


def _cases(ctx, committees, members) -> None:
    maker = _CaseMaker(ctx, committees, members)
    for year in ctx.years:
        maker.closed_in(year)
    maker.open_at_end()
    _later_cases(ctx, maker)
    casenumbers.number_new(maker.cases)  # 安调字〔2022〕第n号, by date
    created = bulk_create_with_history(MediationCase, maker.cases)
    party_rows = []
    for case, parties in zip(created, maker.parties_of, strict=True):
        for p in parties:
            p.case = case
            party_rows.append(p)
    bulk_create_with_history(CaseParty, party_rows)
    _timeline(created)


class _CaseMaker:
    """Builds the cases (unsaved) with their parties, year by year."""

    def __init__(self, ctx, committees, members):
        self.ctx, self.members = ctx, members
        self.rng = ctx.rng("mediation.cases")
        self.fake = ctx.faker("mediation")
        kinds = {c.pk: c.kind for c in committees}
        self.villages = [c for c in committees if kinds[c.pk] == CommitteeKind.VILLAGE]
        self.towns = [
            c
            for c in committees
            if kinds[c.pk] in (CommitteeKind.TOWNSHIP, CommitteeKind.ENTERPRISE)
        ]
        self.county = [c for c in committees if kinds[c.pk] == CommitteeKind.INDUSTRY]
        self.period = deadlines.period(CONFIRMATION_PERIOD.code, ctx.county)
        self.cases: list[MediationCase] = []
        self.parties_of: list[list[CaseParty]] = []

    def _new(self, committee, received, **fields) -> MediationCase:
        rng = self.rng
        case = MediationCase(
            committee=committee,
            region_id=committee.region_id,
            mediator=rng.choice(self.members[committee.pk]),
            received_on=received,
            dispute_type=rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0],
            **fields,
        )
        self.cases.append(case)
        self.parties_of.append(_parties(rng, self.fake, case))
        return case

    def _committee(self):
        roll = self.rng.random()
        pool = self.villages if roll < 0.7 else self.towns if roll < 0.9 else self.county
        return self.rng.choice(pool)

    def closed_in(
        self, year: int, *, scale: float = 1.0, failures: int | None = None, end=None
    ) -> None:
        """The year's closed cases: their count and total amount are the year's targets (after
        the seed years, scaled to the part of the year gone and closed by `end`)."""
        rng, target = self.rng, self.ctx.target
        n = round(target(year, "mediation.cases") * scale)
        total = round(target(year, "mediation.amount_yuan") * scale / 100) * 100
        if n == 0:
            return
        amounts = [a * 100 for a in self.ctx.split(rng, total // 100, n, minimum=5)]
        amounts[-1] += total - sum(amounts)
        failed = set(rng.sample(range(n), FAILURES[year] if failures is None else failures))
        for k, closed in enumerate(self.ctx.dates(rng, year, n, end=end)):
            received = closed - dt.timedelta(days=rng.randint(1, 30))
            started = received + dt.timedelta(days=rng.randint(0, (closed - received).days))
            case = self._new(
                self._committee(),
                received,
                started_on=started,
                closed_on=closed,
                amount_yuan=amounts[k],
            )
            if k in failed:
                case.status = CaseStatus.TERMINATED
                case.termination_reason = rng.choice(TERMINATION_REASONS)
            else:
                self._succeed(case, closed)

    def _succeed(self, case, closed) -> None:
        written = self.rng.random() < 0.8
        case.status = CaseStatus.SUCCEEDED
        case.agreement_form = AgreementForm.WRITTEN if written else AgreementForm.ORAL
        case.agreement_effective_on = closed
        case.confirmation_due_on = deadlines.due_date(closed, self.period).due
        if written and self.rng.random() < 0.15:
            case.confirmation_applied_on = closed + dt.timedelta(days=self.rng.randint(1, 20))

    def open_at_end(self) -> None:
        """A few cases still open on 31 December 2022 (no closing-date figure counts them)."""
        for k in range(OPEN_AT_END):
            received = dt.date(2022, 12, 20) + dt.timedelta(days=k * 2)
            mediating = bool(k % 2)
            self._new(
                self.rng.choice(self.villages),
                received,
                amount_yuan=self.rng.randint(0, 50) * 100,
                status=CaseStatus.MEDIATING if mediating else CaseStatus.ACCEPTED,
                started_on=received + dt.timedelta(days=1) if mediating else None,
            )


def _parties(rng, fake, case) -> list[CaseParty]:
    out = []
    organisation = case.dispute_type in (DisputeType.CONTRACT, DisputeType.LABOUR)
    for j in range(3 if rng.random() < 0.1 else 2):
        if organisation and j == 1:
            out.append(CaseParty(name=fake.company(), kind=PartyKind.ORGANISATION))
            continue
        id_number = ""
        if rng.random() < 0.5:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 18000))
            id_number = make_id(f"{case.region_id[:6]}{birth:%Y%m%d}{rng.randint(0, 999):03d}")
        out.append(
            CaseParty(
                name=fake.name(),
                kind=PartyKind.PERSON,
                id_number=id_number,
                phone=fake.phone_number(),
            )
        )
    return out


def _timeline(cases) -> None:
    ct = ContentType.objects.get_for_model(MediationCase)
    events = []
    for c in cases:
        events.append(
            CaseEvent(
                content_type=ct,
                object_id=c.pk,
                to_status=CaseStatus.ACCEPTED,
                label=CaseStatus.ACCEPTED.label,
                on=c.received_on,
            )
        )
        if c.started_on:
            events.append(
                CaseEvent(
                    content_type=ct,
                    object_id=c.pk,
                    from_status=CaseStatus.ACCEPTED,
                    to_status=CaseStatus.MEDIATING,
                    label=CaseStatus.MEDIATING.label,
                    on=c.started_on,
                )
            )
        if c.closed_on:
            events.append(
                CaseEvent(
                    content_type=ct,
                    object_id=c.pk,
                    from_status=CaseStatus.MEDIATING,
                    to_status=c.status,
                    label=CaseStatus(c.status).label,
                    on=c.closed_on,
                    note=c.termination_reason,
                )
            )
    CaseEvent.objects.bulk_create(events, batch_size=1000)


# --- after the seed years -----------------------------------------------------------------------
# Confirmation windows (art. 33) on the home page today: days from today to the window's last
# day of the agreements left without an application — a couple closing this week, one lapsed.
WINDOWS_LEFT = (2, 6, -9)
OPEN_NOW = 3  # disputes received in the last days, still being mediated


def _part(ctx, year: int) -> float:
    """The share of `year` the demo covers (1 for a past year, less for today's)."""
    return ((ctx.year_end(year) - dt.date(year, 1, 1)).days + 1) / 365


def _later_cases(ctx, maker: _CaseMaker) -> None:
    """2023 up to today. The cases open at the end of 2022 end by agreement in January 2023;
    each later year's cases come as in 2022 (scaled to the part of the year gone, ± noise, a
    few without agreement) from their own stream; a few disputes are still being mediated.

    Parties apply for judicial confirmation of about one written agreement in seven; of the
    windows that closed in the last 90 days or close within the week — those the home page
    lists — all but WINDOWS_LEFT were applied for (the mediators reminded the parties)."""
    seed_rng, seed_cases = maker.rng, len(maker.cases)
    maker.rng = rng = ctx.later_rng("mediation", "closing")
    for case in maker.cases:
        if case.closed_on is None:
            case.started_on = case.started_on or case.received_on + dt.timedelta(days=1)
            case.closed_on = case.started_on + dt.timedelta(days=rng.randint(10, 25))
            maker._succeed(case, case.closed_on)
    for year in ctx.later_years:
        maker.rng = rng = ctx.later_rng("mediation", year)
        maker.closed_in(
            year,
            scale=_part(ctx, year) * rng.uniform(0.9, 1.1),
            failures=rng.randint(0, 3),
            end=ctx.year_end(year),
        )
    maker.rng = rng = ctx.later_rng("mediation", "open")
    later = maker.cases[seed_cases:]
    for case in later:  # the latest stream's receipts may fall in the seed years' last days
        case.received_on = max(case.received_on, dt.date(2023, 1, 1))
        case.started_on = max(case.started_on, case.received_on)
    _windows_today(ctx, maker, later)
    for k in range(OPEN_NOW):
        received = ctx.today - dt.timedelta(days=2 + 4 * k)
        mediating = k > 0
        maker._new(
            maker._committee(),
            received,
            amount_yuan=rng.randint(0, 50) * 100,
            status=CaseStatus.MEDIATING if mediating else CaseStatus.ACCEPTED,
            started_on=received + dt.timedelta(days=1) if mediating else None,
        )
    maker.rng = seed_rng


def _windows_today(ctx, maker: _CaseMaker, later: list[MediationCase]) -> None:
    """Shape what the home page lists today: the windows WINDOWS_LEFT stay unapplied (a case
    closed on the day that gives each is added where none is), the others the page would show
    were applied for within their window."""
    today, rng = ctx.today, maker.rng
    listed = lambda c: (  # noqa: E731
        c.status == CaseStatus.SUCCEEDED
        and today - dt.timedelta(days=90) <= c.confirmation_due_on <= today + dt.timedelta(days=7)
    )
    keep = set()
    for days in WINDOWS_LEFT:
        due = today + dt.timedelta(days=days)
        found = [
            c for c in later if listed(c) and c.confirmation_due_on == due and id(c) not in keep
        ]
        if not found:
            closed = due - dt.timedelta(days=30)
            while deadlines.due_date(closed, maker.period).due > due:
                closed -= dt.timedelta(days=1)
            received = closed - dt.timedelta(days=rng.randint(3, 20))
            case = maker._new(
                maker._committee(),
                received,
                started_on=received + dt.timedelta(days=1),
                closed_on=closed,
                amount_yuan=rng.randint(5, 80) * 100,
            )
            maker._succeed(case, closed)
            case.confirmation_applied_on = None
            later.append(case)
            found = [case]
        found[0].confirmation_applied_on = None
        keep.add(id(found[0]))
    for c in later:
        if c.confirmation_applied_on and c.confirmation_applied_on > today:
            c.confirmation_applied_on = None  # not applied for yet
        if listed(c) and id(c) not in keep and c.confirmation_applied_on is None:
            last = min(c.confirmation_due_on, today)
            c.confirmation_applied_on = c.closed_on + dt.timedelta(
                days=rng.randint(0, max(0, (last - c.closed_on).days))
            )
