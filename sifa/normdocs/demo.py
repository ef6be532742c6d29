"""Demo records of the normative-documents line, 2020 to today (2022 hits the seed exactly).

Earlier years follow the scaled targets, but keep the seed's invariants: reviewed = published +
pending and reviewed = lapse + retain (+ amend) in clean-ups. After 2022 each year draws from
its own stream (`ctx.later_rng`), so the seed years stay as they were: 2022's pending drafts are
published early in 2023 and its last document is filed by its deadline; the latest documents
are still to be filed, one or two due within days on the demo's today (at most one overdue).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from sifa.core.audit import bulk_create_with_history

from .models import (
    CleanupItem,
    CleanupRound,
    DraftingHearing,
    ItemKind,
    LegalityReview,
    LegislativeComment,
    NormdocConsultation,
    Opinion,
    Recommendation,
)
from .services import filing_due

ORDER = 11

DRAFTING_AGENCIES = [
    "县人民政府办公室",
    "县自然资源局",
    "县住房和城乡建设局",
    "县农业农村局",
    "县市场监督管理局",
    "县民政局",
    "县教育局",
    "县卫生健康局",
    "县财政局",
]
DOC_SUBJECTS = [
    "城乡居民最低生活保障实施办法",
    "农村宅基地管理办法",
    "城区占道经营管理规定",
    "征地补偿安置实施细则",
    "政府投资项目管理办法",
    "农村集体资产管理办法",
    "城市绿化管理办法",
    "义务教育阶段学生资助办法",
    "临时救助实施办法",
    "物业服务管理办法",
    "农村人居环境整治考核办法",
    "矿产资源开发管理办法",
]
LAW_DRAFTS = [
    "《陕西省乡村振兴促进条例（草案）》",
    "《北原市城市市容和环境卫生管理条例（征求意见稿）》",
    "《陕西省法律援助条例（修订草案）》",
    "《北原市文明行为促进条例（草案）》",
    "《陕西省安全生产条例（修订草案）》",
    "《北原市烟花爆竹燃放管理条例（草案）》",
    "《陕西省物业管理条例（修订草案）》",
]
ASKERS = [
    "县自然资源局",
    "县教育局",
    "县民政局",
    "白石镇人民政府",
    "桥东街道办事处",
    "县住房和城乡建设局",
    "县市场监督管理局",
    "县卫生健康局",
]
CONSULT_SUBJECTS = [
    "规范性文件制定程序",
    "规范性文件备案材料要求",
    "文件是否属于规范性文件的认定",
    "公开征求意见的期限",
    "合法性审核需报送的材料",
    "规范性文件有效期的设定",
]


def generate(ctx) -> None:
    _simple_records(ctx)
    _reviews(ctx)
    _cleanups(ctx)


def _simple_records(ctx) -> None:
    rng = ctx.rng("normdocs")
    comments, hearings, consults = [], [], []
    for year in ctx.years:
        for on in ctx.dates(
            rng,
            year,
            ctx.target(year, "normdocs.suggestions"),
            start=dt.date(year, 1, 10),
            end=dt.date(year, 12, 15),
        ):
            received = on - dt.timedelta(days=rng.randint(5, 12))
            comments.append(
                LegislativeComment(
                    region=ctx.county,
                    draft_title=rng.choice(LAW_DRAFTS).strip("《》"),
                    requested_by="市司法局",
                    received_on=received,
                    reply_due=received + dt.timedelta(days=15),
                    replied_on=on,
                    suggestions=f"提出修改意见{rng.randint(2, 9)}条。",
                )
            )
        for on in ctx.dates(rng, year, ctx.target(year, "normdocs.hearings")):
            hearings.append(
                DraftingHearing(
                    region=ctx.county,
                    title=f"《{rng.choice(DOC_SUBJECTS)}》制定听证会",
                    organiser=rng.choice(DRAFTING_AGENCIES),
                    held_on=on,
                    attendees="法制股",
                )
            )
        for on in ctx.dates(rng, year, ctx.target(year, "normdocs.consultations")):
            consults.append(
                NormdocConsultation(
                    region=ctx.county,
                    received_on=on,
                    asker=rng.choice(ASKERS),
                    subject=rng.choice(CONSULT_SUBJECTS),
                    answer="已当面答复。",
                )
            )
    _later_simple_records(ctx, comments, hearings, consults)
    bulk_create_with_history(LegislativeComment, comments)
    bulk_create_with_history(DraftingHearing, hearings)
    bulk_create_with_history(NormdocConsultation, consults)


def _later_simple_records(ctx, comments, hearings, consults) -> None:
    """Comments on drafts, hearings and consultations 2023 up to today; the latest draft sent
    for comment is still being answered (its reply due in a couple of weeks)."""
    for year in ctx.later_years:
        rng = ctx.later_rng("normdocs", year)
        end = ctx.year_end(year)
        last_reply = min(end, dt.date(year, 12, 15))
        n = ctx.later_count(rng, year, "normdocs.suggestions")
        if last_reply >= dt.date(year, 1, 10):
            for on in ctx.dates(rng, year, n, start=dt.date(year, 1, 10), end=last_reply):
                received = on - dt.timedelta(days=rng.randint(5, 12))
                comments.append(
                    LegislativeComment(
                        region=ctx.county,
                        draft_title=rng.choice(LAW_DRAFTS).strip("《》"),
                        requested_by="市司法局",
                        received_on=received,
                        reply_due=received + dt.timedelta(days=15),
                        replied_on=on,
                        suggestions=f"提出修改意见{rng.randint(2, 9)}条。",
                    )
                )
        for on in ctx.dates(rng, year, ctx.later_count(rng, year, "normdocs.hearings"), end=end):
            hearings.append(
                DraftingHearing(
                    region=ctx.county,
                    title=f"《{rng.choice(DOC_SUBJECTS)}》制定听证会",
                    organiser=rng.choice(DRAFTING_AGENCIES),
                    held_on=on,
                    attendees="法制股",
                )
            )
        n = ctx.later_count(rng, year, "normdocs.consultations")
        for on in ctx.dates(rng, year, n, end=end):
            consults.append(
                NormdocConsultation(
                    region=ctx.county,
                    received_on=on,
                    asker=rng.choice(ASKERS),
                    subject=rng.choice(CONSULT_SUBJECTS),
                    answer="已当面答复。",
                )
            )
    if ctx.later_years:
        rng = ctx.later_rng("normdocs", "open")
        received = ctx.today - dt.timedelta(days=rng.randint(1, 6))
        comments.append(
            LegislativeComment(
                region=ctx.county,
                draft_title=rng.choice(LAW_DRAFTS).strip("《》"),
                requested_by="市司法局",
                received_on=received,
                reply_due=received + dt.timedelta(days=15),
            )
        )


def _reviews(ctx) -> None:
    """Each year's reviewed drafts: the published ones published (and mostly filed) by 31
    December; the pending ones still under discussion then (published early next year, except
    in the last year)."""
    rng = ctx.rng("normdocs.reviews")
    last = ctx.years[-1]
    objs = []
    for year in ctx.years:
        published = ctx.target(year, "normdocs.published")
        pending = ctx.target(year, "normdocs.pending")
        subjects = rng.sample(DOC_SUBJECTS, published + pending)
        reviewed_dates = ctx.dates(
            rng, year, published + pending, start=dt.date(year, 2, 1), end=dt.date(year, 11, 20)
        )
        for i, (subject, reviewed) in enumerate(zip(subjects, reviewed_dates, strict=True)):
            is_published = i < published
            submitted = reviewed - dt.timedelta(days=rng.randint(5, 20))
            obj = LegalityReview(
                region=ctx.county,
                title=f"{ctx.profile.county_name}县{subject}",
                drafting_agency=rng.choice(DRAFTING_AGENCIES),
                submitted_on=submitted,
                reviewed_on=reviewed,
                opinion=rng.choice([Opinion.LAWFUL, Opinion.LAWFUL_IF_AMENDED]),
            )
            if is_published:
                obj.published_on = min(
                    reviewed + dt.timedelta(days=rng.randint(7, 30)), dt.date(year, 12, 28)
                )
            elif year != last:
                obj.published_on = dt.date(year + 1, 1, 1) + dt.timedelta(days=rng.randint(10, 60))
            if obj.published_on:
                obj.number = (
                    f"{ctx.profile.county_name[:1]}政规〔{obj.published_on.year}〕{i + 1}号"
                )
                obj.filing_due = filing_due(obj.published_on, ctx.county)
                # The last document of the last year is still to be filed (shown as overdue).
                if not (year == last and i == published - 1):
                    obj.filed_on = obj.published_on + dt.timedelta(days=rng.randint(5, 25))
            obj.status = obj.status_from_dates()
            objs.append(obj)
    objs += _later_reviews(ctx, objs)
    bulk_create_with_history(LegalityReview, objs)


def _later_reviews(ctx, seed_objs: list[LegalityReview]) -> list[LegalityReview]:
    """2023 up to today: the seed's open documents completed, then each year's reviews as in
    the seed years (published within a month, filed within the filing period, a couple still
    under discussion at the year's end and published early next year). Returns the new ones."""
    if not ctx.later_years:
        return []
    last = ctx.years[-1]
    today = ctx.today
    rng = ctx.later_rng("normdocs.reviews", "seed")
    for obj in seed_objs:
        if obj.published_on and obj.filed_on is None:
            # filed early in the new year, by its deadline (or at once, if that has passed)
            day = max(obj.published_on, dt.date(last + 1, 1, 1)) + dt.timedelta(
                days=rng.randint(2, 8)
            )
            if obj.filing_due and obj.filing_due >= dt.date(last + 1, 1, 1):
                day = min(day, obj.filing_due)
            obj.filed_on = day if day <= today else None
    carry = [o for o in seed_objs if o.reviewed_on.year == last and o.published_on is None]
    new: list[LegalityReview] = []
    for year in ctx.later_years:
        rng = ctx.later_rng("normdocs.reviews", year)
        for obj in carry:  # last year's drafts still under discussion, published early on
            _publish(ctx, rng, obj, dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(10, 60)))
        end = ctx.year_end(year)
        last_review = min(end, dt.date(year, 11, 20))
        if last_review < dt.date(year, 2, 1):
            carry = []
            continue
        published = ctx.later_count(rng, year, "normdocs.published")
        pending = ctx.later_count(rng, year, "normdocs.pending") if end.month == 12 else 0
        n = published + pending
        subjects = [rng.choice(DOC_SUBJECTS) for _ in range(n)]
        dates = ctx.dates(rng, year, n, start=dt.date(year, 2, 1), end=last_review)
        carry = []
        for i, (subject, reviewed) in enumerate(zip(subjects, dates, strict=True)):
            obj = _review(ctx, rng, subject, reviewed)
            if i < published:
                on = min(reviewed + dt.timedelta(days=rng.randint(7, 30)), dt.date(year, 12, 28))
                _publish(ctx, rng, obj, on)
            else:
                carry.append(obj)
            new.append(obj)
    new += _open_on_today(ctx, [*seed_objs, *new])
    # 文号: numbered in publication order within each year after the seed years
    seq: dict[int, int] = {}
    initial = ctx.profile.county_name[:1]
    for obj in sorted(
        (o for o in [*seed_objs, *new] if o.published_on and o.published_on.year > last),
        key=lambda o: (o.published_on, o.submitted_on),
    ):
        seq[obj.published_on.year] = seq.get(obj.published_on.year, 0) + 1
        obj.number = f"{initial}政规〔{obj.published_on.year}〕{seq[obj.published_on.year]}号"
    for obj in [*seed_objs, *new]:
        obj.status = obj.status_from_dates()
    return new


