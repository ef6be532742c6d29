"""Demo records of the legalaid line.

Cases come in the seed's numbers by type; civil, labour-arbitration and administrative cases
arise from applications that were reviewed and assigned within the statutory periods, criminal
cases from notified defence (no application). A few applications are refused, with reasons.
The legal aid centre and two of the county's law firms handle the cases.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from sifa.core import casenumbers, deadlines
from sifa.core.audit import bulk_create_with_history
from sifa.core.idnumber import make as make_id
from sifa.core.models import CaseEvent

from .models import (
    AidApplication,
    AidCase,
    AidConsultation,
    AidDocument,
    ApplicationStatus,
    CaseType,
    PleaHelp,
    RecipientGroup,
)

ORDER = 61
TYPE_FIGURES = {
    CaseType.CRIMINAL: "legalaid.criminal",
    CaseType.CIVIL: "legalaid.civil",
    CaseType.LABOR_ARBITRATION: "legalaid.labor_arbitration",
    CaseType.ADMINISTRATIVE: "legalaid.administrative",
}
MATTERS = {
    CaseType.CRIMINAL: "通知辩护",
    CaseType.CIVIL: "追索赡养费、抚养费及人身损害赔偿",
    CaseType.LABOR_ARBITRATION: "追索劳动报酬",
    CaseType.ADMINISTRATIVE: "请求给予社会保险待遇",
}
REFUSALS_PER_YEAR = 6


REFUSAL_REASON = (
    "申请人经济状况不符合本县法律援助经济困难标准，依照《法律援助法》第四十三条决定不予法律援助。"
)


def _id_number(rng, region_code: str) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))
    return make_id(f"{region_code[:6]}{birth:%Y%m%d}{rng.randint(0, 999):03d}")


def _handlers(ctx):
    centre = ctx.units("legal_aid_centre")[0]
    firms = ctx.units("law_firm")[:2]  # two firms take legal aid cases in the demo county
    return centre, firms


def generate(ctx) -> None:
    rng = ctx.rng("legalaid")
    fake = ctx.faker("legalaid")
    applications, cases = [], []
    for year in ctx.years:
        _year_cases(ctx, rng, fake, year, applications, cases)
        _refusals(ctx, rng, fake, year, applications)
    _later_years(ctx, applications, cases)
    bulk_create_with_history(AidApplication, applications)
    for case in cases:
        case.application_id = case.application.pk if case.application else None
    casenumbers.number_new(cases)
    bulk_create_with_history(AidCase, cases)
    _timeline([a for a in applications if a.decided_on])
    _dated_records(ctx, rng, fake)
    _later_dated_records(ctx)


def _year_cases(ctx, rng, fake, year, applications, cases, scale: float = 1.0) -> None:
    """The year's cases in the seed's numbers by type; non-criminal ones with their application.
    After the seed years `scale` is the part of the year gone (± noise) and nothing is dated
    after today: a case not finished by then stays open."""
    centre, firms = _handlers(ctx)
    places = ctx.villages + ctx.townships
    later = year > ctx.years[-1]
    last_day = ctx.today if later else dt.date(max(ctx.years), 12, 31)
    end = ctx.year_end(year) if later else None
    count = lambda figure: round(ctx.target(year, figure) * scale)  # noqa: E731
    dated = [
        (case_type, day)
        for case_type, figure in TYPE_FIGURES.items()
        for day in ctx.dates(rng, year, count(figure), end=end)
    ]
    non_criminal = [i for i, (t, _) in enumerate(dated) if t != CaseType.CRIMINAL]
    agri = set(rng.sample(non_criminal, min(len(non_criminal), count("rural.agri_legal_aid"))))
    for i, (case_type, assigned_on) in enumerate(dated):
        place = rng.choice(places)
        name, id_number = fake.name(), _id_number(rng, place.code)
        groups = {g for g in RecipientGroup.values if rng.random() < 0.15}
        if i in agri and rng.random() < 0.5:
            groups.add(RecipientGroup.MIGRANT_WORKER)
        closed = assigned_on + dt.timedelta(days=rng.randint(20, 240))
        case = AidCase(
            region=place,
            case_type=case_type,
            recipient_name=name,
            recipient_id_number=id_number,
            handler=centre if rng.random() < 0.55 else rng.choice(firms),
            lawyer=fake.name(),
            assigned_on=assigned_on,
            closed_on=closed if closed <= last_day else None,
            agri=i in agri,
            recipient_groups=[g for g in RecipientGroup.values if g in groups],
            summary=MATTERS[case_type],
        )
        if case_type != CaseType.CRIMINAL:
            case.application = _granted_application(rng, case)
            applications.append(case.application)
        cases.append(case)


def _granted_application(rng, case: AidCase) -> AidApplication:
    """The application behind a case: reviewed within 7 days, assigned within 3 of approval."""
    decided = case.assigned_on - dt.timedelta(days=rng.randint(0, 2))
    received = decided - dt.timedelta(days=rng.randint(1, 6))
    return AidApplication(
        region=case.region,
        applicant_name=case.recipient_name,
        id_number=case.recipient_id_number,
        case_type=case.case_type,
        matter=case.summary,
        received_on=received,
        review_due=deadlines.due_date(received, "legalaid.review").due,
        status=ApplicationStatus.ASSIGNED,
        decided_on=decided,
        assign_due=deadlines.due_date(decided, "legalaid.assign").due,
        assigned_on=case.assigned_on,
    )


def _refusals(ctx, rng, fake, year, applications, n: int = REFUSALS_PER_YEAR) -> None:
    places = ctx.villages + ctx.townships
    end = min(dt.date(year, 12, 20), ctx.today - dt.timedelta(days=6))
    if end < dt.date(year, 1, 1):  # today's year has only begun: none decided yet
        return
    for received in ctx.dates(rng, year, n, end=end):
        place = rng.choice(places)
        applications.append(
            AidApplication(
                region=place,
                applicant_name=fake.name(),
                id_number=_id_number(rng, place.code),
                case_type=CaseType.CIVIL,
                matter="民间借贷纠纷",
                received_on=received,
                review_due=deadlines.due_date(received, "legalaid.review").due,
                status=ApplicationStatus.REFUSED,
                decided_on=received + dt.timedelta(days=rng.randint(1, 6)),
                refusal_reason=REFUSAL_REASON,
            )
        )


def _timeline(applications) -> None:
    """The applications' moves, as core.workflow.transition would have written them."""
    ct = ContentType.objects.get_for_model(AidApplication)
    labels = dict(ApplicationStatus.choices)
    events = []
    for app in applications:
        decision = ApplicationStatus.APPROVED if app.assigned_on else app.status
        events.append(
            CaseEvent(
                content_type=ct,
                object_id=app.pk,
                from_status=ApplicationStatus.RECEIVED,
                to_status=decision,
                label=labels[decision],
                on=app.decided_on,
                note=app.refusal_reason,
            )
        )
        if app.assigned_on:
            events.append(
                CaseEvent(
                    content_type=ct,
                    object_id=app.pk,
                    from_status=ApplicationStatus.APPROVED,
                    to_status=ApplicationStatus.ASSIGNED,
                    label=labels[ApplicationStatus.ASSIGNED],
                    on=app.assigned_on,
                )
            )
    CaseEvent.objects.bulk_create(events)


