"""Figures of administrative litigation (figures.yaml section 2).

litigation.cases counts every lawsuit recorded in this line (the county government or a
department as defendant, handled by the bureau) by the date the complaint was served.
The head-appearance rate counts hearings held in the period: those where the agency's head
(正职, 副职 or 分管负责人) appeared in person, over all hearings.
"""

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import HEAD_ROLES_PRESENT

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
]
