"""Each figure of the line, built from records made here: period edges and scope."""

import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.core.models import ActivityType
from sifa.team import services
from sifa.team.models import (
    DonationKind,
    HouseholdVisit,
    IncidentKind,
    RuralActivity,
    TeamBuildingActivity,
)

D = dt.date
START, END = D(2022, 1, 1), D(2022, 12, 31)


def compute(figure, region=None, start=START, end=END):
    return registry()[figure].compute(start, end, region)


def edge_regions(village_a, village_b):
    """(date, region) of four records: two in 2022 (one per township), one either side."""
    return [
        (D(2022, 1, 1), village_b),  # first day, township B
        (D(2022, 12, 31), village_a),  # last day, township A
        (D(2023, 1, 1), village_a),  # next year
        (D(2021, 12, 31), village_b),  # previous year
    ]


GROUP_OF = {
    code: g for g in (TeamBuildingActivity, RuralActivity, HouseholdVisit) for code in g.type_codes
}

COUNTS = [
    ("team.rotation_classes", "rotation_class"),
    ("team.party_lessons", "party_lesson"),
    ("team.study_sessions", "study_session"),
    ("team.party_days", "party_day"),
    ("rural.classes", "rural_law_class"),
    ("rural.consultation_events", "agri_consultation"),
    ("rural.enterprise_checkups", "enterprise_checkup"),
    ("rural.policy_lectures", "agri_policy_lecture"),
]


@pytest.mark.parametrize(("figure", "code"), COUNTS)
def test_activity_counts(figure, code, county, township_a, township_b, village_a, village_b):
    for day, region in edge_regions(village_a, village_b):
        services.team_activity_create(
            GROUP_OF[code], type_code=code, date=day, title="x", region=region
        )
    # an activity of another type on a counted day does not count
    other = "party_day" if code != "party_day" else "party_lesson"
    services.team_activity_create(
        GROUP_OF[other], type_code=other, date=D(2022, 6, 1), title="y", region=village_a
    )
    assert compute(figure) == 2
    assert compute(figure, county) == 2
    assert compute(figure, township_a) == 1
    assert compute(figure, township_b) == 1
    assert compute(figure, start=D(2023, 1, 1), end=D(2023, 12, 31)) == 1


def test_deleted_activity_does_not_count(county, team_clerk):
    obj = services.team_activity_create(
        TeamBuildingActivity, type_code="party_lesson", date=D(2022, 5, 1), title="x", region=county
    )
    from sifa.core.services import record_delete

    record_delete(obj, user=team_clerk)
    assert compute("team.party_lessons") == 0


SUMS = [
    ("rural.class_attendees", "rural_law_class", "attendees"),
    ("rural.volunteer_person_times", "volunteering", "person_times"),
    ("visits.letters", "household_visit", "letters"),
    ("visits.outlines", "household_visit", "outlines"),
    ("visits.mock_surveys", "household_visit", "mock_surveys"),
    ("visits.posters", "household_visit", "posters"),
    ("visits.materials", "household_visit", "materials"),
    ("visits.registrations", "household_visit", "registrations"),
    ("visits.surveys", "household_visit", "surveys"),
]


@pytest.mark.parametrize(("figure", "code", "measure"), SUMS)
def test_activity_quantity_sums(
    figure, code, measure, county, township_a, township_b, village_a, village_b
):
    amounts = [1000, 200, 30000, 4]
    for (day, region), n in zip(edge_regions(village_a, village_b), amounts, strict=True):
        services.team_activity_create(
            GROUP_OF[code],
            type_code=code,
            date=day,
            title="x",
            region=region,
            quantities={measure: n},
        )
    # an activity of the type without this quantity counts as nothing
    services.team_activity_create(
        GROUP_OF[code], type_code=code, date=D(2022, 6, 1), title="z", region=village_a
    )
    assert compute(figure) == 1200
    assert compute(figure, county) == 1200
    assert compute(figure, township_a) == 200
    assert compute(figure, township_b) == 1000


def test_visit_measures_are_summed_separately(village_a):
    services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 6, 1),
        title="x",
        region=village_a,
        quantities={"letters": 5, "posters": 7},
    )
    assert compute("visits.letters") == 5
    assert compute("visits.posters") == 7
    assert compute("visits.surveys") == 0


class TestViolations3y:
    def make(self, day, kind=IncidentKind.MISCONDUCT, region=None):
        return services.incident_create(kind=kind, occurred_on=day, description="x", region=region)

    def test_window_is_the_three_years_ending_on_the_end_date(self, county):
        self.make(D(2020, 1, 1), region=county)  # first day of the window: counts
        self.make(D(2019, 12, 31), region=county)  # exactly 3 years before the end: out
        self.make(D(2019, 12, 30), region=county)  # 3 years + 1 day before: out
        self.make(D(2022, 12, 31), IncidentKind.MASS_INCIDENT, county)  # end date: counts
        self.make(D(2023, 1, 1), region=county)  # after the end: out
        assert compute("team.violations_3y") == 2
        assert compute("team.violations_3y", county) == 2

    def test_both_kinds_count_and_the_period_start_does_not_matter(self, county):
        self.make(D(2021, 3, 1), IncidentKind.MISCONDUCT, county)
        self.make(D(2021, 4, 1), IncidentKind.MASS_INCIDENT, county)
        assert compute("team.violations_3y", start=D(2022, 1, 1)) == 2
        assert compute("team.violations_3y", end=D(2024, 3, 1)) == 1  # from 2021-03-02
        assert compute("team.violations_3y", end=D(2024, 4, 1)) == 0  # from 2021-04-02

    def test_scope(self, township_a, township_b):
        self.make(D(2022, 5, 1), region=township_a)
        assert compute("team.violations_3y", township_a) == 1
        assert compute("team.violations_3y", township_b) == 0

    def test_none_in_three_years_is_zero(self, county):
        assert compute("team.violations_3y") == 0


