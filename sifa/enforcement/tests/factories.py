"""Small builders for enforcement tests (records written through the services)."""

from __future__ import annotations

import datetime as dt
import itertools

from sifa.core.idnumber import make
from sifa.core.models import Region, Unit, UnitKind
from sifa.enforcement import services
from sifa.enforcement.models import EnforcementAgency

_serial = itertools.count(1)


def id_number(birth: str = "19850312") -> str:
    return make(f"610999{birth}{next(_serial) % 1000:03d}")


def agency(region: Region, name: str = "测试县市场监督管理局") -> EnforcementAgency:
    unit = Unit.objects.create(name=name, short_name=name, kind=UnitKind.AGENCY, region=region)
    return services.agency_save(EnforcementAgency(unit=unit), user=None)


def officer(agency, *, hired_on=dt.date(2018, 1, 1), left_on=None, name="张三"):
    obj = services.officer_register(
        agency=agency, name=name, id_number=id_number(), hired_on=hired_on, user=None
    )
    if left_on:
        obj.left_on = left_on
        services.officer_save(obj, user=None)
    return obj


def certificate(officer, issued_on, *, number=None, kind="new", expires_on=None, user=None):
    number = number or f"执{next(_serial):06d}"
    return services.certificate_issue(
        officer=officer,
        number=number,
        issued_on=issued_on,
        kind=kind,
        expires_on=expires_on,
        user=user,
    )
