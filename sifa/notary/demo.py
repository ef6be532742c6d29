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
    bulk_create_with_history(Notarization, matters)
    _timeline(matters)
    _dated_records(ctx, rng, fake)


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


def _year_matters(ctx, rng, fake, year: int) -> list[Notarization]:
    """The year's certificates (numbered in issue order) and a few refused matters."""
    out = []
    issued = ctx.dates(rng, year, ctx.target(year, "notary.cases"))
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
    for accepted_on in ctx.dates(rng, year, max(1, round(len(issued) * REFUSED_SHARE))):
        closed_on = accepted_on + dt.timedelta(days=rng.randint(1, 5))
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
