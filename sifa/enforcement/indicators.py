"""Figures of the enforcement line (figures.yaml section 2)."""

from django.db.models import Exists, OuterRef, Q

from sifa.core.indicators import Indicator

from .models import INSPECTION_TYPE, Certificate, certified_q, in_service_q


def _first_certificate_in_period(start, end) -> Q:
    """One certificate per officer: the first issued in the period (so officers count once)."""
    earlier = Certificate.objects.filter(
        officer=OuterRef("officer"),
        issued_on__gte=start,
        issued_on__lte=end,
    ).filter(
        Q(issued_on__lt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__lt=OuterRef("pk"))
    )
    return ~Q(Exists(earlier))


INDICATORS = [
    Indicator(
        id="enforcement.inspections",
        label="专项执法检查次数",
        kind="count",
        model="core.Activity",
        date_field="date",
        where=Q(type__code=INSPECTION_TYPE),
        unit="次",
    ),
    Indicator(
        id="enforcement.certificates_issued",
        label="执法证件新申领和换发人数",
        kind="count",
        model="enforcement.Certificate",
        date_field="issued_on",
        where=_first_certificate_in_period,
        unit="人",
    ),
    Indicator(
        id="enforcement.officers",
        label="行政执法人员数",
        kind="stock",
        model="enforcement.Officer",
        where=lambda start, end: in_service_q(end),
        unit="名",
    ),
    Indicator(
        id="enforcement.officers_certified",
        label="持有效证件的行政执法人员数",
        kind="stock",
        model="enforcement.Officer",
        where=lambda start, end: in_service_q(end) & certified_q(end),
        unit="名",
        internal=True,
    ),
    Indicator(
        id="enforcement.certified_rate",
        label="行政执法人员持证率",
        kind="rate",
        numerator="enforcement.officers_certified",
        denominator="enforcement.officers",
        format="percent",
    ),
]
