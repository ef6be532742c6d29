"""Figures of the correction line (figures.yaml section 3, 社区矫正)."""

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import SubjectStatus, registered_q


def _registered_where(start, end) -> Q:
    return registered_q(end)


INDICATORS = [
    Indicator(
        id="correction.inspections",
        label="社区矫正案件执法抽查检查",
        kind="count",
        model="core.Activity",
        date_field="date",
        where=Q(type__code="correction_spot_check"),
        unit="次",
    ),
    Indicator(
        id="correction.joint_inspections",
        label="联合检察院开展社区矫正执法检查",
        kind="count",
        model="core.Activity",
        date_field="date",
        where=Q(type__code="correction_joint_check"),
        unit="次",
    ),
    Indicator(
        id="correction.assessments",
        label="调查评估人数",
        kind="count",
        model="correction.Assessment",
        date_field="finished_on",
        unit="名",
    ),
    Indicator(
        id="correction.received",
        label="接收社区矫正对象",
        kind="count",
        model="correction.Subject",
        date_field="received_on",
        unit="人",
    ),
    Indicator(
        id="correction.released",
        label="解除（终止）社区矫正对象",
        kind="count",
        model="correction.Subject",
        date_field="ended_on",
        where=Q(status__in=[SubjectStatus.RELEASED, SubjectStatus.TERMINATED]),
        unit="人",
    ),
    Indicator(
        id="correction.registered",
        label="在册社区矫正对象",
        kind="stock",
        model="correction.Subject",
        where=_registered_where,
        unit="人",
    ),
]
