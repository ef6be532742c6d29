"""Record types of law-enforcement supervision."""

import datetime as dt
from dataclasses import dataclass

from sifa.core.dates import ymd
from sifa.core.deadlines import DeadlineState
from sifa.core.registry import Due, RecordType, register

from . import services
from .models import (
    Certificate,
    EnforcementAgency,
    Officer,
    SpecialInspection,
    ThreeSystemsEvaluation,
    certificate_state_q,
)


@dataclass(frozen=True)
class ValidityDue(Due):
    """A certificate's 有效期: its state is the certificate's own rule (即将到期 two months
    ahead; done once renewed, revoked or its holder left), in SQL and on the record."""

    def q(self, state: str, today=None):
        return certificate_state_q(state, today or dt.date.today())

    def state_of(self, obj, today: dt.date) -> DeadlineState:
        return DeadlineState(obj.state(today).value)


def _certification(officer) -> list[tuple[str, str]]:
    """Whether an officer in service holds a valid enforcement certificate today."""
    today = dt.date.today()
    if not officer.in_service(today):
        return [("持证情况", "已离岗")]
    cert = officer.valid_certificate(today)
    if cert is None:
        return [("持证情况", "未持有效执法证件")]
    state = cert.state(today).label
    return [("持证情况", f"持证（{cert.number}，有效期至{ymd(cert.expires_on)}，{state}）")]


register(
    # Each found by the name a clerk knows it by: the agency (the unit it is), the officer.
    RecordType(
        EnforcementAgency,
        save=services.agency_save,
        validate=services.agency_validate,
        search_fields=("unit__name", "note"),
    ),
    RecordType(
        Officer,
        save=services.officer_save,
        validate=services.officer_validate,
        page_notes=_certification,
        search_fields=("name", "agency__unit__name"),
    ),
    RecordType(
        Certificate,
        save=services.certificate_save,
        validate=services.certificate_validate,
        deadlines=(ValidityDue("有效期", "expires_on"),),
        search_fields=("number", "officer__name"),
    ),
    RecordType(
        ThreeSystemsEvaluation,
        save=services.evaluation_save,
        validate=services.evaluation_validate,
        search_fields=("agency__unit__name",),
    ),
    RecordType(
        SpecialInspection, save=services.inspection_save, validate=services.inspection_validate
    ),
)
