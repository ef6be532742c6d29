"""Demo reconsideration cases 2020–2022, with their timelines; 2022 hits the seed's figures.

Every date respects the rules the services enforce: acceptance within the 5-working-day review
(or deemed accepted on its last day), correction within its periods, decisions after acceptance
and before their due date (suspensions and the one extension included). Cases pending at the
end of a year are decided early the next year, within their period.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from sifa.core import casenumbers, deadlines
from sifa.core.audit import bulk_create_with_history
from sifa.core.deadlines import add_working_days
from sifa.core.models import CaseEvent

from .models import (
    ApplicantType,
    Category,
    CloseKind,
    Procedure,
    ReconsiderationCase,
    Status,
    SuspensionGround,
    TerminationGround,
)

ORDER = 30

CATEGORY_WEIGHTS = [
    (Category.PENALTY, 30),
    (Category.INFORMATION, 15),
    (Category.COMPLAINT, 15),
    (Category.EXPROPRIATION, 10),
    (Category.INACTION, 8),
    (Category.TITLE, 7),
    (Category.LICENSING, 5),
    (Category.CONFIRMATION, 4),
    (Category.COERCION, 4),
    (Category.OTHER, 2),
]
REJECTION_REASONS = [
    "超过法定申请期限且无正当理由",
    "不属于行政复议受理范围",
    "申请人与被申请复议的行政行为没有利害关系",
]
ACTS = {
    Category.PENALTY: "行政处罚决定书",
    Category.INFORMATION: "政府信息公开答复",
    Category.COMPLAINT: "举报投诉处理告知书",
    Category.EXPROPRIATION: "房屋征收补偿决定",
    Category.INACTION: "未履行法定职责",
    Category.TITLE: "土地权属争议处理决定",
    Category.LICENSING: "行政许可决定",
    Category.CONFIRMATION: "工伤认定决定",
    Category.COERCION: "查封扣押决定",
    Category.OTHER: "行政行为",
}


def year_plan(ctx, year: int) -> dict[str, int]:
    """The year's figures, made consistent (received = rejected + accepted, and so on)."""
    t = {
        k: ctx.target(year, f"reconsideration.{k}")
        for k in ("received", "rejected", "pending", "revoked", "dismissed", "terminated")
    }
    accepted = t["received"] - t["rejected"]
    concluded = accepted - t["pending"]
    upheld = concluded - t["revoked"] - t["dismissed"] - t["terminated"]
    if year == 2022:
        assert upheld == ctx.target(2022, "reconsideration.upheld"), "2022 targets disagree"
    return {**t, "accepted": accepted, "concluded": concluded, "upheld": upheld}


def _kinds(plan) -> list[tuple[str, str]]:
    """(close kind, termination ground) of each concluded case of the year."""
    revoked = [CloseKind.PARTLY_REVOKED] + [CloseKind.REVOKED] * (plan["revoked"] - 1)
    dismissed = [CloseKind.APPLICATION_DISMISSED] + [CloseKind.CLAIM_DISMISSED] * (
        plan["dismissed"] - 1
    )
    kinds = [
        (k, "")
        for k in [CloseKind.UPHELD] * plan["upheld"]
        + revoked[: plan["revoked"]]
        + dismissed[: plan["dismissed"]]
    ]
    grounds = [TerminationGround.SUSPENSION_EXPIRED] + [TerminationGround.WITHDRAWN] * (
        plan["terminated"] - 1
    )
    return kinds + [(CloseKind.TERMINATED, g) for g in grounds[: plan["terminated"]]]


