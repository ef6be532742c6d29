"""The engine equals the one-query-per-figure reference for every id, in few queries."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from sifa.core.models import Unit, UnitKind
from sifa.reports import engine

from .factories import activity, make_registry

Y0, Y1 = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


@pytest.fixture
def records(county, township_a, township_b, village_a, village_b):
    bureau = Unit.objects.get(kind=UnitKind.BUREAU)
    d = dt.date
    activity("rulelaw_inspection", d(2022, 1, 1), county, unit=bureau)  # first day: counts
    activity("rulelaw_inspection", d(2021, 12, 31), county)  # day before: not
    activity("lecture", d(2022, 12, 31), village_a, consultations=120, attendees=40)  # last day
    activity("training", d(2023, 1, 1), village_a, consultations=99)  # next year: not
    activity("training", d(2022, 6, 1), township_b, consultations=7, unit=bureau)
    activity("publicity_event", d(2022, 3, 3), village_b, consultations=1000, materials=5)
    activity(
        "themed_campaign", d(2022, 4, 15), county, theme="“4·15”全民国家安全教育日", attendees=9000
    )
    activity(
        "themed_campaign", d(2022, 12, 4), village_a, theme="“12.4”国家宪法宣传周", attendees=1600
    )
    activity("themed_campaign", d(2022, 12, 5), county, theme="“12.4”国家宪法宣传周")
    activity("party_day", d(2020, 1, 1), county)  # inside the three-year window ending 2022-12-31
    activity("party_day", d(2019, 12, 31), county)  # outside it
    activity("party_day", d(2022, 5, 1), township_a, end_date=d(2022, 5, 2))
    activity("party_day", d(2022, 12, 30), township_a, end_date=d(2023, 1, 2))
    gone = activity("lecture", d(2022, 7, 1), county, consultations=5000)
    gone.soft_delete()


@pytest.mark.parametrize("scope", ["all", "county", "township_a", "township_b", "village_a"])
def test_engine_equals_reference_for_every_id(records, request, scope):
    region = None if scope == "all" else request.getfixturevalue(scope)
    reg = make_registry()
    values = engine.compute_values(Y0, Y1, region, reg)
    assert set(values) == set(reg)
    for fid, ind in reg.items():
        assert values[fid] == ind.compute(Y0, Y1, region, reg), fid


def test_engine_values_state_the_rules(records, county, township_a):
    reg = make_registry()
    v = engine.compute_values(Y0, Y1, None, reg)
    assert v["t.inspections"] == 1  # 1 January in, 31 December of the year before out
    assert v["t.lectures"] == 2  # 31 December in, 1 January after out, deleted one out
    assert v["t.consultations"] == 120 + 7 + 1000
    assert v["t.themes"] == ["“4·15”全民国家安全教育日", "“12.4”国家宪法宣传周"]
    assert v["t.by_bureau"] == 2
    assert v["t.window"] == 3
    assert v["t.late"] == 1
    assert v["t.villages"] == 4
    assert v["t.share"] == (2, 9)
    assert v["t.attendees"] == 9000 + 1600 + 40
    town = engine.compute_values(Y0, Y1, township_a, reg)
    assert town["t.lectures"] == 1 and town["t.villages"] == 2 and town["t.offices"] == 1
    assert town["t.themes"] == ["“12.4”国家宪法宣传周"]
    assert town["t.window"] == 2


def test_engine_batches_one_query_per_model(records):
    reg = make_registry()
    engine.compute_values(Y0, Y1, None, reg)  # builds the plan (reads the catalogue's ids once)
    with CaptureQueriesContext(connection) as ctx:
        engine.compute_values(Y0, Y1, None, reg)
    # Activity, Region and Unit aggregates in ONE statement + 2 list/text + 1 multi-valued.
    assert len(ctx.captured_queries) == 4


def test_a_kept_plan_counts_todays_records(records, village_a):
    """The statement is compiled once per period and scope; its figures are never kept."""
    reg = make_registry()
    before = engine.compute_values(Y0, Y1, village_a, reg)["t.lectures"]
    activity("lecture", dt.date(2022, 8, 8), village_a)
    assert engine.compute_values(Y0, Y1, village_a, reg)["t.lectures"] == before + 1


def test_plan_compares_type_ids_and_puts_period_and_scope_in_where(records, county):
    reg = make_registry()
    engine.compute_values(Y0, Y1, county, reg)
    statement = engine._plan_for(reg, Y0, Y1, county).sql  # the statement run (or prepared)
    assert "CROSS JOIN" in statement
    assert "core_activitytype" not in statement  # a literal type id, no join of the catalogue
    assert '"core_activity"."region_id" >=' in statement


def test_a_new_activity_type_is_seen_by_a_kept_plan(records, village_a):
    from sifa.core.indicators import Indicator, Registry
    from sifa.core.models import ActivityType

    reg = Registry(
        {
            "t.new": Indicator(
                id="t.new",
                label="新类型",
                kind="count",
                model="core.Activity",
                date_field="date",
                where=Q(type__code="brand_new"),
            )
        }
    )
    assert engine.compute_values(Y0, Y1, None, reg)["t.new"] == 0
    ActivityType.objects.create(code="brand_new", name="新类型", line="rulelaw")
    activity("brand_new", dt.date(2022, 2, 2), village_a)
    assert engine.compute_values(Y0, Y1, None, reg)["t.new"] == 1


def test_empty_database_gives_zeros_and_dash(county):
    reg = make_registry()
    figs = engine.compute(Y0, Y1, None, reg)
    assert figs.values["t.lectures"] == 0
    assert figs.values["t.consultations"] == 0
    assert figs.values["t.themes"] == []
    assert figs.text("t.share") == "—"
    assert figs.text("t.consultations") == "0"


def test_definitions_version_changes_with_a_definition():
    reg = make_registry()
    before = engine.definitions_version(reg)
    assert before == engine.definitions_version(make_registry())
    from dataclasses import replace

    reg["t.lectures"] = replace(reg["t.lectures"], date_field="end_date")
    assert engine.definitions_version(reg) != before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_plans_the_statement_once_per_connection(records, village_a):
    """The wide statement is PREPAREd once per connection and EXECUTEd after; its figures are
    still today's."""
    with connection.cursor() as cursor:  # what earlier tests prepared on this connection
        cursor.execute("DEALLOCATE ALL")
    engine._prepared_on.pop(connection.connection, None)
    reg = make_registry()
    with CaptureQueriesContext(connection) as ctx:
        first = engine.compute_values(Y0, Y1, village_a, reg)
    assert sum(q["sql"].startswith("PREPARE sifa_fig_") for q in ctx.captured_queries) == 1
    activity("lecture", dt.date(2022, 8, 8), village_a)
    with CaptureQueriesContext(connection) as ctx:
        again = engine.compute_values(Y0, Y1, village_a, reg)
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not any(s.startswith("PREPARE") for s in sqls)
    assert sum(s.startswith("EXECUTE sifa_fig_") for s in sqls) == 1
    assert again["t.lectures"] == first["t.lectures"] + 1
    for fid, ind in reg.items():
        assert again[fid] == ind.compute(Y0, Y1, village_a, reg), fid
