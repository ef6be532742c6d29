"""Demo records of the normative-documents line, 2020–2022 (2022 hits the seed exactly).

Earlier years follow the scaled targets, but keep the seed's invariants: reviewed = published +
pending and reviewed = lapse + retain (+ amend) in clean-ups.
"""

from __future__ import annotations

import datetime as dt

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
    bulk_create_with_history(LegislativeComment, comments)
    bulk_create_with_history(DraftingHearing, hearings)
    bulk_create_with_history(NormdocConsultation, consults)


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
    bulk_create_with_history(LegalityReview, objs)


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
    rounds = bulk_create_with_history(CleanupRound, rounds)
    items = []
    for year, round_ in zip(ctx.years, rounds, strict=True):
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
                items.append(
                    CleanupItem(
                        region=round_.region,
                        round=round_,
                        kind=kind,
                        title=_item_title(ctx, rng, kind),
                        number=f"{ctx.profile.county_name[:1]}政发〔{year - rng.randint(2, 12)}〕{i}号"
                        if kind == ItemKind.DOCUMENT
                        else f"协议〔{year - rng.randint(1, 8)}〕{i}号",
                        recommendation=rec,
                        reason="上位法已修改" if rec == Recommendation.LAPSE else "",
                    )
                )
    bulk_create_with_history(CleanupItem, items)


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