class TestFirstSecretaryVillage:
    def test_names_the_township_and_village_served_on_the_end_date(
        self, county, township_a, township_b, village_a, village_b
    ):
        services.first_secretary_create(
            person="甲",
            township=township_a,
            village=village_a,
            started_on=D(2019, 3, 1),
            ended_on=D(2022, 12, 30),
        )
        services.first_secretary_create(
            person="乙", township=township_b, village=village_b, started_on=D(2022, 12, 31)
        )
        assert compute("rural.first_secretary_village") == "乙街道乙1村"
        assert compute("rural.first_secretary_village", county) == "乙街道乙1村"
        assert compute("rural.first_secretary_village", township_b) == "乙街道乙1村"
        assert compute("rural.first_secretary_village", township_a) == ""
        # a year earlier the first one was in office
        assert (
            compute("rural.first_secretary_village", start=D(2021, 1, 1), end=D(2021, 12, 31))
            == "甲镇甲1村"
        )

    def test_posting_ending_on_the_end_date_still_serves(self, township_a, village_a):
        services.first_secretary_create(
            person="甲",
            township=township_a,
            village=village_a,
            started_on=D(2010, 1, 1),
            ended_on=D(2022, 12, 31),
        )
        assert compute("rural.first_secretary_village") == "甲镇甲1村"

    def test_posting_starting_after_the_end_date_does_not(self, township_a, village_a):
        services.first_secretary_create(
            person="甲", township=township_a, village=village_a, started_on=D(2023, 1, 1)
        )
        assert compute("rural.first_secretary_village") == ""


@pytest.mark.parametrize(
    ("figure", "kind"),
    [
        ("rural.flood_donation_yuan", DonationKind.FLOOD_RELIEF),
        ("rural.consumption_aid_yuan", DonationKind.CONSUMPTION_AID),
    ],
)
def test_donations(figure, kind, county, township_a, township_b):
    other = (
        DonationKind.CONSUMPTION_AID
        if kind == DonationKind.FLOOD_RELIEF
        else DonationKind.FLOOD_RELIEF
    )
    for day, amount, region, k in (
        (D(2022, 1, 1), 1000, township_b, kind),
        (D(2022, 12, 31), 234, township_a, kind),
        (D(2023, 1, 1), 50000, township_a, kind),
        (D(2021, 12, 31), 70000, township_b, kind),
        (D(2022, 6, 1), 9, county, other),
    ):
        services.donation_create(kind=k, date=day, amount_yuan=amount, region=region)
    assert compute(figure) == 1234
    assert compute(figure, county) == 1234
    assert compute(figure, township_a) == 234
    assert compute(figure, township_b) == 1000


def test_village_project_investment_by_completion_date(
    county, township_a, township_b, village_a, village_b
):
    for name, invest, village, start, done in (
        ("广场", 150000, village_a, D(2022, 3, 1), D(2022, 12, 31)),
        ("路灯", 20000, village_b, D(2021, 10, 1), D(2022, 1, 1)),
        ("桥", 30000, village_a, D(2022, 10, 1), D(2023, 1, 1)),
        ("道路", 40000, village_b, D(2021, 1, 1), D(2021, 12, 31)),
        ("在建", 50000, village_a, D(2022, 5, 1), None),
    ):
        services.village_project_create(
            village=village, name=name, investment_yuan=invest, started_on=start, completed_on=done
        )
    assert compute("rural.village_project_wan") == 170000
    assert compute("rural.village_project_wan", county) == 170000
    assert compute("rural.village_project_wan", township_a) == 150000
    assert compute("rural.village_project_wan", township_b) == 20000


def test_every_figure_of_the_line_is_declared():
    ids = {
        "team.rotation_classes",
        "team.party_lessons",
        "team.study_sessions",
        "team.party_days",
        "team.violations_3y",
        "rural.classes",
        "rural.class_attendees",
        "rural.consultation_events",
        "rural.enterprise_checkups",
        "rural.policy_lectures",
        "rural.first_secretary_village",
        "rural.volunteer_person_times",
        "rural.flood_donation_yuan",
        "rural.consumption_aid_yuan",
        "rural.village_project_wan",
        "visits.letters",
        "visits.outlines",
        "visits.mock_surveys",
        "visits.posters",
        "visits.materials",
        "visits.registrations",
        "visits.surveys",
    }
    assert ids <= set(registry())
    assert registry()["team.violations_3y"].window_years == 3


def test_catalogue_types_of_the_groups_exist(county):
    codes = {c for g in (TeamBuildingActivity, RuralActivity, HouseholdVisit) for c in g.type_codes}
    assert set(ActivityType.objects.filter(line="team").values_list("code", flat=True)) == codes
