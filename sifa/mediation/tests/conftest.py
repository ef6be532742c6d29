"""Fixtures of the mediation tests: committees with members, and cases made through services."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.mediation import services
from sifa.mediation.models import (
    CaseParty,
    CommitteeKind,
    CommitteeMember,
    DisputeType,
    MediationCommittee,
)

TERM = (dt.date(2021, 1, 1), dt.date(2023, 12, 31))


def make_committee(
    region,
    *,
    members=(("甲主任", "M", "chair"), ("乙委员", "F", "member"), ("丙委员", "M", "member")),
    kind=CommitteeKind.VILLAGE,
    name=None,
) -> MediationCommittee:
    committee = MediationCommittee.objects.create(
        name=name or f"{region.name}人民调解委员会",
        kind=kind,
        region=region,
        term_start=TERM[0],
        term_end=TERM[1],
    )
    for member_name, gender, role in members:
        CommitteeMember.objects.create(
            committee=committee, name=member_name, gender=gender, role=role, from_on=TERM[0]
        )
    return committee


@pytest.fixture
def committee_a(village_a):
    return make_committee(village_a)


@pytest.fixture
def committee_b(village_b):
    return make_committee(village_b)


@pytest.fixture
def mediation_clerk(make_user):
    return make_user("section", lines=["mediation"])


def parties(*names, refusing=()):
    return [CaseParty(name=n, refuses_mediation=n in refusing) for n in names]


@pytest.fixture
def make_case():
    """make_case(committee, received_on=…, amount_yuan=…): a case accepted through the service."""

    def make(
        committee,
        *,
        received_on=dt.date(2022, 3, 1),
        amount_yuan=0,
        dispute_type=DisputeType.NEIGHBOUR,
        user=None,
        names=("张三", "李四"),
    ):
        return services.case_accept(
            committee=committee,
            received_on=received_on,
            dispute_type=dispute_type,
            amount_yuan=amount_yuan,
            parties=parties(*names),
            user=user,
        )

    return make


@pytest.fixture
def make_closed():
    """make_closed(case, on, succeeded=True): move a case to 调解成功 or 调解终止 on `on`."""

    def close(case, on, *, succeeded=True, agreement="written", effective_on=None):
        services.case_start(case, on=case.received_on, user=None)
        if succeeded:
            return services.case_succeed(
                case, on=on, agreement_form=agreement, effective_on=effective_on, user=None
            )
        return services.case_terminate(case, on=on, reason="双方分歧较大，未能达成协议", user=None)

    return close
