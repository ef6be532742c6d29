"""The demo county runs up to a given "today": enforcement records in every year up to it,
none dated after it, and the home page shows a few deadlines, not hundreds overdue."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from sifa.core import demo
from sifa.core.due import by_line, due_items
from sifa.enforcement.models import Certificate, Officer

TODAY = dt.date(2026, 12, 2)
OVERDUE_BOUND = 15  # per line on the head's and the 法制股's home page


@pytest.fixture(scope="module")
def living(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            ctx = demo.build(password="x-demo-pass", today=TODAY)
            yield ctx
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_context_years_run_to_today(living):
    assert living.years == (2020, 2021, 2022)
    assert living.later_years == (2023, 2024, 2025, 2026)
    assert living.year_end(2026) == TODAY


@pytest.mark.django_db
def test_certificates_every_year_and_none_after_today(living):
    years = set(Certificate.objects.values_list("issued_on__year", flat=True))
    assert set(range(2020, TODAY.year + 1)) <= years
    assert not Certificate.objects.filter(issued_on__gt=TODAY).exists()
    assert not Officer.objects.filter(hired_on__gt=TODAY).exists()
    assert not Officer.objects.filter(left_on__gt=TODAY).exists()


@pytest.mark.django_db
def test_officers_in_service_today_hold_a_valid_certificate_mostly(living):
    serving = Officer.objects.filter(left_on__isnull=True)
    valid = serving.filter(
        certificates__issued_on__lte=TODAY,
        certificates__expires_on__gte=TODAY,
        certificates__revoked_on__isnull=True,
    ).distinct()
    # the stock stays near the seed's magnitude and nearly all hold a current certificate
    assert 600 <= serving.count() <= 760
    assert valid.count() >= serving.count() * 0.9


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["juzhang", "fazhi"])
def test_home_page_shows_a_few_deadlines_not_hundreds(living, username):
    user = get_user_model().objects.get(username=username)
    groups = by_line(due_items(user, today=TODAY), TODAY)
    assert groups, "something is due on the home page"
    for g in groups:
        assert g.overdue <= OVERDUE_BOUND, (g.line, g.overdue)
