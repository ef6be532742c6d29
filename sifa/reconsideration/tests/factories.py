"""Small builders for reconsideration tests (records go through the services)."""

from __future__ import annotations

import datetime as dt

from sifa.core.models import Unit, UnitKind
from sifa.reconsideration import services
from sifa.reconsideration.models import ApplicantType, Category


def agency(region, name="测试县公安局") -> Unit:
    unit, _ = Unit.objects.get_or_create(
        name=name, defaults={"kind": UnitKind.AGENCY, "region": region}
    )
    return unit


def receive(region, received_on: dt.date, *, user=None, **fields):
    """A received application (intake) in `region`."""
    defaults = {
        "applicant_name": "王某",
        "applicant_type": ApplicantType.CITIZEN,
        "respondent": agency(region),
        "category": Category.PENALTY,
    }
    return services.case_receive(
        user=user, region=region, received_on=received_on, **{**defaults, **fields}
    )


def accepted(region, received_on: dt.date, accepted_on: dt.date, *, user=None, **fields):
    case = receive(region, received_on, user=user, **fields)
    return services.case_accept(case, on=accepted_on, user=user)