def _dated_records(ctx, rng, fake) -> None:
    """Plea-case help, consultations and drafted documents: one record each, at the centre."""
    county = ctx.county
    lawyers = [fake.name() for _ in range(6)]
    topics = ["婚姻家庭", "劳动报酬", "土地承包", "交通事故", "民间借贷"]
    kinds = ["complaint", "complaint", "defence", "appeal", "application"]
    helps, consultations, documents = [], [], []
    for year in ctx.years:
        for day in ctx.dates(rng, year, ctx.target(year, "legalaid.plea_cases")):
            helps.append(
                PleaHelp(
                    region=county,
                    date=day,
                    lawyer=rng.choice(lawyers),
                    stage=rng.choice(["review", "trial"]),
                )
            )
        for day in ctx.dates(rng, year, ctx.target(year, "legalaid.consultations")):
            consultations.append(
                AidConsultation(
                    region=county,
                    date=day,
                    channel=rng.choice(["visit", "visit", "phone"]),
                    topic=rng.choice(topics),
                )
            )
        for day in ctx.dates(rng, year, ctx.target(year, "legalaid.documents")):
            documents.append(
                AidDocument(
                    region=county, date=day, applicant_name=fake.name(), kind=rng.choice(kinds)
                )
            )
    bulk_create_with_history(PleaHelp, helps)
    bulk_create_with_history(AidConsultation, consultations)
    bulk_create_with_history(AidDocument, documents)


