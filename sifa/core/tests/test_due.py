"""The home page's due list gathers each line's deadlines in the user's scope."""

import datetime as dt
from dataclasses import replace

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
    # not township B's, not the one due in July, and not the window that closed unapplied:
    # applying for judicial confirmation is the parties' choice, nothing is left to do
    assert mine == ["甲-将到期"]
    everything = due_items(leader, today=TODAY)
    assert [i.due for i in everything] == sorted(i.due for i in everything)
    assert len(everything) == 2
    assert [i.state(TODAY).label for i in everything] == ["即将到期", "即将到期"]


@pytest.mark.django_db
def test_days_left_count_from_the_day_the_list_is_drawn_up_for(county, township_a, make_user):
    """A list drawn up for 1 June 2022 says a window closing on 5 June has 4 days left and one
    closing that day has 0, whatever the clock says."""
    from sifa.mediation.models import CaseStatus, MediationCase, MediationCommittee

    committee = MediationCommittee.objects.create(
        region=township_a,
        name="甲调委会",
        kind="township",
        term_start=dt.date(2021, 1, 1),
        term_end=dt.date(2023, 12, 31),
    )
    for number, due in (("甲-1", dt.date(2022, 6, 1)), ("甲-2", dt.date(2022, 6, 5))):
        MediationCase.objects.create(
            region=township_a,
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
    items = due_items(make_user("office", region=township_a), today=TODAY)
    assert [(i.record, i.days_left) for i in items] == [("甲-1", 0), ("甲-2", 4)]


@pytest.mark.django_db
def test_due_items_open_the_workspace_record_page(county, township_a, make_user):
    """Every line's deadline opens the record's page in the workspace, not an entry screen,
    and its line's group opens the workspace list of its overdue records, or of those due soon
    when none is overdue."""
    from sifa.core.due import by_line, workspace_urls
    from sifa.mediation.models import CaseStatus, MediationCase, MediationCommittee
    from sifa.workspace.links import record_url

    committee = MediationCommittee.objects.create(
        region=township_a,
        name="甲调委会",
        kind="township",
        term_start=dt.date(2021, 1, 1),
        term_end=dt.date(2023, 12, 31),
    )
    case = MediationCase.objects.create(
        region=township_a,
        committee=committee,
        case_number="甲-1",
        received_on=dt.date(2022, 4, 1),
        dispute_type="neighbour",
        status=CaseStatus.SUCCEEDED,
        closed_on=dt.date(2022, 5, 1),
        agreement_form="written",
        agreement_effective_on=dt.date(2022, 5, 1),
        confirmation_due_on=dt.date(2022, 6, 5),
    )
    (item,) = due_items(make_user("office", region=township_a), today=TODAY)
    assert item.url == record_url(case) == f"/records/mediation/mediationcase/{case.pk}/"
    assert workspace_urls(item)[0] == item.url
    (group,) = by_line([item], TODAY)
    assert group.url.startswith("/records/mediation/mediationcase/?")
    assert group.url.endswith("=soon")
    late = replace(item, due=TODAY - dt.timedelta(days=1))
    (group,) = by_line([late, item], TODAY)
    assert (group.overdue, group.soon) == (1, 1)
    assert group.url.endswith("=overdue")