def _review(ctx, rng, subject: str, reviewed: dt.date) -> LegalityReview:
    return LegalityReview(
        region=ctx.county,
        title=f"{ctx.profile.county_name}县{subject}",
        drafting_agency=rng.choice(DRAFTING_AGENCIES),
        submitted_on=reviewed - dt.timedelta(days=rng.randint(5, 20)),
        reviewed_on=reviewed,
        opinion=rng.choice([Opinion.LAWFUL, Opinion.LAWFUL_IF_AMENDED]),
    )


def _publish(ctx, rng, obj: LegalityReview, on: dt.date, *, filed: bool = True) -> None:
    """Published on `on` and filed 5–25 days later (within the 30-day period) — each step only
    when its day has come."""
    if on > ctx.today:
        return
    obj.published_on = on
    obj.filing_due = filing_due(on, ctx.county)
    filed_on = on + dt.timedelta(days=rng.randint(5, 25))
    if filed and filed_on <= ctx.today:
        obj.filed_on = min(filed_on, obj.filing_due or filed_on)


def _open_on_today(ctx, objs: list[LegalityReview]) -> list[LegalityReview]:
    """The documents still to be filed on the demo's today: one or two due within the week
    (新发布 documents awaiting 备案), sometimes one a few days overdue — added only when the
    year's flow does not already leave them."""
    rng = ctx.later_rng("normdocs.reviews", "today")
    today = ctx.today
    soon_limit = today + dt.timedelta(days=settings.SIFA_DUE_SOON_DAYS)
    unfiled = [o for o in objs if o.published_on and o.filed_on is None and o.filing_due]
    soon = sum(1 for o in unfiled if today <= o.filing_due <= soon_limit)
    overdue = sum(1 for o in unfiled if o.filing_due < today)
    wanted_soon = rng.randint(1, 2)
    wanted_overdue = 1 if rng.random() < 0.4 else 0
    # publication days whose filing deadline falls in the window
    first = dt.date(ctx.years[-1] + 1, 1, 28)  # reviewed after the seed years, too
    days = [today - dt.timedelta(days=d) for d in range(1, 60)]
    days = [d for d in days if d >= first]
    due_of = {d: filing_due(d, ctx.county) for d in days}
    soon_days = [d for d in days if today <= due_of[d] <= soon_limit]
    late_days = [d for d in days if today - dt.timedelta(days=10) <= due_of[d] < today]
    out = []
    for pool, n in ((soon_days, wanted_soon - soon), (late_days, wanted_overdue - overdue)):
        for _ in range(max(0, n)):
            if not pool:
                break
            on = rng.choice(pool)
            reviewed = on - dt.timedelta(days=rng.randint(7, 20))
            obj = _review(ctx, rng, rng.choice(DOC_SUBJECTS), reviewed)
            _publish(ctx, rng, obj, on, filed=False)
            out.append(obj)
    return out


