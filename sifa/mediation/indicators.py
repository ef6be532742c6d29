"""Figures of the mediation line (figures.yaml section 3 and mediation.branded_rooms)."""

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import CLOSED_STATUSES, SCREENING_TYPE, CaseStatus

CASE = "mediation.MediationCase"
CLOSED = Q(status__in=list(CLOSED_STATUSES))


def _branded_in_operation(start, end):
    return (
        ~Q(brand_name="")
        & Q(opened_on__lte=end)
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    )


INDICATORS = [
    Indicator(
        id="mediation.screenings",
        label="矛盾纠纷排查次数",
        kind="count",
        model="core.Activity",
        date_field="date",
        where=Q(type__code=SCREENING_TYPE),
        unit="次",
    ),
    Indicator(
        id="mediation.prevented",
        label="预防纠纷件数",
        kind="count",
        model="mediation.PreventedDispute",
        date_field="date",
        unit="件",
    ),
    Indicator(
        id="mediation.cases",
        label="调解矛盾纠纷件数",
        kind="count",
        model=CASE,
        date_field="closed_on",
        where=CLOSED,
        unit="件",
    ),
    Indicator(
        id="mediation.succeeded",
        label="调解成功件数",
        kind="count",
        model=CASE,
        date_field="closed_on",
        where=Q(status=CaseStatus.SUCCEEDED),
        unit="件",
    ),
    Indicator(
        id="mediation.amount_wan",
        label="调解涉及金额",
        kind="sum",
        model=CASE,
        date_field="closed_on",
        where=CLOSED,
        field="amount_yuan",
        unit="万元",
        format="wan",
    ),
    Indicator(
        id="mediation.success_rate",
        label="调解成功率",
        kind="rate",
        numerator="mediation.succeeded",
        denominator="mediation.cases",
        format="percent",
    ),
    Indicator(
        id="mediation.branded_rooms",
        label="品牌调解室数",
        kind="stock",
        model="mediation.MediationRoom",
        where=_branded_in_operation,
        unit="个",
    ),
]
