"""Small builders for litigation tests (records go through the services)."""

from __future__ import annotations

import datetime as dt

from sifa.core.models import Unit, UnitKind
from sifa.litigation import services


def government(region) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        name="测试县人民政府", defaults={"kind": UnitKind.AGENCY, "region": region}
    )
    return unit


def lawsuit(region, served_on: dt.date, *, user=None, **fields):
    defaults = {
        "court": "测试市中级人民法院",
        "plaintiff": "赵某",
        "defendant": government(region),
        "cause": "房屋征收补偿决定",
    }
    return services.case_register(
        user=user, region=region, served_on=served_on, **{**defaults, **fields}
    )


def hearing(case, held_on: dt.date, *, user=None, **fields):
    defaults = {"head_role": "deputy", "head_name": "钱某（副县长）", "staff_names": "孙某"}
    return services.hearing_record(case=case, user=user, held_on=held_on, **{**defaults, **fields})