# --- after the seed years -----------------------------------------------------------------------
# Applications still open today: (status, days from today to its deadline) — one under review,
# one approved and waiting to be assigned, both due this week.
OPEN_APPLICATIONS = ((ApplicationStatus.RECEIVED, 4), (ApplicationStatus.APPROVED, 2))


def _part(ctx, year: int) -> float:
    """The share of `year` the demo covers (1 for a past year, less for today's)."""
    return ((ctx.year_end(year) - dt.date(year, 1, 1)).days + 1) / 365


def _later_years(ctx, applications, cases) -> None:
    """2023 up to today. The cases still open at the end of 2022 are closed in 2023 (within the
    20–240 days cases take); each later year brings its cases, applications and refusals as in
    2022 (scaled to the part of the year gone, ± noise); a couple of applications are open."""
    rng = ctx.later_rng("legalaid", "closing")
    for case in cases:
        if case.closed_on is None:
            first = max(dt.date(2023, 1, 3), case.assigned_on + dt.timedelta(days=20))
            last = min(case.assigned_on + dt.timedelta(days=240), ctx.year_end(2023))
            case.closed_on = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    fake = ctx.faker("legalaid:later")
    for year in ctx.later_years:
        rng = ctx.later_rng("legalaid", year)
        scale = _part(ctx, year) * rng.uniform(0.9, 1.1)
        # applications reviewed and assigned within the year: none assigned after today
        _year_cases(ctx, rng, fake, year, applications, cases, scale=scale)
        _refusals(ctx, rng, fake, year, applications, n=max(1, round(REFUSALS_PER_YEAR * scale)))
    rng = ctx.later_rng("legalaid", "open")
    places = ctx.villages + ctx.townships
    for status, days in OPEN_APPLICATIONS:
        place = rng.choice(places)
        app = AidApplication(
            region=place,
            applicant_name=fake.name(),
            id_number=_id_number(rng, place.code),
            case_type=CaseType.CIVIL,
            matter=MATTERS[CaseType.CIVIL],
            status=status,
        )
        due = ctx.today + dt.timedelta(days=days)
        if status == ApplicationStatus.RECEIVED:
            app.received_on = due - dt.timedelta(days=7)  # 7 days to review (art. 43)
            app.review_due = deadlines.due_date(app.received_on, "legalaid.review").due
        else:
            app.decided_on = due - dt.timedelta(days=3)  # 3 days to assign (art. 44)
            app.received_on = app.decided_on - dt.timedelta(days=rng.randint(1, 5))
            app.review_due = deadlines.due_date(app.received_on, "legalaid.review").due
            app.assign_due = deadlines.due_date(app.decided_on, "legalaid.assign").due
        applications.append(app)


def _later_dated_records(ctx) -> None:
    """Plea-case help, consultations and drafted documents after the seed years, to today."""
    county = ctx.county
    fake = ctx.faker("legalaid:later")
    lawyers = [fake.name() for _ in range(6)]
    topics = ["婚姻家庭", "劳动报酬", "土地承包", "交通事故", "民间借贷"]
    kinds = ["complaint", "complaint", "defence", "appeal", "application"]
    helps, consultations, documents = [], [], []
    for year in ctx.later_years:
        rng = ctx.later_rng("legalaid", f"{year}:dated")
        end, part = ctx.year_end(year), _part(ctx, year)
        n = lambda figure, y=year, p=part, r=rng: round(  # noqa: E731
            ctx.target(y, figure) * p * r.uniform(0.9, 1.1)
        )
        for day in ctx.dates(rng, year, n("legalaid.plea_cases"), end=end):
            helps.append(
                PleaHelp(
                    region=county,
                    date=day,
                    lawyer=rng.choice(lawyers),
                    stage=rng.choice(["review", "trial"]),
                )
            )
        for day in ctx.dates(rng, year, n("legalaid.consultations"), end=end):
            consultations.append(
                AidConsultation(
                    region=county,
                    date=day,
                    channel=rng.choice(["visit", "visit", "phone"]),
                    topic=rng.choice(topics),
                )
            )
        for day in ctx.dates(rng, year, n("legalaid.documents"), end=end):
            documents.append(
                AidDocument(
                    region=county, date=day, applicant_name=fake.name(), kind=rng.choice(kinds)
                )
            )
    bulk_create_with_history(PleaHelp, helps)
    bulk_create_with_history(AidConsultation, consultations)
    bulk_create_with_history(AidDocument, documents)
