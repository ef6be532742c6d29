"""Demo plan items: 2021 and 2022 items with their progress, and the seed's five items for 2023.

The 2022 report's closing section (二、下一步工作方向) lists the 2023 items, so they carry the
seed's exact texts; the one naming the city uses the demo county profile's city name.

After 2022 the plan runs to the demo's today, each year from its own stream (`ctx.later_rng`):
2022's unfinished item is completed early in 2023, the 2023 items and every later year's are
started in spring and completed by their deadline — the current year's still under way — and
in December the coming year's items are already listed (not started).
"""

from __future__ import annotations

import datetime as dt

from sifa.core.audit import bulk_create_with_history
from sifa.core.lines import Line

from .models import PlanItem, PlanProgress, PlanStatus

ORDER = 90

# (heading, body, responsible line) — the seed's 二、下一步工作方向; {city} is the city name.
NEXT_YEAR_ITEMS = [
    (
        "全面落实工作责任",
        "全面落实党委（党组）书记点评法治和党政主要负责人履行推进法治建设第一责任职责工作机制，"
        "深入推进镇（办）党委（党工委）书记点评法治和党政主要负责人履行法治建设第一责任职责工作。",
        Line.RULELAW,
    ),
    (
        "加强行政应诉工作",
        "认真贯彻落实市委依法治市委员会《关于进一步加强和改进行政应诉工作有关事项》"
        "《{city}市行政机关负责人出庭应诉办法》要求，加强沟通协调，定期印发行政应诉情况通报，"
        "把行政机关负责人出庭应诉情况纳入法治建设考核和法治建设督察内容。",
        Line.LITIGATION,
    ),
    (
        "推进法治政府建设",
        "推进法治政府建设“八项行动”，扎实做好全省法治政府建设示范创建巩固提升工作，加强跟踪问效。"
        "持续推动镇（办）法治政府建设评估工程。",
        Line.RULELAW,
    ),
    (
        "加强执法协调监督",
        "推进全面严格落实行政执法“三项制度”，组织开展全覆盖实地评估。以年度评估结果作为确定年度"
        "目标责任考核法治建设项建议分值、评优评先依据，促进严格规范公正文明执法。",
        Line.ENFORCEMENT,
    ),
    (
        "加强普法依法治理",
        "持续推动落实国家工作人员学法用法制度，组织开展年度在线学法用法考试，推动“谁执法谁普法”"
        "“谁服务谁普法”普法责任制落实。将党的二十大精神、习近平法治思想纳入各级党委（组）理论中心组"
        "学习计划，列入全县干部教育培训计划，列入党校（行政学校）必修课程，不断提高各级领导干部运用"
        "法治思维和法治方式解决问题的能力。以普法常态化，加强法治宣传教育，充分利用重大热点案（事）件"
        "开展普法工作。",
        Line.RULELAW,
    ),
]

# Earlier years' items: (heading, body, line or "", free-text section, deadline month/day).
PAST_ITEMS = [
    (
        "统筹推进法治建设",
        "制定年度法治政府建设工作要点，组织开展法治督察，推动各项任务落地落实。",
        Line.RULELAW,
        "",
        (11, 30),
    ),
    (
        "做好规范性文件审查",
        "严格落实行政规范性文件合法性审核和备案审查制度，做到有件必备、有备必审。",
        Line.NORMDOCS,
        "",
        (12, 31),
    ),
    (
        "提升行政复议质效",
        "推进行政复议规范化、信息化建设，全面落实行政复议网上公开制度。",
        Line.RECONSIDERATION,
        "",
        (10, 31),
    ),
    (
        "深化矛盾纠纷排查化解",
        "常态化开展矛盾纠纷排查化解，做好重要节点安保维稳工作。",
        Line.MEDIATION,
        "",
        (12, 31),
    ),
    (
        "加强司法行政队伍建设",
        "开展政治轮训和作风建设专项行动，推进清廉司法行政建设。",
        "",
        "政工室",
        (12, 31),
    ),
    (
        "助力乡村振兴",
        "举办乡村振兴法治课堂，开展乡村企业法治体检和涉农法律咨询。",
        Line.TEAM,
        "",
        (9, 30),
    ),
]


