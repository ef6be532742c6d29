"""Figures of section （一） of the annual summary (figures.yaml section_1_rule_of_law)."""

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import PLANNING_KINDS, REPORTED_ISSUERS, LegalLiterate

ACTIVITY = "core.Activity"
# Every publicity event type whose consultations and materials the report sums up.
PUBLICITY_TYPES = ("themed_campaign", "lecture", "training", "publicity_event")

INDICATORS = [
    Indicator(
        id="rulelaw.documents_issued",
        label="印发的规划、方案、要点",
        kind="list",
        model="rulelaw.IssuedDocument",
        date_field="issued_on",
        field="title",
        format="list",
        where=Q(kind__in=PLANNING_KINDS, issuer__in=REPORTED_ISSUERS),
    ),
    Indicator(
        id="rulelaw.inspections",
        label="法治督察",
        kind="count",
        model=ACTIVITY,
        date_field="date",
        where=Q(type__code="rulelaw_inspection"),
        unit="次",
    ),
    Indicator(
        id="publicity.legal_literates",
        label="法律明白人",
        kind="stock",
        model="rulelaw.LegalLiterate",
        where=lambda start, end: LegalLiterate.active_on_q(end),
        unit="个",
    ),
    Indicator(
        id="publicity.exam_participants",
        label="学法用法考试参考人数",
        kind="sum",
        model="rulelaw.LawExamSession",
        date_field="held_on",
        field="sat",
        unit="人",
    ),
    Indicator(
        id="publicity.exam_invited",
        label="学法用法考试应考人数",
        kind="sum",
        model="rulelaw.LawExamSession",
        date_field="held_on",
        field="invited",
        unit="人",
        internal=True,
    ),
    Indicator(
        id="publicity.exam_passed",
        label="学法用法考试及格人数",
        kind="sum",
        model="rulelaw.LawExamSession",
        date_field="held_on",
        field="passed",
        unit="人",
        internal=True,
    ),
    Indicator(
        id="publicity.exam_participation_rate",
        label="学法用法考试参考率",
        kind="rate",
        numerator="publicity.exam_participants",
        denominator="publicity.exam_invited",
        format="percent",
        internal=True,
    ),
    Indicator(
        id="publicity.exam_pass_rate",
        label="学法用法考试及格率",
        kind="rate",
        numerator="publicity.exam_passed",
        denominator="publicity.exam_participants",
        format="percent",
        internal=True,
    ),
    Indicator(
        id="publicity.campaign_themes",
        label="主题宣传活动",
        kind="list",
        model=ACTIVITY,
        date_field="date",
        field="theme",
        format="list",
        where=Q(type__code="themed_campaign") & ~Q(theme=""),
    ),
    Indicator(
        id="publicity.lectures",
        label="宣讲会及培训",
        kind="count",
        model=ACTIVITY,
        date_field="date",
        where=Q(type__code__in=("lecture", "training")),
        unit="场次",
    ),
    Indicator(
        id="publicity.events",
        label="普法宣传活动",
        kind="count",
        model=ACTIVITY,
        date_field="date",
        where=Q(type__code="publicity_event"),
        unit="场次",
    ),
    Indicator(
        id="publicity.consultations",
        label="解答群众咨询",
        kind="sum",
        model=ACTIVITY,
        date_field="date",
        where=Q(type__code__in=PUBLICITY_TYPES),
        field="quantities__consultations",
        unit="人次",
        format="yu",
    ),
    Indicator(
        id="publicity.materials",
        label="发放宣传资料",
        kind="sum",
        model=ACTIVITY,
        date_field="date",
        where=Q(type__code__in=PUBLICITY_TYPES),
        field="quantities__materials",
        unit="份",
        format="yu",
    ),
]