def _cleanups(ctx) -> None:
    rng = ctx.rng("normdocs.cleanup")
    rounds = []
    for year in ctx.years:
        concluded = dt.date(year, 11, 1) + dt.timedelta(days=rng.randint(0, 40))
        rounds.append(
            CleanupRound(
                region=ctx.county,
                title=f"{year}年度行政规范性文件和政府协议定期清理",
                started_on=dt.date(year, 9, 1),
                concluded_on=concluded,
            )
        )
    later = _later_rounds(ctx)
    rounds = bulk_create_with_history(CleanupRound, rounds + [r for r, _rng in later])
    items = []
    for year, round_ in zip(ctx.years, rounds, strict=False):
        for kind, prefix in ((ItemKind.DOCUMENT, "docs"), (ItemKind.AGREEMENT, "agreements")):
            lapse = ctx.target(year, f"cleanup.{prefix}_invalidated")
            retain = ctx.target(year, f"cleanup.{prefix}_retained")
            amend = max(0, ctx.target(year, f"cleanup.{prefix}_reviewed") - lapse - retain)
            recs = (
                [Recommendation.LAPSE] * lapse
                + [Recommendation.RETAIN] * retain
                + [Recommendation.AMEND] * amend
            )
            rng.shuffle(recs)
            for i, rec in enumerate(recs, start=1):
                items.append(_cleanup_item(ctx, rng, round_, kind, year, i, rec))
    for (round_, rng), saved in zip(later, rounds[len(ctx.years) :], strict=True):
        items += _round_items(ctx, rng, saved, round_.started_on.year)
    bulk_create_with_history(CleanupItem, items)


