"""Against a real PostgreSQL primary and hot standby on this machine (bench/replica_setup.sh):
figures and reports read from the standby, writes and what is read right after them from the
primary, the standby refuses writes, and a standby that lags or is down is left out with a
warning while the pages keep answering with the primary's figures.

Run: bash bench/replica_setup.sh, then
SIFA_DATABASE_URL=postgres://sifa:sifa@127.0.0.1:5432/sifa_x
SIFA_REPLICA_URL=postgres://sifa:sifa@127.0.0.1:5433/sifa_x pytest tests/replica -n 0
(.ci/run does both). The test database is created on the primary; the standby replays it.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import time

import pytest
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.core import dbrouter
from sifa.core.dbrouter import COOKIE, REPLICA, replica_reads
from sifa.core.models import Activity, ActivityType

STANDBY = REPLICA in settings.DATABASES and settings.DATABASES["default"]["ENGINE"].endswith(
    "postgresql"
)
pytestmark = [
    pytest.mark.skipif(
        not STANDBY,
        reason="没有配置只读副本：先运行 bench/replica_setup.sh，再以 SIFA_DATABASE_URL（PostgreSQL 主库）"
        "和 SIFA_REPLICA_URL（热备库）运行",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]

D = dt.date(2022, 5, 10)
FIGURES = "/api/figures/?year=2022"


def scalar(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_until(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def wait_for_standby():
    """Until the standby has replayed everything the primary has written so far."""
    lsn = scalar("default", "SELECT pg_current_wal_lsn()::text")
    wait_until(
        lambda: scalar(REPLICA, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]),
        "the standby to replay the primary's writes",
    )


def touches(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if table in q["sql"]]


def lectures(payload) -> int:
    return payload["figures"]["publicity.lectures"]["value"]


@pytest.fixture
def standby(settings):
    settings.SIFA_REPLICA_CHECK_SECONDS = 0  # probe at every replica-safe read
    settings.SIFA_REPLICA_MAX_LAG = 30
    dbrouter.reset_health()
    yield
    if scalar(REPLICA, "SELECT pg_is_wal_replay_paused()"):
        scalar(REPLICA, "SELECT pg_wal_replay_resume()::text")
    dbrouter.reset_health()


@pytest.fixture
def two_lectures(make_activity, village_a, village_b):
    make_activity("lecture", village_a, D)
    make_activity("lecture", village_b, D)
    wait_for_standby()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def pause_replay():
    scalar(REPLICA, "SELECT pg_wal_replay_pause()::text")
    wait_until(
        lambda: scalar(REPLICA, "SELECT pg_get_wal_replay_pause_state()") == "paused",
        "the standby's replay to pause",
    )


def test_the_two_servers_are_a_primary_and_its_hot_standby(standby):
    assert scalar("default", "SELECT pg_is_in_recovery()") is False
    assert scalar(REPLICA, "SELECT pg_is_in_recovery()") is True
    assert scalar(REPLICA, "SELECT current_database()") == scalar(
        "default", "SELECT current_database()"
    )


def test_figures_pages_and_the_engine_read_from_the_standby(
    standby, two_lectures, bureau_leader, client
):
    client.force_login(bureau_leader)
    for url in (FIGURES, "/reports/numbers/?year=2022", "/dashboard/?year=2022"):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            response = client.get(url)
        assert response.status_code == 200, url
        assert touches(replica.captured_queries, "core_activity"), url
        assert not touches(primary.captured_queries, "core_activity"), url
        # the login and the session stay on the primary
        assert not touches(replica.captured_queries, "django_session"), url
        assert COOKIE not in response.cookies  # reading alone pins nothing
    assert lectures(client.get(FIGURES).json()) == 2
    # the same figures from code marked replica-safe (a command, a job)
    from sifa.reports import engine

    with CaptureQueriesContext(connections[REPLICA]) as replica, replica_reads():
        figures = engine.compute(dt.date(2022, 1, 1), dt.date(2022, 12, 31), None)
    assert figures.values["publicity.lectures"] == 2
    assert touches(replica.captured_queries, "core_activity")


def test_a_write_goes_to_the_primary_and_what_follows_it_reads_the_primary(
    standby, two_lectures, section_clerk, village_a
):
    client = token_client(section_clerk)
    assert lectures(client.get(FIGURES).json()) == 2  # from the standby
    pause_replay()  # the standby will not see the next write until resumed
    lecture = ActivityType.objects.get(code="lecture")
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        created = client.post(
            "/api/core/activity/",
            {
                "type": lecture.pk,
                "region": village_a.code,
                "date": "2022-06-01",
                "title": "副本测试讲座",
                "quantities": {"attendees": 40},
            },
            format="json",
        )
    assert created.status_code == 201, created.content
    assert any(
        sql.startswith("INSERT") for sql in touches(primary.captured_queries, "core_activity")
    )
    assert not replica.captured_queries
    assert COOKIE in created.cookies

    # the next read, with the browser's marker: the primary's figures, the write included
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert lectures(client.get(FIGURES).json()) == 3
    assert not replica.captured_queries
    # ... while the standby has not got it: a read there would have missed the clerk's lecture
    assert scalar(REPLICA, "SELECT count(*) FROM core_activity WHERE deleted_at IS NULL") == 2


def test_in_one_request_reads_after_a_write_and_inside_a_transaction_are_the_primarys(
    standby, two_lectures, village_a
):
    lecture = ActivityType.objects.get(code="lecture")
    with replica_reads():
        with CaptureQueriesContext(connections[REPLICA]) as replica:
            assert Activity.objects.count() == 2
        assert touches(replica.captured_queries, "core_activity")
        with transaction.atomic():
            with CaptureQueriesContext(connections[REPLICA]) as replica:
                assert Activity.objects.count() == 2
            assert not replica.captured_queries
        Activity.objects.create(type=lecture, region=village_a, date=D, title="同一请求中写入")
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            assert Activity.objects.count() == 3  # not the standby's 2, whatever its delay
        assert touches(primary.captured_queries, "core_activity")
        assert not replica.captured_queries


def test_the_standby_refuses_writes(standby, two_lectures):
    with pytest.raises(DatabaseError) as refused:
        Activity.objects.using(REPLICA).update(title="改")
    assert getattr(refused.value.__cause__, "sqlstate", None) == "25006"  # read-only transaction
    assert "read-only" in str(refused.value)
    assert Activity.objects.filter(title="改").count() == 0


def test_a_lagging_standby_is_left_out_with_a_warning(
    standby, settings, two_lectures, bureau_leader, village_a, client, caplog
):
    settings.SIFA_REPLICA_MAX_LAG = 1
    client.force_login(bureau_leader)
    pause_replay()
    lecture = ActivityType.objects.get(code="lecture")
    Activity.objects.create(type=lecture, region=village_a, date=D, title="备库尚未重放")
    wait_until(lambda: "behind" in dbrouter.probe()[1], "the standby to fall behind")
    dbrouter.reset_health()
    with (
        caplog.at_level(logging.WARNING, logger="sifa.replica"),
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(FIGURES)
    assert response.status_code == 200
    assert lectures(response.json()) == 3  # the primary's figures
    assert not touches(replica.captured_queries, "core_activity")
    assert "behind the primary" in caplog.text and "reading from the primary" in caplog.text

    # replay resumed and caught up: reads go back to the standby
    scalar(REPLICA, "SELECT pg_wal_replay_resume()::text")
    wait_for_standby()
    caplog.clear()
    with (
        caplog.at_level(logging.WARNING, logger="sifa.replica"),
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        assert lectures(client.get(FIGURES).json()) == 3
    assert touches(replica.captured_queries, "core_activity")
    assert "usable again" in caplog.text


def test_a_standby_that_is_down_is_left_out_with_a_warning(
    standby, two_lectures, bureau_leader, client, caplog
):
    client.force_login(bureau_leader)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    conn = connections[REPLICA]
    conn.close()
    port = conn.settings_dict["PORT"]
    conn.settings_dict["PORT"] = dead_port
    try:
        with caplog.at_level(logging.WARNING, logger="sifa.replica"):
            for url in (FIGURES, "/reports/numbers/?year=2022"):
                assert client.get(url).status_code == 200, url
            assert lectures(client.get(FIGURES).json()) == 2
        assert "unreachable" in caplog.text and "reading from the primary" in caplog.text
    finally:
        conn.close()
        conn.settings_dict["PORT"] = port
