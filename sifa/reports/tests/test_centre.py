"""The report centre as the staff use it: the year it opens on, the township's own report,
issuing after a confirmation, the comparison of what changed, the data checks' wording."""

import datetime as dt

import pytest
from django.urls import reverse

from .factories import activity

pytestmark = pytest.mark.django_db


def test_centre_and_dashboard_open_on_the_latest_year_with_records(
    client, county, village_a, bureau_leader
):
    # The demo: records up to 2022, none this year. Both pages open on 2022, not this year.
    activity("publicity_event", dt.date(2021, 5, 1), village_a)
    activity("publicity_event", dt.date(2022, 5, 1), village_a)
    client.force_login(bureau_leader)
    assert client.get(reverse("reports:centre")).context["year"] == 2022
    assert client.get(reverse("workbench:dashboard")).context["year"] == 2022


def test_the_latest_year_counts_records_of_every_line(client, county, village_a, bureau_leader):
    from sifa.team.models import Incident

    activity("publicity_event", dt.date(2021, 5, 1), village_a)
    # Only a team record in 2022 (not an activity): the year still is 2022.
    Incident.objects.create(
        region=county, kind="misconduct", occurred_on=dt.date(2022, 3, 1), description="x"
    )
    client.force_login(bureau_leader)
    assert client.get(reverse("reports:centre")).context["year"] == 2022
    assert client.get(reverse("workbench:dashboard")).context["year"] == 2022


def test_a_record_dated_after_today_does_not_move_the_year(client, county, village_a):
    from sifa.reports.latest import latest_record_year

    activity("publicity_event", dt.date(2021, 5, 1), village_a)
    activity("publicity_event", dt.date(2024, 5, 1), village_a)
    assert latest_record_year(today=dt.date(2023, 6, 1)) == 2021


def test_a_year_asked_for_is_kept(client, county, village_a, bureau_leader):
    activity("publicity_event", dt.date(2022, 5, 1), village_a)
    client.force_login(bureau_leader)
    assert client.get(reverse("reports:centre"), {"year": "2021"}).context["year"] == 2021