class _Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng("reconsideration")
        self.fake = ctx.faker("reconsideration")
        self.respondents = [u for u in ctx.units("agency") if not u.name.endswith("县人民政府")]
        self.cases: list[ReconsiderationCase] = []
        self.periods = {
            (code, ctx.county.code): deadlines.period(code, ctx.county)
            for code in deadlines.PERIODS
            if code.startswith("reconsideration.")
        }
        self.events: list[list[tuple]] = []

    def new_case(self, year: int, n: int, received: dt.date) -> ReconsiderationCase:
        rng = self.rng
        category = rng.choices([c for c, _ in CATEGORY_WEIGHTS], [w for _, w in CATEGORY_WEIGHTS])[
            0
        ]
        org = rng.random() < 0.3
        case = ReconsiderationCase(
            region=self.ctx.county,
            applicant_name=self.fake.company() if org else self.fake.name(),
            applicant_type=ApplicantType.ORGANISATION if org else ApplicantType.CITIZEN,
            respondent=rng.choice(self.respondents),
            category=category,
            act_description=ACTS[category],
            act_known_on=received - dt.timedelta(days=rng.randint(5, 50)),
            received_on=received,
        )
        case._periods = dict(self.periods)
        case.refresh_deadlines()
        return case

    def add(self, case, events):
        case.refresh_deadlines()
        case.full_clean(exclude=["region", "respondent"], validate_constraints=False)
        self.cases.append(case)
        self.events.append(events)

    def reject(self, case):
        case.status = Status.REJECTED
        case.rejected_on = add_working_days(case.received_on, self.rng.randint(2, 5))
        case.rejection_reason = self.rng.choice(REJECTION_REASONS)
        if case.rejection_reason.startswith("超过"):
            case.act_known_on = case.received_on - dt.timedelta(days=self.rng.randint(70, 120))
        self.add(
            case,
            [
                (
                    Status.RECEIVED,
                    Status.REJECTED,
                    "不予受理",
                    case.rejected_on,
                    case.rejection_reason,
                )
            ],
        )

    def accept(self, case, *, deemed=False, correction=False, simple_ok=True) -> list[tuple]:
        rng, events = self.rng, []
        if correction:
            case.correction_notice_on = add_working_days(case.received_on, 2)
            case.correction_items = "补充提交知道该行政行为的时间证明"
            case.corrected_on = add_working_days(case.correction_notice_on, rng.randint(3, 8))
            events += [
                (
                    Status.RECEIVED,
                    Status.CORRECTION,
                    "补正中",
                    case.correction_notice_on,
                    case.correction_items,
                ),
                (Status.CORRECTION, Status.RECEIVED, "收到补正材料", case.corrected_on, ""),
            ]
        case.refresh_deadlines()
        start = case.corrected_on or case.received_on
        if deemed:
            case.accepted_on, case.deemed_accepted = case.acceptance_due, True
        else:
            case.accepted_on = add_working_days(start, rng.randint(1, 5))
        simple = simple_ok and not deemed and case.category == Category.INFORMATION
        case.procedure = Procedure.SIMPLE if simple else Procedure.ORDINARY
        case.status = Status.UNDER_REVIEW
        case.refresh_deadlines()
        events.append(
            (
                Status.RECEIVED,
                Status.UNDER_REVIEW,
                "视为受理" if deemed else "受理",
                case.accepted_on,
                "",
            )
        )
        return events

    def close(
        self, case, kind, ground, events, *, close_after: dt.date | None = None, extend=False
    ):
        rng = self.rng
        if ground == TerminationGround.SUSPENSION_EXPIRED:
            case.suspended_on = case.accepted_on + dt.timedelta(days=rng.randint(8, 15))
            case.suspension_ground = SuspensionGround.DISSOLVED
            case.status = Status.SUSPENDED
            case.refresh_deadlines()
            closed = case.suspension_limit_on + dt.timedelta(days=1)
            case.suspended_days = (closed - case.suspended_on).days
            events.append(
                (
                    Status.UNDER_REVIEW,
                    Status.SUSPENDED,
                    "中止",
                    case.suspended_on,
                    case.get_suspension_ground_display(),
                )
            )
            source = Status.SUSPENDED
        else:
            if extend:
                case.extended_on = case.decision_due - dt.timedelta(days=3)
                case.extension_days = 30
                case.extension_approver = self.fake.name()
                case.extension_reason = "案情重大复杂，需进一步调查核实"
                events.append(
                    (
                        Status.UNDER_REVIEW,
                        Status.UNDER_REVIEW,
                        "延期30日",
                        case.extended_on,
                        f"批准人：{case.extension_approver}",
                    )
                )
                case.refresh_deadlines()
            first = max(case.accepted_on + dt.timedelta(days=10), close_after or case.accepted_on)
            if extend:
                first = case.extended_on + dt.timedelta(days=5)
            last = case.decision_due
            closed = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
            source = Status.UNDER_REVIEW
        case.status, case.closed_on = Status.CLOSED, closed
        case.close_kind, case.termination_ground = kind, ground
        if kind != CloseKind.TERMINATED:
            case.published_online = True
            case.published_on = closed + dt.timedelta(days=rng.randint(3, 15))
        events.append((source, Status.CLOSED, f"结案（{CloseKind(kind).label}）", closed, ""))
        self.add(case, events)

    def year(self, year: int) -> None:
        plan = year_plan(self.ctx, year)
        rng = self.rng
        early = self.ctx.dates(
            rng,
            year,
            plan["concluded"] + plan["rejected"],
            start=dt.date(year, 1, 4),
            end=dt.date(year, 9, 30),
        )
        late = self.ctx.dates(
            rng, year, plan["pending"], start=dt.date(year, 11, 10), end=dt.date(year, 12, 9)
        )
        kinds = _kinds(plan)
        rng.shuffle(kinds)
        # The suspension that runs 60 days needs an early case.
        kinds.sort(key=lambda k: k[1] != TerminationGround.SUSPENSION_EXPIRED)
        rejected_at = set(rng.sample(range(1, len(early)), plan["rejected"]))
        n = 0
        for i, received in enumerate(early):
            n += 1
            case = self.new_case(year, n, received)
            if i in rejected_at:
                self.reject(case)
                continue
            kind, ground = kinds.pop(0)
            events = self.accept(case, deemed=(i % 9 == 4), correction=(i % 7 == 3))
            self.close(
                case,
                kind,
                ground,
                events,
                extend=(kind == CloseKind.PARTLY_REVOKED and case.procedure == Procedure.ORDINARY),
            )
        for received in late:
            n += 1
            case = self.new_case(year, n, received)
            events = self.accept(case, simple_ok=False)  # decided next year, in time
            self.close(case, CloseKind.UPHELD, "", events, close_after=dt.date(year + 1, 1, 3))

    def save(self):
        casenumbers.number_new(self.cases)  # 安复字〔2022〕第n号, by date
        created = bulk_create_with_history(ReconsiderationCase, self.cases)
        ct = ContentType.objects.get_for_model(ReconsiderationCase)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    content_type=ct,
                    object_id=case.pk,
                    from_status=src,
                    to_status=dst,
                    label=label,
                    on=on,
                    note=note,
                )
                for case, events in zip(created, self.events, strict=True)
                for src, dst, label, on, note in events
            ]
        )