def _later_rounds(ctx) -> list:
    """(round, its stream) of each year after the seed years whose clean-up has begun (1
    September); one not yet concluded on today has no conclusion date yet."""
    out = []
    for year in ctx.later_years:
        rng = ctx.later_rng("normdocs.cleanup", year)
        if ctx.today < dt.date(year, 9, 1):
            continue
        concluded = dt.date(year, 11, 1) + dt.timedelta(days=rng.randint(0, 40))
        round_ = CleanupRound(
            region=ctx.county,
            title=f"{year}年度行政规范性文件和政府协议定期清理",
            started_on=dt.date(year, 9, 1),
            concluded_on=concluded if concluded <= ctx.today else None,
        )
        out.append((round_, rng))
    return out


def _round_items(ctx, rng, round_, year: int) -> list[CleanupItem]:
    """A later round's items: about 2022's numbers, most documents kept, some to lapse."""
    items = []
    for kind, prefix in ((ItemKind.DOCUMENT, "docs"), (ItemKind.AGREEMENT, "agreements")):
        # a round covers the whole stock, so its size does not scale with the part of the year
        reviewed = max(
            1, round(ctx.target(year, f"cleanup.{prefix}_reviewed") * rng.uniform(0.8, 1.2))
        )
        share = ctx.target(year, f"cleanup.{prefix}_invalidated") / ctx.target(
            year, f"cleanup.{prefix}_reviewed"
        )
        recs = [
            Recommendation.LAPSE if rng.random() < share else Recommendation.RETAIN
            for _ in range(reviewed)
        ]
        if kind == ItemKind.DOCUMENT and rng.random() < 0.5:
            recs[-1] = Recommendation.AMEND
        for i, rec in enumerate(recs, start=1):
            items.append(_cleanup_item(ctx, rng, round_, kind, year, i, rec))
    return items


