"""Demo records of the rule-of-law and publicity line, 2020–2022 (2022 hits the seed exactly)."""

from __future__ import annotations

import datetime as dt

from sifa.core.audit import bulk_create_with_history
from sifa.core.models import Activity, ActivityType, Unit, UnitKind

from .models import (
    DocumentKind,
    IssuedDocument,
    Issuer,
    LawExamSession,
    LegalLiterate,
    LiteracyStatus,
    PublicityDuty,
)

ORDER = 10

# (title with {c} for the county name, kind, issuer, month, day) — issue dates keep the seed's order.
DOCUMENTS = {
    2020: [
        (
            "{c}县2020年度法治政府建设工作要点",
            DocumentKind.KEYPOINTS,
            Issuer.RULE_OF_LAW_OFFICE,
            3,
            12,
        ),
        ("2020年全县普法依法治理工作要点", DocumentKind.KEYPOINTS, Issuer.BUREAU, 3, 26),
        ("{c}县“七五”普法总结验收工作方案", DocumentKind.SCHEME, Issuer.BUREAU, 6, 18),
        (
            "关于做好2020年“12.4”国家宪法日宣传活动的通知",
            DocumentKind.NOTICE,
            Issuer.BUREAU,
            11,
            20,
        ),
    ],
    2021: [
        (
            "{c}县2021年度法治政府建设工作要点",
            DocumentKind.KEYPOINTS,
            Issuer.RULE_OF_LAW_OFFICE,
            3,
            9,
        ),
        ("2021年全县普法依法治理工作要点", DocumentKind.KEYPOINTS, Issuer.BUREAU, 3, 23),
        ("{c}县法治政府建设示范创建实施方案", DocumentKind.SCHEME, Issuer.RULE_OF_LAW_OFFICE, 7, 6),
        ("关于开展民法典主题宣传活动的通知", DocumentKind.NOTICE, Issuer.BUREAU, 5, 8),
    ],
    2022: [
        # The seed's list, in its order (the typo 设施 is the seed's own).
        ("法治{c}建设实施规划（2022－2025）", DocumentKind.PLAN, Issuer.RULE_OF_LAW_OFFICE, 1, 26),
        (
            "{c}县法治社会建设实施方案（2022－2025）",
            DocumentKind.SCHEME,
            Issuer.RULE_OF_LAW_OFFICE,
            2,
            21,
        ),
        (
            "{c}县法治政府建设设施方案（2022－2025）",
            DocumentKind.SCHEME,
            Issuer.RULE_OF_LAW_OFFICE,
            3,
            8,
        ),
        ("{c}县“八五”普法规划", DocumentKind.PLAN, Issuer.BUREAU, 3, 24),
        (
            "{c}县2022年度法治政府建设工作要点",
            DocumentKind.KEYPOINTS,
            Issuer.RULE_OF_LAW_OFFICE,
            4,
            12,
        ),
        ("2022年全县普法依法治理工作要点", DocumentKind.KEYPOINTS, Issuer.BUREAU, 4, 27),
        # Other documents the seed mentions: not planning documents, so not in the list.
        (
            "关于进一步落实国家机关“谁执法谁普法”责任制的实施意见",
            DocumentKind.OPINION,
            Issuer.RULE_OF_LAW_OFFICE,
            5,
            16,
        ),
        ("{c}县规范性文件制定程序和备案办法", DocumentKind.MEASURES, Issuer.GOVERNMENT, 6, 9),
    ],
}

# Themes of themed campaigns (主题宣传活动) per year, with (month, day) of each campaign.
THEMES = {
    2020: [
        ("“4·15”全民国家安全教育日", 4, 15),
        ("“美好生活·民法典相伴”", 6, 5),
        ("“12.4”国家宪法宣传周", 12, 4),
    ],
    2021: [
        ("“4·15”全民国家安全教育日", 4, 15),
        ("“美好生活·民法典相伴”", 5, 20),
        ("“12.4”国家宪法宣传周", 12, 4),
    ],
    2022: [
        ("《反有组织犯罪法》", 3, 28),
        ("“4·15”全民国家安全教育日", 4, 15),
        ("“美好生活·民法典相伴”", 5, 18),
        ("“12.4”国家宪法宣传周", 12, 4),
    ],
}

EVENT_TITLES = [
    "法律进乡村",
    "法律进社区",
    "法律进学校",
    "法律进企业",
    "法律进机关",
    "法治集市",
    "赶集日普法",
    "防范电信诈骗宣传",
    "禁毒宣传",
    "扫黑除恶宣传",
    "农民工讨薪维权宣传",
]
LECTURE_TITLES = [
    "习近平法治思想宣讲",
    "民法典宣讲",
    "乡村振兴促进法宣讲",
    "领导干部学法讲座",
    "村“两委”干部法治培训",
    "法律明白人培训",
    "人民调解员业务培训",
]

EXAM_SESSIONS = [
    ("春季学法用法考试", 5, 20),
    ("秋季学法用法考试", 10, 25),
    ("新任职干部任前法律知识考试", 12, 8),
]

DUTIES = (
    "结合本单位执法职能，制定年度普法计划；在执法过程中向当事人释法说理；"
    "利用门户网站和新媒体公开典型案例；组织本系统干部职工学法。"
)


def generate(ctx) -> None:
    _documents(ctx)
    _activities(ctx)
    _literates(ctx)
    _exams(ctx)
    _duties(ctx)