def generate(ctx) -> None:
    builder = _Builder(ctx)
    for year in ctx.years:
        builder.year(year)
    _later_years(ctx, builder)
    builder.save()


# --- after the seed years -----------------------------------------------------------------------
# Cases under review today: days from today to their decision deadline (one this week, the
# others later); and one application received in the last days, its 5-day review running.
UNDER_REVIEW_DUE_IN = (5, 24, 47)


def _part(ctx, year: int) -> float:
    """The share of `year` the demo covers (1 for a past year, less for today's)."""
    return ((ctx.year_end(year) - dt.date(year, 1, 1)).days + 1) / 365


def _later_plan(ctx, rng, year: int) -> dict[str, int]:
    """The year's figures as in year_plan, scaled to the part of the year gone (± noise)."""
    scale = _part(ctx, year) * rng.uniform(0.85, 1.15)
    t = {
        k: round(ctx.target(year, f"reconsideration.{k}") * scale)
        for k in ("received", "rejected", "pending", "revoked", "dismissed", "terminated")
    }
    t["received"] = max(t["received"], t["rejected"] + t["pending"] + 1)
    accepted = t["received"] - t["rejected"]
    concluded = accepted - t["pending"]
    for k in ("terminated", "dismissed", "revoked"):  # the rest is upheld: never below zero
        t[k] = min(
            t[k],
            max(
                0,
                concluded - 1 - sum(t[j] for j in ("terminated", "dismissed", "revoked") if j != k),
            ),
        )
    upheld = concluded - t["revoked"] - t["dismissed"] - t["terminated"]
    return {**t, "accepted": accepted, "concluded": concluded, "upheld": upheld}