PARTNERS = [
    "陕西秦源农业科技有限公司",
    "北原市城投建设有限公司",
    "鑫达矿业有限公司",
    "陕西绿源生态旅游开发有限公司",
    "中国电信北原分公司",
]
PROJECTS = ["现代农业产业园建设", "城区供热特许经营", "旅游景区开发", "智慧城市建设", "土地整理"]


def _item_title(ctx, rng, kind) -> str:
    c = ctx.profile.county_name
    if kind == ItemKind.DOCUMENT:
        return f"关于印发《{c}县{rng.choice(DOC_SUBJECTS)}》的通知"
    return f"{c}县人民政府与{rng.choice(PARTNERS)}{rng.choice(PROJECTS)}合作协议"


def _cleanup_item(ctx, rng, round_, kind, year: int, i: int, rec) -> CleanupItem:
    """The i-th item of a clean-up round: a document or agreement with its recommendation
    (draws the title, then the number's year, in that order)."""
    title = _item_title(ctx, rng, kind)
    if kind == ItemKind.DOCUMENT:
        number = f"{ctx.profile.county_name[:1]}政发〔{year - rng.randint(2, 12)}〕{i}号"
    else:
        number = f"协议〔{year - rng.randint(1, 8)}〕{i}号"
    return CleanupItem(
        region=round_.region,
        round=round_,
        kind=kind,
        title=title,
        number=number,
        recommendation=rec,
        reason="上位法已修改" if rec == Recommendation.LAPSE else "",
    )