def _documents(ctx) -> None:
    c = ctx.profile.county_name
    objs = []
    for year, docs in DOCUMENTS.items():
        for i, (title, kind, issuer, month, day) in enumerate(docs, start=1):
            prefix = c[:1] + (
                "法治办发"
                if issuer == Issuer.RULE_OF_LAW_OFFICE
                else ("政发" if issuer == Issuer.GOVERNMENT else "司发")
            )
            objs.append(
                IssuedDocument(
                    region=ctx.county,
                    title=title.format(c=c),
                    kind=kind,
                    issuer=issuer,
                    number=f"{prefix}〔{year}〕{i}号",
                    issued_on=dt.date(year, month, day),
                )
            )
    bulk_create_with_history(IssuedDocument, objs)


def _activities(ctx) -> None:
    rng = ctx.rng("rulelaw")
    types = {t.code: t for t in ActivityType.objects.filter(line="rulelaw")}
    bureau = Unit.objects.filter(kind=UnitKind.BUREAU).first()
    regions = [ctx.county, *ctx.townships]
    objs: list[Activity] = []
    for year in ctx.years:
        # 法治督察
        for on in ctx.dates(
            rng,
            year,
            ctx.target(year, "rulelaw.inspections"),
            start=dt.date(year, 5, 1),
            end=dt.date(year, 11, 30),
        ):
            objs.append(
                Activity(
                    type=types["rulelaw_inspection"],
                    region=ctx.county,
                    unit=bureau,
                    date=on,
                    end_date=on + dt.timedelta(days=3),
                    title=f"{year}年度法治政府建设督察",
                    quantities={"agencies_checked": rng.randint(8, 18)},
                )
            )
        events: list[Activity] = []
        for theme, month, day in THEMES[year]:
            for region in rng.sample(regions, rng.randint(1, 3)):
                events.append(
                    Activity(
                        type=types["themed_campaign"],
                        region=region,
                        date=dt.date(year, month, day),
                        theme=theme,
                        title=f"{theme}主题宣传活动",
                    )
                )
        n_lectures = ctx.target(year, "publicity.lectures")
        n_training = n_lectures // 3
        for code, n in (("lecture", n_lectures - n_training), ("training", n_training)):
            for on in ctx.dates(rng, year, n):
                events.append(
                    Activity(
                        type=types[code],
                        region=rng.choice(regions),
                        date=on,
                        title=rng.choice(LECTURE_TITLES),
                    )
                )
        for on in ctx.dates(rng, year, ctx.target(year, "publicity.events")):
            events.append(
                Activity(
                    type=types["publicity_event"],
                    region=rng.choice(regions),
                    date=on,
                    title=rng.choice(EVENT_TITLES),
                )
            )
        consultations = ctx.split(
            rng, ctx.target(year, "publicity.consultations"), len(events), minimum=5
        )
        materials = ctx.split(rng, ctx.target(year, "publicity.materials"), len(events), minimum=20)
        for event, n_cons, n_mat in zip(events, consultations, materials, strict=True):
            event.quantities = {
                "attendees": rng.randint(30, 400),
                "consultations": n_cons,
                "materials": n_mat,
            }
        objs.extend(events)
    bulk_create_with_history(Activity, objs)


def _literates(ctx) -> None:
    """The register grows to each year's target stock on 31 December, a few leave each year;
    every village keeps at least one (the national target)."""
    rng = ctx.rng("rulelaw.literates")
    fake = ctx.faker("rulelaw")
    villages = list(ctx.villages)
    people: list[LegalLiterate] = []
    active: dict[str, list[LegalLiterate]] = {v.code: [] for v in villages}

    def add(village, since):
        person = LegalLiterate(
            region=village,
            name=fake.name(),
            phone=fake.phone_number(),
            since=since,
            status=LiteracyStatus.ACTIVE,
        )
        people.append(person)
        active[village.code].append(person)

    stock = 0
    for year in ctx.years:
        target = ctx.target(year, "publicity.legal_literates")
        leavers = 0
        if stock:
            leavers = rng.randint(4, 9)
            candidates = [
                p for ps in active.values() if len(ps) > 1 for p in ps if p.since.year < year
            ]
            for person in rng.sample(candidates, leavers):
                person.status = LiteracyStatus.LEFT
                person.left_on = ctx.dates(rng, year, 1, start=dt.date(year, 2, 1))[0]
                active[person.region_id].remove(person)
        new = target - stock + leavers
        dates = ctx.dates(rng, year, new, start=dt.date(year, 1, 5), end=dt.date(year, 11, 30))
        first = stock == 0
        for i, since in enumerate(dates):
            village = villages[i] if first and i < len(villages) else rng.choice(villages)
            add(village, since)
        stock = target
    bulk_create_with_history(LegalLiterate, people)


def _exams(ctx) -> None:
    rng = ctx.rng("rulelaw.exams")
    objs = []
    for year in ctx.years:
        sat = ctx.split(
            rng, ctx.target(year, "publicity.exam_participants"), len(EXAM_SESSIONS), minimum=100
        )
        for (session, month, day), n in zip(EXAM_SESSIONS, sat, strict=True):
            passed = n - rng.randint(0, max(1, n // 40))
            objs.append(
                LawExamSession(
                    region=ctx.county,
                    session=f"{year}年{session}",
                    held_on=dt.date(year, month, day),
                    invited=n + rng.randint(0, max(1, n // 30)),
                    sat=n,
                    passed=passed,
                )
            )
    bulk_create_with_history(LawExamSession, objs)


def _duties(ctx) -> None:
    agencies = list(Unit.objects.filter(kind=UnitKind.AGENCY).order_by("id"))
    objs = []
    for year in ctx.years:
        for agency in agencies:
            objs.append(
                PublicityDuty(
                    region=ctx.county,
                    agency=agency,
                    year=year,
                    laws=f"与{agency.short_name or agency.name}执法职能相关的法律法规",
                    duties=DUTIES,
                    revised_on=dt.date(year, 5, 16) if year == 2022 else dt.date(year, 3, 1),
                )
            )
    bulk_create_with_history(PublicityDuty, objs)