def _later_years(ctx, b: _Builder) -> None:
    """2023 up to today, each year from its own stream, by the seed years' rules: the cases of
    the year received by the end of September (and at least 130 days before today) are decided
    within their period; those received from 10 November to 9 December are decided early the
    next year — or, when that is still to come, are under review today. Today's year ends with
    a few cases under review and one application in its acceptance review."""
    seed_rng = b.rng
    for year in ctx.later_years:
        b.rng = rng = ctx.later_rng("reconsideration", year)
        plan = _later_plan(ctx, rng, year)
        start = dt.date(year, 1, 4)
        end = min(dt.date(year, 9, 30), ctx.today - dt.timedelta(days=130))
        if end < start:
            continue
        early = ctx.dates(rng, year, plan["concluded"] + plan["rejected"], start=start, end=end)
        kinds = _kinds(plan)
        rng.shuffle(kinds)
        kinds.sort(key=lambda k: k[1] != TerminationGround.SUSPENSION_EXPIRED)
        rejected = min(plan["rejected"], max(0, len(early) - 1))
        rejected_at = set(rng.sample(range(1, len(early)), rejected))
        for i, received in enumerate(early):
            case = b.new_case(year, i, received)
            if i in rejected_at or not kinds:
                b.reject(case)
                continue
            kind, ground = kinds.pop(0)
            events = b.accept(case, deemed=(i % 9 == 4), correction=(i % 7 == 3))
            b.close(
                case,
                kind,
                ground,
                events,
                extend=(kind == CloseKind.PARTLY_REVOKED and case.procedure == Procedure.ORDINARY),
            )
        if year == ctx.today.year or dt.date(year, 12, 9) >= ctx.today:
            continue
        for received in ctx.dates(
            rng, year, plan["pending"], start=dt.date(year, 11, 10), end=dt.date(year, 12, 9)
        ):
            case = b.new_case(year, 0, received)
            events = b.accept(case, simple_ok=False)
            b.close(case, CloseKind.UPHELD, "", events, close_after=dt.date(year + 1, 1, 3))
            _undo_future_close(ctx, b)
    b.rng = rng = ctx.later_rng("reconsideration", "open")
    for days in UNDER_REVIEW_DUE_IN:
        target = ctx.today + dt.timedelta(days=days)
        case = b.new_case(ctx.today.year, 0, ctx.today)
        known = case.received_on - case.act_known_on
        received = ctx.today - dt.timedelta(days=10)
        while True:
            # Each try starts from a case just received, so the review's due date is that of
            # the received date tried (not the first try's, kept once the case was accepted).
            case.status, case.accepted_on = Status.RECEIVED, None
            case.received_on, case.act_known_on = received, received - known
            events = b.accept(case, simple_ok=False)
            if case.accepted_on <= ctx.today and case.decision_due <= target:
                break
            received -= dt.timedelta(days=1)
        b.add(case, events)
    case = b.new_case(ctx.today.year, 0, ctx.today - dt.timedelta(days=1))
    b.add(case, [])
    b.rng = seed_rng


def _undo_future_close(ctx, b: _Builder) -> None:
    """The last case added, decided after today: it is still under review (its decision and
    publication undone); published after today: not published yet."""
    case, events = b.cases[-1], b.events[-1]
    if case.closed_on > ctx.today:
        case.status, case.closed_on, case.close_kind = Status.UNDER_REVIEW, None, ""
        case.published_online, case.published_on = False, None
        events.pop()
        case.refresh_deadlines()
    elif case.published_on and case.published_on > ctx.today:
        case.published_online, case.published_on = False, None
