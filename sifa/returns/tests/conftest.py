"""Fixtures of the returns tests: records of the lines, made as each line's own tests make them."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def make_case(county):
    """make_case(region, assigned_on, case_type=…, agri=…): a legal aid case."""
    from sifa.core.models import Unit, UnitKind
    from sifa.legalaid.models import AidCase

    centre = Unit.objects.get(kind=UnitKind.LEGAL_AID_CENTRE, region=county)

    def make(region, assigned_on, case_type="civil", agri=False):
        return AidCase.objects.create(
            region=region,
            case_type=case_type,
            recipient_name="李四",
            handler=centre,
            lawyer="王律师",
            assigned_on=assigned_on,
            agri=agri,
        )

    return make


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["notary"])


@pytest.fixture
def accept(county, clerk):
    """accept(accepted_on): a notarial matter accepted through the line's service."""
    from sifa.notary import services
    from sifa.notary.models import Category, Notarization

    def make(accepted_on=dt.date(2022, 3, 1)):
        obj = Notarization(
            region=county,
            category=Category.DOMESTIC_CIVIL,
            matter="继承",
            applicant_name="张三",
            accepted_on=accepted_on,
        )
        return services.notarization_save(obj, user=clerk)

    return make
