"""The demo county's normative documents, plans, rule of law, team, offices and legal services
run from 2020 up to a given "today": records in every later year at about 2022's volume, none
dated after today, nothing opened in 2022 left open, and on today a handful of deadlines due —
not a backlog of overdue ones."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from sifa.core import demo
from sifa.core.due import by_line, due_items
from sifa.core.indicators import registry
from sifa.core.models import Activity
from sifa.legalservice.models import AdvisorContract, AdvisorService
from sifa.normdocs.models import (
    CleanupRound,
    LegalityReview,
    LegislativeComment,
    NormdocConsultation,
    ReviewStatus,
)
from sifa.offices.models import BuildingProject
from sifa.plans import selectors as plan_selectors
from sifa.plans.models import PlanItem, PlanProgress, PlanStatus
from sifa.rulelaw.models import IssuedDocument, LawExamSession, LegalLiterate
from sifa.team.models import Donation, FirstSecretary, VillageProject

LINES = ("normdocs", "plans", "rulelaw", "team", "offices", "legalservice")
# Terms and deadlines, which may lie ahead: a contract's end, a plan's or a filing's deadline.
AHEAD = {"ends_on", "deadline", "filing_due", "reply_due"}
TODAYS = [dt.date(2026, 12, 2), dt.date(2024, 3, 15)]


@pytest.fixture(scope="module", params=TODAYS, ids=str)
def living(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            ctx = demo.build(password="x-demo-pass", today=request.param)
            yield ctx
            transaction.set_rollback(True)


def _full_years(ctx):
    return [y for y in ctx.later_years if ctx.year_end(y) == dt.date(y, 12, 31)]


@pytest.mark.django_db
def test_every_line_has_records_in_every_later_year(living):
    today = living.today
    assert living.later_years[-1] == today.year
    yearly = {
        "normdocs reviews": LegalityReview.objects.values_list("reviewed_on__year", flat=True),
        "normdocs consultations": NormdocConsultation.objects.values_list(
            "received_on__year", flat=True
        ),
        "plans": PlanItem.objects.exclude(started_on=None).values_list(
            "started_on__year", flat=True
        ),
        "rulelaw documents": IssuedDocument.objects.values_list("issued_on__year", flat=True),
        "rulelaw activities": Activity.objects.filter(type__line="rulelaw").values_list(
            "date__year", flat=True
        ),
        "rulelaw literates": LegalLiterate.objects.values_list("since__year", flat=True),
        "team activities": Activity.objects.filter(type__line="team").values_list(
            "date__year", flat=True
        ),
        "offices projects": BuildingProject.objects.exclude(completed_on=None).values_list(
            "completed_on__year", flat=True
        ),
        "team projects": VillageProject.objects.values_list("started_on__year", flat=True),
        "team donations": Donation.objects.values_list("date__year", flat=True),
        "rulelaw exams": LawExamSession.objects.values_list("held_on__year", flat=True),
        "normdocs clean-ups": CleanupRound.objects.values_list("started_on__year", flat=True),
        "legalservice contracts": AdvisorContract.objects.values_list("starts_on__year", flat=True),
        "legalservice services": AdvisorService.objects.values_list("date__year", flat=True),
    }
    for what, years in yearly.items():
        assert set(_full_years(living)) <= set(years), what
    # the current year moves already in March for the lines at work all year round
    for what in (
        "normdocs reviews",
        "normdocs consultations",
        "plans",
        "rulelaw documents",
        "rulelaw activities",
        "team activities",
        "legalservice services",
    ):
        assert today.year in set(yearly[what]), what


@pytest.mark.django_db
def test_nothing_is_dated_after_today(living):
    today = living.today
    for app in LINES:
        for model in apps.get_app_config(app).get_models():
            manager = getattr(model, "all_objects", model._default_manager)
            for f in model._meta.concrete_fields:
                if not isinstance(f, models.DateField) or isinstance(f, models.DateTimeField):
                    continue
                if f.name in AHEAD:
                    continue
                later = manager.filter(**{f"{f.name}__gt": today})
                assert not later.exists(), (model._meta.label, f.name, later.first())
    assert (
        not Activity.objects.filter(type__line__in=LINES, date__gt=today).exists()
        and not Activity.objects.filter(type__line__in=LINES, end_date__gt=today).exists()
    )
    # a year's plan is listed in December of the year before at the earliest
    assert PlanItem.objects.filter(year__gt=today.year + 1).count() == 0
    assert AdvisorContract.objects.filter(starts_on__year__gt=today.year).count() == 0


@pytest.mark.django_db
def test_nothing_opened_in_the_seed_years_is_still_open(living):
    assert not LegalityReview.objects.filter(submitted_on__year__lte=2022).exclude(
        status=ReviewStatus.FILED
    )
    assert not LegislativeComment.objects.filter(received_on__year__lte=2022, replied_on=None)
    # the seed's unfinished 2022 item and its 2023 plan (listed in 2022) are all completed
    open_plans = PlanItem.objects.filter(year__lte=2023).exclude(status=PlanStatus.DONE)
    if living.today >= dt.date(2024, 1, 1):
        assert not open_plans.exists()
    for item in PlanItem.objects.filter(year__lte=2023, status=PlanStatus.DONE):
        assert item.closed_on is not None and item.closed_on <= living.today
        assert PlanProgress.objects.filter(item=item, date=item.closed_on).exists()
    assert not BuildingProject.objects.filter(started_on__year__lte=2022, completed_on=None)
    assert not VillageProject.objects.filter(started_on__year__lte=2022, completed_on=None)


@pytest.mark.django_db
def test_seed_years_filing_within_its_deadline(living):
    """2022's last document, unfiled at the year's end, is filed in 2023 by its deadline."""
    late = LegalityReview.objects.filter(
        published_on__year=2022, filed_on__year=2023, filed_on__gt=models.F("filing_due")
    )
    filed_2023 = LegalityReview.objects.filter(published_on__year=2022, filed_on__year=2023)
    assert filed_2023.exists()
    due_in_2023 = [r for r in filed_2023 if r.filing_due.year >= 2023]
    assert all(r.filed_on <= r.filing_due for r in due_in_2023)
    assert late.count() <= len(filed_2023) - len(due_in_2023)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["juzhang", "fazhi"])
def test_home_page_shows_a_few_filings_due_and_at_most_one_overdue(living, username):
    user = get_user_model().objects.get(username=username)
    groups = {g.line: g for g in by_line(due_items(user, today=living.today), living.today)}
    normdocs = groups.get("规范性文件")
    assert normdocs is not None, "documents awaiting 备案 are due on the home page"
    assert 1 <= normdocs.soon <= 3, normdocs.soon
    assert normdocs.overdue <= 1, normdocs.overdue
    # the plan: none of its items past its deadline while still open, bar one
    assert plan_selectors.overdue_items(user, today=living.today).count() <= 1


@pytest.mark.django_db
def test_later_full_years_have_about_2022s_volume(living):
    full = _full_years(living)
    if not full:
        pytest.skip("no full year after the seed years")
    year = full[-1]
    reg = registry()
    for figure in (
        "normdocs.reviewed",
        "normdocs.consultations",
        "cleanup.docs_reviewed",
        "publicity.lectures",
        "publicity.events",
        "publicity.consultations",
        "publicity.legal_literates",
        "publicity.exam_participants",
        "team.study_sessions",
        "rural.policy_lectures",
        "visits.letters",
        "offices.construction_investment_wan",
        "legalservice.villages_with_advisor",
        "legalservice.advisor_services",
    ):
        seed = reg[figure].compute(dt.date(2022, 1, 1), dt.date(2022, 12, 31))
        got = reg[figure].compute(dt.date(year, 1, 1), dt.date(year, 12, 31))
        assert 0.6 * seed <= got <= 1.6 * seed, (figure, year, seed, got)


@pytest.mark.django_db
def test_one_first_secretary_in_office_today(living):
    serving = FirstSecretary.objects.filter(started_on__lte=living.today).filter(
        models.Q(ended_on=None) | models.Q(ended_on__gte=living.today)
    )
    assert serving.count() == 1


@pytest.mark.django_db
def test_every_village_keeps_a_legal_literate_up_to_today(living):
    from sifa.rulelaw import selectors as rulelaw_selectors

    head = get_user_model().objects.get(username="juzhang")
    for year in living.later_years:
        on = living.year_end(year)
        assert rulelaw_selectors.villages_without_literate(head, on=on) == [], on


@pytest.mark.django_db
def test_the_plan_of_the_current_year_is_under_way(living):
    """This year's items are started in the first quarter and completed by their deadline; in
    December the coming year's plan is already listed for the annual report's closing section."""
    head = get_user_model().objects.get(username="juzhang")
    today = living.today
    items = list(plan_selectors.items_of_year(head, today.year))
    started = [i for i in items if i.status != PlanStatus.NOT_STARTED]
    assert started
    if today >= dt.date(today.year, 4, 1):
        assert started == items
    for item in started:
        assert item.started_on <= today
        assert item.status != PlanStatus.DONE or item.closed_on <= item.deadline
    coming = plan_selectors.report_sentences(head, today.year + 1)
    assert len(coming) == (6 if today.month == 12 else 0)