def _past_items(ctx, rng, year: int):
    items, notes = [], []
    for order, (heading, body, line, section, (month, day)) in enumerate(PAST_ITEMS, start=1):
        deadline = dt.date(year, month, day)
        started = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(20, 90))
        # Most items are done by their deadline; the last 2022 item is still under way.
        late_open = year == 2022 and order == len(PAST_ITEMS)
        closed = None if late_open else deadline - dt.timedelta(days=rng.randint(0, 40))
        item = PlanItem(
            year=year,
            order=order,
            heading=heading,
            text=body,
            section_line=line,
            section_text=section,
            deadline=deadline,
            region=ctx.county,
            status=PlanStatus.IN_PROGRESS if late_open else PlanStatus.DONE,
            started_on=started,
            closed_on=closed,
        )
        items.append(item)
        mid = started + (((closed or deadline) - started) / 2)
        notes.append(
            (
                item,
                [(mid, f"{heading}工作按计划推进，已完成阶段性任务。")]
                + ([(closed, f"{heading}工作已完成。")] if closed else []),
            )
        )
    return items, notes


def generate(ctx) -> None:
    rng = ctx.rng("plans")
    items, notes = [], []
    for year in (2021, 2022):
        year_items, year_notes = _past_items(ctx, rng, year)
        items += year_items
        notes += year_notes
    city = ctx.profile.city_name
    for order, (heading, body, line) in enumerate(NEXT_YEAR_ITEMS, start=1):
        items.append(
            PlanItem(
                year=2023,
                order=order,
                heading=heading,
                text=body.format(city=city),
                section_line=line,
                deadline=dt.date(2023, 12, 31),
                region=ctx.county,
                status=PlanStatus.NOT_STARTED,
            )
        )
    _later_years(ctx, items, notes)
    bulk_create_with_history(PlanItem, items)
    progress = [
        PlanProgress(item=item, date=day, text=text, region=ctx.county)
        for item, rows in notes
        for day, text in rows
    ]
    bulk_create_with_history(PlanProgress, progress)


def _later_years(ctx, items: list[PlanItem], notes: list) -> None:
    """Completes the seed's open items and adds each later year's (see the module's text)."""
    if not ctx.later_years:
        return
    today = ctx.today
    last = ctx.years[-1]
    rows = {id(item): rows for item, rows in notes}
    rng = ctx.later_rng("plans", "seed")
    for item in items:
        if item.year == last and item.status == PlanStatus.IN_PROGRESS:
            closed = dt.date(last + 1, 1, 1) + dt.timedelta(days=rng.randint(10, 45))
            if closed <= today:
                item.status, item.closed_on = PlanStatus.DONE, closed
                rows[id(item)].append((closed, f"{item.heading}工作已完成。"))
    for year in ctx.later_years:
        rng = ctx.later_rng("plans", year)
        of_year = [i for i in items if i.year == year]
        if not of_year:  # 2023's are the seed's; later years follow the usual list
            of_year = _year_items(ctx, year)
            items += of_year
        for item in of_year:
            notes.append((item, _advance(ctx, rng, item)))
    if today.month == 12:
        items += _year_items(ctx, today.year + 1)


def _year_items(ctx, year: int) -> list[PlanItem]:
    return [
        PlanItem(
            year=year,
            order=order,
            heading=heading,
            text=body,
            section_line=line,
            section_text=section,
            deadline=dt.date(year, month, day),
            region=ctx.county,
            status=PlanStatus.NOT_STARTED,
        )
        for order, (heading, body, line, section, (month, day)) in enumerate(PAST_ITEMS, start=1)
    ]


def _advance(ctx, rng, item: PlanItem) -> list:
    """Starts `item` in spring and completes it by its deadline, each step only once its day
    has come; returns its progress notes."""
    today = ctx.today
    started = dt.date(item.year, 1, 1) + dt.timedelta(days=rng.randint(20, 90))
    closed = item.deadline - dt.timedelta(days=rng.randint(0, 40))
    if started > today:
        return []
    item.started_on, item.status = started, PlanStatus.IN_PROGRESS
    out = []
    mid = started + (min(closed, today) - started) / 2
    if mid > started:
        out.append((mid, f"{item.heading}工作按计划推进，已完成阶段性任务。"))
    if closed <= today:
        item.closed_on, item.status = closed, PlanStatus.DONE
        out.append((closed, f"{item.heading}工作已完成。"))
    return out
