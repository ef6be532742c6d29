"""On the whole demo county: engine = reference for every id, query budget, the masked seed."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from sifa.core.indicators import registry
from sifa.core.models import Region
from sifa.reports import engine

# The seed (../shared/seed/000_b5f6e3792ca2e5b6.txt), kept beside the tests so the check never
# depends on where the checkout lies.
SEED = Path(__file__).resolve().parent / "data" / "seed_2022_masked.txt"
Y0, Y1 = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


def seed_lines() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]


@pytest.mark.parametrize(
    ("start", "end", "scope"),
    [
        (Y0, Y1, None),
        (Y0, Y1, "county"),
        (Y0, Y1, "township"),
        (dt.date(2022, 3, 15), dt.date(2022, 9, 30), None),
        (dt.date(2021, 1, 1), Y1, "township"),
    ],
)
def test_engine_equals_reference_for_every_registered_id(demo_county, db, start, end, scope):
    region = {"county": demo_county.county, "township": demo_county.townships[2]}.get(scope)
    reg = registry()
    values = engine.compute_values(start, end, region, reg)
    assert set(values) == set(reg)
    for fid, ind in reg.items():
        assert values[fid] == ind.compute(start, end, region, reg), fid


def test_all_figures_cost_a_bounded_number_of_queries(
    demo_county, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        engine.compute_values(Y0, Y1, None)


def test_invariants_hold_on_the_demo_county(demo_county, db):
    figures = engine.compute(Y0, Y1, None)
    broken = [c.detail for c in figures.checks if not c.holds]
    assert not broken


def test_masked_report_reproduces_the_seed(demo_county, db):
    """`sifa report --year 2022 --masked --format txt` holds the seed's 13 paragraphs."""
    out = io.StringIO()
    call_command("report", year="2022", masked=True, format="txt", stdout=out)
    lines = out.getvalue().split("\n")
    seed = seed_lines()
    assert len(seed) == 13
    assert seed[0] in lines
    i = lines.index(seed[0])
    assert lines[i : i + 13] == seed


def test_township_report_renders(demo_county, db):
    town = Region.objects.get(code=demo_county.townships[0].code)
    out = io.StringIO()
    call_command("report", year="2022", region=town.code, format="txt", stdout=out)
    assert "一、2022年工作开展情况" in out.getvalue()
