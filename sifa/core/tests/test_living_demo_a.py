"""The demo county's case lines run up to "today": mediation, reconsideration, litigation, legal
aid, notary and correction have records in every year after the seed years, none dated after
today, no case of 2022 is left open, a full later year has about 2022's volume, and on today
each line's home page shows a handful of deadlines (1–3), at most one of them overdue."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Max, Q

from sifa.core import demo
from sifa.core.due import by_line, due_items
from sifa.core.models import CaseEvent
from sifa.correction.models import Assessment, Subject, SubjectStatus, SupervisionEvent
from sifa.legalaid.models import AidApplication, AidCase, AidConsultation, ApplicationStatus
from sifa.litigation.models import Hearing, LitigationCase
from sifa.mediation.models import MediationCase
from sifa.notary.models import Notarization, NotaryConsultation
from sifa.reconsideration.models import ReconsiderationCase
from sifa.reconsideration.models import Status as ReconsiderationStatus
from sifa.reconsideration.models.periods import ACCEPTANCE_REVIEW

TODAYS = [dt.date(2026, 12, 2), dt.date(2024, 3, 15)]
LINES = ["人民调解", "行政复议", "行政应诉", "法律援助", "公证", "社区矫正"]

# (model, the field that dates a record in its year, every date field that must not pass today)
DATED = {
    "人民调解": (MediationCase, "received_on", ["received_on", "started_on", "closed_on"]),
    "行政复议": (
        ReconsiderationCase,
        "received_on",
        ["received_on", "accepted_on", "closed_on", "published_on", "rejected_on"],
    ),
    "行政应诉": (LitigationCase, "served_on", ["served_on", "answered_on", "outcome_served_on"]),
    "法律援助": (AidCase, "assigned_on", ["assigned_on", "closed_on"]),
    "公证": (Notarization, "accepted_on", ["accepted_on", "issued_on", "closed_on"]),
    "社区矫正": (Subject, "received_on", ["received_on", "ended_on", "judgment_effective_on"]),
}
MORE_DATED = [
    (Hearing, ["held_on"]),
    (AidApplication, ["received_on", "decided_on", "assigned_on"]),
    (AidConsultation, ["date"]),
    (NotaryConsultation, ["date"]),
    (Assessment, ["received_on", "finished_on"]),
    (SupervisionEvent, ["date"]),
    (CaseEvent, ["on"]),
]


@pytest.fixture(scope="module", params=TODAYS, ids=str)
def living(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            ctx = demo.build(password="x-demo-pass", today=request.param)
            yield ctx
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("line", LINES)
def test_records_every_later_year_none_after_today(living, line):
    model, year_field, fields = DATED[line]
    years = set(model.objects.values_list(f"{year_field}__year", flat=True))
    assert set(living.later_years) <= years, (line, sorted(y for y in years if y))
    for name in fields:
        latest = model.objects.aggregate(m=Max(name))["m"]
        assert latest is None or latest <= living.today, (line, name, latest)


@pytest.mark.django_db
def test_supporting_records_none_after_today(living):
    for model, fields in MORE_DATED:
        for name in fields:
            assert not model.objects.filter(**{f"{name}__gt": living.today}).exists(), (
                model.__name__,
                name,
            )
    years = set(SupervisionEvent.objects.values_list("date__year", flat=True))
    assert set(living.later_years) <= years


@pytest.mark.django_db
def test_no_case_of_2022_left_open(living):
    assert not MediationCase.objects.filter(received_on__year=2022, closed_on=None).exists()
    assert not ReconsiderationCase.objects.filter(received_on__year=2022).exclude(
        status__in=[ReconsiderationStatus.CLOSED, ReconsiderationStatus.REJECTED]
    )
    assert not LitigationCase.objects.filter(served_on__year=2022, outcome="").exists()
    assert not AidCase.objects.filter(assigned_on__year=2022, closed_on=None).exists()
    assert not AidApplication.objects.filter(
        received_on__year=2022,
        status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.APPROVED],
    ).exists()
    assert not Notarization.objects.filter(accepted_on__year=2022, closed_on=None).exists()
    assert not Assessment.objects.filter(received_on__year=2022, finished_on=None).exists()
    # a subject whose period of correction ended by today has been released
    assert not Subject.objects.filter(
        status=SubjectStatus.ACTIVE, period_end__lte=living.today
    ).exists()


@pytest.mark.django_db
def test_correction_takes_in_and_releases_after_2022(living):
    for year in living.later_years:
        assert Subject.objects.filter(received_on__year=year).exists(), year
    assert Subject.objects.filter(ended_on__year=2023, status=SubjectStatus.RELEASED).exists()
    assert Subject.objects.filter(status=SubjectStatus.ACTIVE).count() >= 30


@pytest.mark.django_db
def test_a_full_later_year_has_about_2022s_volume(living):
    full = [y for y in living.later_years if y < living.today.year]
    volumes = {
        "人民调解": lambda y: MediationCase.objects.filter(closed_on__year=y).count(),
        "行政复议": lambda y: ReconsiderationCase.objects.filter(received_on__year=y).count(),
        "法律援助": lambda y: AidCase.objects.filter(assigned_on__year=y).count(),
        "公证": lambda y: Notarization.objects.filter(issued_on__year=y).count(),
        "社区矫正": lambda y: Subject.objects.filter(received_on__year=y).count(),
    }
    for line, count in volumes.items():
        base = count(2022)
        for year in full:
            assert 0.75 * base <= count(year) <= 1.35 * base, (line, year, count(year), base)


@pytest.mark.django_db
def test_home_page_shows_a_handful_per_line(living):
    user = get_user_model().objects.get(username="juzhang")
    groups = {g.line: g for g in by_line(due_items(user, today=living.today), living.today)}
    for line in LINES:
        g = groups.get(line)
        assert g is not None, f"{line}: nothing due on {living.today}"
        assert 1 <= g.total <= 3, (line, g.overdue, g.soon, [i.record for i in g.items])
        assert g.overdue <= 1, (line, g.overdue)


@pytest.mark.django_db
def test_open_cases_today_keep_their_deadlines_ahead(living):
    """What is still open today is recent: nothing waits past its deadline by months."""
    stale = living.today - dt.timedelta(days=60)
    assert not ReconsiderationCase.objects.filter(
        Q(decision_due__lt=stale) | Q(acceptance_due__lt=stale, accepted_on=None),
        status__in=[ReconsiderationStatus.RECEIVED, ReconsiderationStatus.UNDER_REVIEW],
    ).exists()
    assert not Notarization.objects.filter(closed_on=None, issue_due__lt=living.today).exists()


@pytest.mark.django_db
def test_later_cases_obey_the_lines_rules(living):
    """After 2022 as before: decisions within their period, answers in time, confirmation
    applied for within the window, and what is open today still has its deadline ahead."""
    today = living.today
    for case in ReconsiderationCase.objects.filter(received_on__year__gt=2022):
        case.full_clean()
        # the stored review deadline is the one the case's own dates give (an import of the
        # exported case recomputes it and must find the same day)
        start = case.corrected_on or case.received_on
        assert case.acceptance_due == case._due(start, ACCEPTANCE_REVIEW.code).due, case.case_number
        if case.status == ReconsiderationStatus.REJECTED:
            assert case.rejected_on <= case.acceptance_due
        elif case.status == ReconsiderationStatus.CLOSED:
            assert case.accepted_on <= case.closed_on <= case.decision_due, case.case_number
            assert not case.closed_late
        else:
            assert case.due_now(today) >= today, case.case_number
    for case in LitigationCase.objects.filter(served_on__year__gt=2022):
        case.full_clean()
        assert case.answered_on and case.answered_on <= case.answer_due
    for hearing in Hearing.objects.filter(case__served_on__year__gt=2022).select_related("case"):
        assert hearing.held_on > hearing.case.answered_on
    applied = MediationCase.objects.filter(received_on__year__gt=2022).exclude(
        confirmation_applied_on=None
    )
    for case in applied:
        assert case.closed_on <= case.confirmation_applied_on <= case.confirmation_due_on


def test_every_female_subjects_team_includes_a_woman(living):
    """社区矫正法 art. 25 holds for the later years' files as for the seed years'."""
    from sifa.correction.models import Gender, Subject, TeamMember

    for subject in Subject.all_objects.filter(gender=Gender.FEMALE):
        genders = set(TeamMember.objects.filter(subject=subject).values_list("gender", flat=True))
        if genders:
            assert Gender.FEMALE in genders, subject
