"""Demo records of the rule-of-law and publicity line, 2020 to today (2022 hits the seed exactly).

After 2022 each year draws from its own stream (`ctx.later_rng`), so the seed years stay as they
were: the year's key points and notices, inspections, campaigns, lectures and events at about
2022's volume (scaled to the part of the current year gone), the register of 法律明白人 heading
for the year's target, the exam sessions held so far and each agency's publicity duties.
"""

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

# Later years' documents: (title with {c} and {y}, kind, issuer, month, day, years or None).
LATER_DOCUMENTS = [
    (
        "{c}县{y}年度法治政府建设工作要点",
        DocumentKind.KEYPOINTS,
        Issuer.RULE_OF_LAW_OFFICE,
        3,
        10,
        None,
    ),
    ("{y}年全县普法依法治理工作要点", DocumentKind.KEYPOINTS, Issuer.BUREAU, 3, 24, None),
    (
        "关于开展{y}年“美好生活·民法典相伴”主题宣传月活动的通知",
        DocumentKind.NOTICE,
        Issuer.BUREAU,
        5,
        6,
        None,
    ),
    ("{c}县“八五”普法中期评估工作方案", DocumentKind.SCHEME, Issuer.BUREAU, 6, 12, (2023,)),
    (
        "{c}县法治政府建设示范创建巩固提升方案",
        DocumentKind.SCHEME,
        Issuer.RULE_OF_LAW_OFFICE,
        7,
        2,
        (2024,),
    ),
    ("{c}县“八五”普法总结验收工作方案", DocumentKind.SCHEME, Issuer.BUREAU, 6, 18, (2025,)),
    ("{c}县“九五”普法规划", DocumentKind.PLAN, Issuer.BUREAU, 4, 8, (2026,)),
    (
        "关于做好{y}年“12.4”国家宪法日宣传活动的通知",
        DocumentKind.NOTICE,
        Issuer.BUREAU,
        11,
        20,
        None,
    ),
]
LATER_THEMES = [
    ("“4·15”全民国家安全教育日", 4, 15),
    ("“美好生活·民法典相伴”", 5, 20),
    ("“12.4”国家宪法宣传周", 12, 4),
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
    for year in ctx.later_years:
        rng = ctx.later_rng("rulelaw.documents", year)
        n = 0
        for title, kind, issuer, month, day, years in LATER_DOCUMENTS:
            on = dt.date(year, month, day) + dt.timedelta(days=rng.randint(-6, 6))
            if (years and year not in years) or on > ctx.today:
                continue
            n += 1
            objs.append(
                IssuedDocument(
                    region=ctx.county,
                    title=title.format(c=c, y=year),
                    kind=kind,
                    issuer=issuer,
                    number=f"{_prefix(c, issuer)}〔{year}〕{n}号",
                    issued_on=on,
                )
            )
    bulk_create_with_history(IssuedDocument, objs)


def _prefix(c: str, issuer) -> str:
    return c[:1] + (
        "法治办发"
        if issuer == Issuer.RULE_OF_LAW_OFFICE
        else ("政发" if issuer == Issuer.GOVERNMENT else "司发")
    )


def _activities(ctx) -> None:
    rng = ctx.rng("rulelaw")
    types = {t.code: t for t in ActivityType.objects.filter(line="rulelaw")}
    bureau = Unit.objects.filter(kind=UnitKind.BUREAU).first()
    regions = [ctx.county, *ctx.townships]
    objs: list[Activity] = []
    for year in ctx.years:
        objs += _year_activities(
            ctx, rng, year, types, bureau, regions, THEMES[year], lambda f, y=year: ctx.target(y, f)
        )
    for year in ctx.later_years:
        later = ctx.later_rng("rulelaw", year)
        themes = [t for t in LATER_THEMES if dt.date(year, t[1], t[2]) <= ctx.today]
        objs += _year_activities(
            ctx,
            later,
            year,
            types,
            bureau,
            regions,
            themes,
            lambda f, y=year, r=later: ctx.later_count(r, y, f),
            end=ctx.year_end(year),
        )
    bulk_create_with_history(Activity, objs)


def _year_activities(ctx, rng, year, types, bureau, regions, themes, count, end=None):
    """One year's activities: inspections, themed campaigns, lectures and training, events,
    the consultations and materials split over the events; `count(figure)` gives the volumes
    and nothing is dated after `end` (default 31 December)."""
    end = end or dt.date(year, 12, 31)
    objs: list[Activity] = []
    # 法治督察
    last = min(end, dt.date(year, 11, 30))
    n = count("rulelaw.inspections") if last >= dt.date(year, 5, 1) else 0
    for on in ctx.dates(rng, year, n, start=dt.date(year, 5, 1), end=last):
        objs.append(
            Activity(
                type=types["rulelaw_inspection"],
                region=ctx.county,
                unit=bureau,
                date=on,
                end_date=min(on + dt.timedelta(days=3), ctx.today),
                title=f"{year}年度法治政府建设督察",
                quantities={"agencies_checked": rng.randint(8, 18)},
            )
        )
    events: list[Activity] = []
    for theme, month, day in themes:
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
    n_lectures = count("publicity.lectures")
    n_training = n_lectures // 3
    for code, n in (("lecture", n_lectures - n_training), ("training", n_training)):
        for on in ctx.dates(rng, year, n, end=end):
            events.append(
                Activity(
                    type=types[code],
                    region=rng.choice(regions),
                    date=on,
                    title=rng.choice(LECTURE_TITLES),
                )
            )
    for on in ctx.dates(rng, year, count("publicity.events"), end=end):
        events.append(
            Activity(
                type=types["publicity_event"],
                region=rng.choice(regions),
                date=on,
                title=rng.choice(EVENT_TITLES),
            )
        )
    consultations = ctx.split(
        rng, max(count("publicity.consultations"), 5 * len(events)), len(events), minimum=5
    )
    materials = ctx.split(
        rng, max(count("publicity.materials"), 20 * len(events)), len(events), minimum=20
    )
    for event, n_cons, n_mat in zip(events, consultations, materials, strict=True):
        event.quantities = {
            "attendees": rng.randint(30, 400),
            "consultations": n_cons,
            "materials": n_mat,
        }
    objs.extend(events)
    return objs


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
    _later_literates(ctx, people, active, stock)
    bulk_create_with_history(LegalLiterate, people)


def _later_literates(ctx, people, active, stock: int) -> None:
    """2023 up to today: a few leave each year (never a village's last), new ones are chosen
    so the register heads for the year's target, reached on 31 December."""
    fake = ctx.faker("rulelaw:later")
    villages = list(ctx.villages)
    for year in ctx.later_years:
        rng = ctx.later_rng("rulelaw.literates", year)
        end = ctx.year_end(year)
        part = ctx.year_part(year)
        leavers = round(rng.randint(4, 9) * part) if end >= dt.date(year, 2, 1) else 0
        candidates = [p for ps in active.values() if len(ps) > 1 for p in ps if p.since.year < year]
        left = 0
        for person in rng.sample(candidates, leavers):
            if len(active[person.region_id]) < 2:
                continue
            person.status = LiteracyStatus.LEFT
            person.left_on = ctx.dates(rng, year, 1, start=dt.date(year, 2, 1), end=end)[0]
            active[person.region_id].remove(person)
            left += 1
        wanted = round(stock + (ctx.target(year, "publicity.legal_literates") - stock) * part)
        new = max(0, wanted - (stock - left))
        last = min(end, dt.date(year, 11, 30))
        if last < dt.date(year, 1, 5):
            new = 0
        for since in ctx.dates(rng, year, new, start=dt.date(year, 1, 5), end=last):
            village = rng.choice(villages)
            person = LegalLiterate(
                region=village,
                name=fake.name(),
                phone=fake.phone_number(),
                since=since,
                status=LiteracyStatus.ACTIVE,
            )
            people.append(person)
            active[village.code].append(person)
        stock += new - left


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
    for year in ctx.later_years:
        later = ctx.later_rng("rulelaw.exams", year)
        total = round(ctx.target(year, "publicity.exam_participants") * later.uniform(0.9, 1.1))
        sat = ctx.split(later, total, len(EXAM_SESSIONS), minimum=100)
        for (session, month, day), n in zip(EXAM_SESSIONS, sat, strict=True):
            held = dt.date(year, month, day)
            if held > ctx.today:
                continue
            objs.append(
                LawExamSession(
                    region=ctx.county,
                    session=f"{year}年{session}",
                    held_on=held,
                    invited=n + later.randint(0, max(1, n // 30)),
                    sat=n,
                    passed=n - later.randint(0, max(1, n // 40)),
                )
            )
    bulk_create_with_history(LawExamSession, objs)


def _duties(ctx) -> None:
    agencies = list(Unit.objects.filter(kind=UnitKind.AGENCY).order_by("id"))
    objs = []
    for year in (*ctx.years, *ctx.later_years):
        if dt.date(year, 3, 1) > ctx.today:
            continue  # this year's lists are revised on 1 March
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
