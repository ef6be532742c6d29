"""Each figure of the correction line, from records made here, with period edges and scope."""

import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.core.models import Activity, ActivityType
from sifa.correction import services
from sifa.correction.models import Assessment, EndReason

from .helpers import subject

D = dt.date
Y_START, Y_END = D(2022, 1, 1), D(2022, 12, 31)


def fig(figure, region=None, start=Y_START, end=Y_END):
    return registry()[figure].compute(start, end, region)


def activity(code, day, region):
    return Activity.objects.create(
        type=ActivityType.objects.get(code=code), date=day, title="检查", region=region
    )


@pytest.mark.parametrize(
    "figure,code",
    [
        ("correction.inspections", "correction_spot_check"),
        ("correction.joint_inspections", "correction_joint_check"),
    ],
)
def test_checks_counted_by_date_and_region(county, township_a, township_b, figure, code):
    activity(code, D(2021, 12, 31), county)  # previous year
    activity(code, D(2022, 1, 1), township_a)
    activity(code, D(2022, 12, 31), township_b)
    activity(code, D(2023, 1, 1), county)  # next year
    activity("correction_committee_meeting", D(2022, 5, 1), county)  # another type
    assert fig(figure) == 2
    assert fig(figure, county) == 2
    assert fig(figure, township_a) == 1


def test_assessments_counted_by_completion_date(township_a, township_b):
    def make(region, received, finished):
        Assessment.objects.create(
            region=region,
            person_name="某",
            commissioner="court",
            received_on=received,
            finished_on=finished,
            opinion="suitable" if finished else "",
        )

    make(township_a, D(2021, 12, 25), D(2022, 1, 1))  # received last year, finished this year
    make(township_a, D(2022, 12, 20), D(2022, 12, 31))
    make(township_b, D(2022, 12, 28), D(2023, 1, 1))  # finished next year
    make(township_b, D(2022, 6, 1), None)  # open
    make(township_b, D(2022, 3, 1), D(2022, 3, 5))
    assert fig("correction.assessments") == 3
    assert fig("correction.assessments", township_a) == 2
    assert fig("correction.assessments", township_b) == 1


@pytest.fixture
def population(township_a, township_b):
    """Subjects around the 2022 edges, in two townships."""
    made = {}
    made["stock_a"] = subject(
        township_a, judged=D(2021, 5, 25), received=D(2021, 6, 1)
    )  # in stock all year
    made["in_jan1_a"] = subject(township_a, judged=D(2021, 12, 28), received=D(2022, 1, 1))
    made["in_dec31_b"] = subject(township_b, judged=D(2022, 12, 28), received=D(2022, 12, 31))
    made["in_next_b"] = subject(township_b, judged=D(2022, 12, 28), received=D(2023, 1, 1))
    made["pending_b"] = subject(township_b, judged=D(2022, 12, 1))  # never taken in
    ended = subject(township_a, judged=D(2020, 12, 31), received=D(2021, 1, 2))
    made["out_jan1_a"] = services.subject_terminate(
        ended, on=D(2022, 1, 1), reason=EndReason.DEATH, user=None
    )
    ended = subject(
        township_b, judged=D(2020, 12, 31), received=D(2021, 1, 2), period_end=D(2022, 12, 31)
    )
    made["out_dec31_b"] = services.subject_release(
        ended, on=D(2022, 12, 31), reason=EndReason.EXPIRED, user=None
    )
    ended = subject(
        township_a, judged=D(2020, 12, 31), received=D(2021, 1, 2), period_end=D(2021, 12, 31)
    )
    made["out_dec31_prev_a"] = services.subject_release(
        ended, on=D(2021, 12, 31), reason=EndReason.EXPIRED, user=None
    )
    ended = subject(
        township_b, judged=D(2020, 12, 31), received=D(2021, 1, 2), period_end=D(2023, 1, 1)
    )
    made["out_next_b"] = services.subject_release(
        ended, on=D(2023, 1, 1), reason=EndReason.EXPIRED, user=None
    )
    return made


def test_received_by_intake_date(population, county, township_a, township_b):
    assert fig("correction.received") == 2  # 1 Jan and 31 Dec
    assert fig("correction.received", county) == 2
    assert fig("correction.received", township_a) == 1
    assert fig("correction.received", township_b) == 1


def test_released_by_end_date_release_or_termination(population, township_a, township_b):
    assert fig("correction.released") == 2  # terminated 1 Jan, released 31 Dec
    assert fig("correction.released", township_a) == 1
    assert fig("correction.released", township_b) == 1


def test_registered_on_the_end_date(population, township_a, township_b):
    # On 2022-12-31: stock_a, in_jan1_a, in_dec31_b, out_next_b; out_dec31_b ended that day.
    assert fig("correction.registered") == 4
    assert fig("correction.registered", township_a) == 2
    assert fig("correction.registered", township_b) == 2
    # On 2021-12-31: stock_a, out_jan1_a, out_dec31_b, out_next_b (out_dec31_prev_a ended).
    assert fig("correction.registered", end=D(2021, 12, 31)) == 4


@pytest.mark.parametrize("region_name", [None, "township_a", "township_b"])
@pytest.mark.parametrize(
    "start,end",
    [(Y_START, Y_END), (D(2022, 1, 2), D(2022, 12, 30)), (D(2021, 3, 1), D(2023, 6, 30))],
)
def test_stock_invariant(population, request, region_name, start, end):
    """registered(end) = registered(day before start) + received − released."""
    region = request.getfixturevalue(region_name) if region_name else None
    before = fig("correction.registered", region, end=start - dt.timedelta(days=1))
    assert fig("correction.registered", region, start, end) == (
        before
        + fig("correction.received", region, start, end)
        - fig("correction.released", region, start, end)
    )
