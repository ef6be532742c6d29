"""Figures of administrative litigation (figures.yaml section 2).

litigation.cases counts every lawsuit recorded in this line (the county government or a
department as defendant, handled by the bureau) by the date the complaint was served.
The head-appearance rate counts hearings held in the period: those where the agency's head
(正职, 副职 or 分管负责人) appeared in person, over all hearings.
"""

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import HEAD_ROLES_PRESENT, Instance, Outcome

# Outcomes in which the defendant agency lost (行政机关败诉): the act was revoked, declared
# illegal or void, changed, or the agency was ordered to perform or to pay. Upholding on appeal
# (驳回上诉、维持原判), dismissals, withdrawals and mediation are not losses.
LOSS_OUTCOMES = (
    Outcome.JUDGMENT_REVOKE,
    Outcome.JUDGMENT_PERFORM,
    Outcome.JUDGMENT_ILLEGAL,
    Outcome.JUDGMENT_VOID,
    Outcome.JUDGMENT_CHANGE,
    Outcome.JUDGMENT_PAY,
)

INDICATORS = [
    Indicator(
        id="litigation.cases",
        label="办理行政诉讼案件",
        kind="count",
        model="litigation.LitigationCase",
        date_field="served_on",
        unit="件",
    ),
    Indicator(
        id="litigation.hearings",
        label="开庭次数",
        kind="count",
        model="litigation.Hearing",
        date_field="held_on",
        unit="次",
        internal=True,
    ),
    Indicator(
        id="litigation.head_appearances",
        label="行政机关负责人出庭次数",
        kind="count",
        model="litigation.Hearing",
        date_field="held_on",
        unit="次",
        internal=True,
        where=Q(head_role__in=list(HEAD_ROLES_PRESENT)),
    ),
    Indicator(
        id="litigation.head_appearance_rate",
        label="行政机关负责人出庭应诉率",
        kind="rate",
        numerator="litigation.head_appearances",
        denominator="litigation.hearings",
        format="percent",
    ),
    # The periodic briefing (行政应诉情况通报): cases received by instance, cases concluded in
    # the period (by the date the judgment or ruling was served) by outcome, and losses.
    *[
        Indicator(
            id=f"litigation.cases_{inst.value}",
            label=f"收到{inst.label}行政诉讼案件",
            kind="count",
            model="litigation.LitigationCase",
            date_field="served_on",
            unit="件",
            internal=True,
            where=Q(instance=inst.value),
        )
        for inst in Instance
    ],
    Indicator(
        id="litigation.concluded",
        label="审结行政诉讼案件",
        kind="count",
        model="litigation.LitigationCase",
        date_field="outcome_served_on",
        unit="件",
        internal=True,
        where=~Q(outcome=""),
    ),
    *[
        Indicator(
            id=f"litigation.outcome_{o.value}",
            label=f"审结案件中{o.label}",
            kind="count",
            model="litigation.LitigationCase",
            date_field="outcome_served_on",
            unit="件",
            internal=True,
            where=Q(outcome=o.value),
        )
        for o in Outcome
    ],
    Indicator(
        id="litigation.losses",
        label="行政机关败诉案件",
        kind="count",
        model="litigation.LitigationCase",
        date_field="outcome_served_on",
        unit="件",
        internal=True,
        where=Q(outcome__in=[o.value for o in LOSS_OUTCOMES]),
    ),
    Indicator(
        id="litigation.loss_rate",
        label="行政机关败诉率",
        kind="rate",
        numerator="litigation.losses",
        denominator="litigation.concluded",
        format="percent",
        internal=True,
    ),
]
