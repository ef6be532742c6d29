"""Figures of the notary line (figures.yaml section 4)."""

from django.db.models import Q

from sifa.core.indicators import Indicator

INDICATORS = [
    Indicator(
        id="notary.cases",
        label="办理公证",
        kind="count",
        model="notary.Notarization",
        date_field="issued_on",
        where=Q(status="issued"),
        unit="件",
    ),
    Indicator(
        id="notary.consultations",
        label="公证咨询",
        kind="count",
        model="notary.NotaryConsultation",
        date_field="date",
        unit="人次",
        format="yu",
    ),
    Indicator(
        id="notary.documents",
        label="公证处代写法律文书",
        kind="count",
        model="notary.NotaryDocument",
        date_field="date",
        unit="件",
    ),
]
