"""The home page's due list gathers each line's deadlines in the user's scope."""

import datetime as dt

import pytest

from sifa.core.due import due_items

TODAY = dt.date(2022, 6, 1)


@pytest.mark.django_db
def test_due_list_is_scoped_and_ordered(county, township_a, township_b, make_user):
    from sifa.mediation.models import CaseStatus, MediationCase, MediationCommittee

    def case(region, due, number):
        committee = MediationCommittee.objects.create(
            region=region,
            name=f"{region.name}调委会{number}",
            kind="township",
            term_start=dt.date(2021, 1, 1),
            term_end=dt.date(2023, 12, 31),
        )
        return MediationCase.objects.create(
            region=region,
            committee=committee,
            case_number=number,
            received_on=dt.date(2022, 4, 1),
            dispute_type="neighbour",
            status=CaseStatus.SUCCEEDED,
            closed_on=dt.date(2022, 5, 1),
            agreement_form="written",
            agreement_effective_on=dt.date(2022, 5, 1),
            confirmation_due_on=due,
        )

    case(township_a, dt.date(2022, 5, 30), "甲-过期")
    case(township_a, dt.date(2022, 6, 5), "甲-将到期")
    case(township_a, dt.date(2022, 7, 30), "甲-未到")
    case(township_b, dt.date(2022, 6, 3), "乙-将到期")
    clerk_a = make_user("office", region=township_a)
    leader = make_user("leader")
    mine = [i.record for i in due_items(clerk_a, today=TODAY)]
    assert mine == ["甲-过期", "甲-将到期"]  # not township B's, not the one due in July
    everything = due_items(leader, today=TODAY)
    assert [i.due for i in everything] == sorted(i.due for i in everything)
    assert len(everything) == 3
    assert everything[0].state(TODAY).label == "已超期"
