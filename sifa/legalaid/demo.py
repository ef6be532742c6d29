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
    bulk_create_with_history(AidApplication, applications)
    for case in cases:
        case.application_id = case.application.pk if case.application else None
    casenumbers.number_new(cases)
    bulk_create_with_history(AidCase, cases)
    _timeline(applications)
    _dated_records(ctx, rng, fake)


def _year_cases(ctx, rng, fake, year, applications, cases) -> None:
    """The year's cases in the seed's numbers by type; non-criminal ones with their application."""
    centre, firms = _handlers(ctx)
    places = ctx.villages + ctx.townships
    last_day = dt.date(max(ctx.years), 12, 31)
    dated = [
        (case_type, day)
        for case_type, figure in TYPE_FIGURES.items()
        for day in ctx.dates(rng, year, ctx.target(year, figure))
    ]
    non_criminal = [i for i, (t, _) in enumerate(dated) if t != CaseType.CRIMINAL]
    agri = set(rng.sample(non_criminal, ctx.target(year, "rural.agri_legal_aid")))
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


def _refusals(ctx, rng, fake, year, applications) -> None:
    places = ctx.villages + ctx.townships
    for received in ctx.dates(rng, year, REFUSALS_PER_YEAR, end=dt.date(year, 12, 20)):
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
