"""Demo records of the notary line: notarizations, consultations and drafted documents."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from sifa.core import deadlines
from sifa.core.audit import bulk_create_with_history
from sifa.core.models import CaseEvent

from .models import Category, Notarization, NotaryConsultation, NotaryDocument, Status

ORDER = 62
MATTERS = {
    Category.DOMESTIC_CIVIL: ["继承", "委托", "声明", "赠与", "亲属关系", "出生", "婚姻状况"],
    Category.DOMESTIC_ECONOMIC: ["合同", "招标投标", "公司章程", "保全证据"],
    Category.FOREIGN_CIVIL: ["学历", "无犯罪记录", "亲属关系", "出生"],
    Category.FOREIGN_ECONOMIC: ["营业执照", "合同"],
}
CATEGORY_WEIGHTS = [70, 15, 12, 3]
REFUSED_SHARE = 0.02


REFUSAL_REASON = "申请公证的事项不真实、不合法，依照《公证法》第三十一条不予办理。"


def generate(ctx) -> None:
    rng = ctx.rng("notary")
    fake = ctx.faker("notary")
    matters = []
    for year in ctx.years:
        matters += _year_matters(ctx, rng, fake, year)
    matters += _later_matters(ctx)
    bulk_create_with_history(Notarization, matters)
    _timeline([m for m in matters if m.closed_on])
    _dated_records(ctx, rng, fake)
    _later_dated_records(ctx)


def _matter(ctx, rng, fake, accepted_on: dt.date, **fields) -> Notarization:
    category = rng.choices(list(MATTERS), CATEGORY_WEIGHTS)[0]
    return Notarization(
        region=ctx.county,
        category=category,
        matter=rng.choice(MATTERS[category]),
        applicant_name=fake.name(),
        accepted_on=accepted_on,
        issue_due=deadlines.due_date(accepted_on, "notary.issue").due,
        **fields,
    )


def _year_matters(
    ctx, rng, fake, year: int, n: int | None = None, end: dt.date | None = None
) -> list[Notarization]:
    """The year's certificates (numbered in issue order) and a few refused matters."""
    out = []
    n = ctx.target(year, "notary.cases") if n is None else n
    issued = ctx.dates(rng, year, n, end=end)
    for n, issued_on in enumerate(issued, start=1):
        accepted_on = issued_on - dt.timedelta(days=rng.choice([0, 1, 2, 3, 5, 7, 10, 14]))
        out.append(
            _matter(
                ctx,
                rng,
                fake,
                accepted_on,
                status=Status.ISSUED,
                certificate_no=f"（{year}）{ctx.profile.county_name}证字第{n:04d}号",
                issued_on=issued_on,
                closed_on=issued_on,
            )
        )
    for accepted_on in ctx.dates(rng, year, max(1, round(len(issued) * REFUSED_SHARE)), end=end):
        closed_on = accepted_on + dt.timedelta(days=rng.randint(1, 5))
        if end is not None:  # after the seed years: never after today
            closed_on, accepted_on = min(closed_on, end), min(accepted_on, end)
        out.append(
            _matter(
                ctx,
                rng,
                fake,
                accepted_on,
                status=Status.REFUSED,
                closed_on=closed_on,
                reason=REFUSAL_REASON,
            )
        )
    return out


def _timeline(matters) -> None:
    """The matters' moves, as core.workflow.transition would have written them."""
    ct = ContentType.objects.get_for_model(Notarization)
    labels = dict(Status.choices)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            content_type=ct,
            object_id=m.pk,
            from_status=Status.ACCEPTED,
            to_status=m.status,
            label=labels[m.status],
            on=m.closed_on,
            note=m.reason,
        )
        for m in matters
    )


def _dated_records(ctx, rng, fake) -> None:
    county = ctx.county
    consultations, documents = [], []
    for year in ctx.years:
        for day in ctx.dates(rng, year, ctx.target(year, "notary.consultations")):
            consultations.append(
                NotaryConsultation(region=county, date=day, topic="公证事项及所需材料")
            )
        for day in ctx.dates(rng, year, ctx.target(year, "notary.documents")):
            documents.append(
                NotaryDocument(
                    region=county,
                    date=day,
                    applicant_name=fake.name(),
                    title=rng.choice(["委托书", "声明书", "遗嘱"]),
                )
            )
    bulk_create_with_history(NotaryConsultation, consultations)
    bulk_create_with_history(NotaryDocument, documents)


# --- after the seed years -----------------------------------------------------------------------
# Matters accepted in the last weeks and not yet issued: days from today to their issue deadline,
# so the home page shows a couple due this week and the rest later (none overdue).
OPEN_DUE_IN = (2, 5, 11, 17)


def _part(ctx, year: int) -> float:
    """The share of `year` the demo covers (1 for a past year, less for today's)."""
    return ((ctx.year_end(year) - dt.date(year, 1, 1)).days + 1) / 365


def _later_matters(ctx) -> list[Notarization]:
    """2023 up to today: each year's certificates and refusals as in 2022 (its volume scaled to
    the part of the year gone, ± noise), issued by today; then a few matters still open."""
    fake = ctx.faker("notary:later")
    out: list[Notarization] = []
    for year in ctx.later_years:
        rng = ctx.later_rng("notary", year)
        n = round(ctx.target(year, "notary.cases") * _part(ctx, year) * rng.uniform(0.92, 1.08))
        out += _year_matters(ctx, rng, fake, year, n=n, end=ctx.year_end(year))
    rng = ctx.later_rng("notary", "open")
    for days in OPEN_DUE_IN:
        accepted_on = _accepted_for(ctx.today + dt.timedelta(days=days))
        if accepted_on <= ctx.today:
            out.append(_matter(ctx, rng, fake, accepted_on, status=Status.ACCEPTED))
    return out


def _accepted_for(due: dt.date) -> dt.date:
    """The latest acceptance day whose issue deadline (15 working days) falls on or before `due`."""
    day = due
    while deadlines.due_date(day, "notary.issue").due > due:
        day -= dt.timedelta(days=1)
    return day


def _later_dated_records(ctx) -> None:
    county = ctx.county
    fake = ctx.faker("notary:later")
    consultations, documents = [], []
    for year in ctx.later_years:
        rng = ctx.later_rng("notary", f"{year}:dated")
        end, part = ctx.year_end(year), _part(ctx, year)
        for day in ctx.dates(
            rng, year, round(ctx.target(year, "notary.consultations") * part), end=end
        ):
            consultations.append(
                NotaryConsultation(region=county, date=day, topic="公证事项及所需材料")
            )
        for day in ctx.dates(
            rng, year, round(ctx.target(year, "notary.documents") * part), end=end
        ):
            documents.append(
                NotaryDocument(
                    region=county,
                    date=day,
                    applicant_name=fake.name(),
                    title=rng.choice(["委托书", "声明书", "遗嘱"]),
                )
            )
    bulk_create_with_history(NotaryConsultation, consultations)
    bulk_create_with_history(NotaryDocument, documents)
