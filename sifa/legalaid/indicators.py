"""Figures of the legalaid line (figures.yaml sections 4 and 5)."""

from django.db.models import Q

from sifa.core.indicators import Indicator
from sifa.core.models import UnitKind

from .models import CaseType

CASES = "legalaid.AidCase"


def _firms_with_cases(start, end):
    from .models import AidCase

    opened = AidCase.objects.filter(assigned_on__gte=start, assigned_on__lte=end)
    return Q(kind=UnitKind.LAW_FIRM, pk__in=opened.values("handler_id"))


def _by_type(id_, label, case_type):
    return Indicator(
        id=id_,
        label=label,
        kind="count",
        model=CASES,
        date_field="assigned_on",
        where=Q(case_type=case_type),
        unit="件",
    )


INDICATORS = [
    Indicator(
        id="legalaid.handlers",
        label="承办法律援助案件的机构",
        kind="list",
        model=CASES,
        date_field="assigned_on",
        field="handler__name",
        # the legal aid centre first, then the law firms by name
        order_by=("-handler__kind", "handler__name"),
    ),
    Indicator(
        id="legalaid.law_firms",
        label="承办法律援助案件的律师事务所数",
        kind="stock",
        model="core.Unit",
        where=_firms_with_cases,
        unit="个",
        internal=True,
    ),
    Indicator(
        id="legalaid.cases",
        label="法律援助案件",
        kind="count",
        model=CASES,
        date_field="assigned_on",
        unit="件",
    ),
    _by_type("legalaid.criminal", "刑事法律援助案件", CaseType.CRIMINAL),
    _by_type("legalaid.civil", "民事法律援助案件", CaseType.CIVIL),
    _by_type("legalaid.labor_arbitration", "劳动仲裁法律援助案件", CaseType.LABOR_ARBITRATION),
    _by_type("legalaid.administrative", "行政法律援助案件", CaseType.ADMINISTRATIVE),
    Indicator(
        id="legalaid.documents",
        label="代写法律文书",
        kind="count",
        model="legalaid.AidDocument",
        date_field="date",
        unit="份",
    ),
    Indicator(
        id="legalaid.plea_cases",
        label="认罪认罚案件值班律师帮助",
        kind="count",
        model="legalaid.PleaHelp",
        date_field="date",
        unit="件",
    ),
    Indicator(
        id="legalaid.consultations",
        label="免费法律咨询",
        kind="count",
        model="legalaid.AidConsultation",
        date_field="date",
        unit="人次",
    ),
    Indicator(
        id="rural.agri_legal_aid",
        label="涉农法律援助案件",
        kind="count",
        model=CASES,
        date_field="assigned_on",
        where=Q(agri=True),
        unit="件",
    ),
]
