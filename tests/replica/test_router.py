"""The read-replica rule (sifa.core.dbrouter) decided without a replica: which reads may leave the
primary, what pins a request and a browser to it, and the fallback when the replica is down.
The same rule against a real primary and hot standby: test_standby.py."""

from __future__ import annotations

import logging
import time

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from sifa.core import dbrouter
from sifa.core.dbrouter import COOKIE, REPLICA, ReplicaMiddleware, ReplicaRouter, replica_reads
from sifa.core.models import Activity, Region

router = ReplicaRouter()


@pytest.fixture
def replica_up(monkeypatch):
    """The replica answers and is not behind (no real replica needed for the rule)."""
    monkeypatch.setattr(dbrouter, "configured", lambda: True)
    monkeypatch.setattr(dbrouter, "probe", lambda: (True, ""))
    dbrouter.reset_health()
    yield
    dbrouter.reset_health()


def test_reads_stay_on_the_primary_outside_a_replica_safe_read(replica_up):
    assert router.db_for_read(Activity) == "default"


def test_replica_safe_reads_go_to_the_replica_until_the_request_writes(replica_up):
    from django.contrib.sessions.models import Session

    from sifa.api.models import TokenUse

    with replica_reads():
        assert router.db_for_read(Activity) == REPLICA
        assert router.db_for_read(Region) == REPLICA
        # the login, the session and the tokens are always the primary's
        assert router.db_for_read(Session) == "default"
        # a token's last use is written on every API call: it pins nothing
        assert router.db_for_write(TokenUse) == "default"
        assert router.db_for_read(Activity) == REPLICA
        # a business write: the rest of the request reads what it wrote
        assert router.db_for_write(Activity) == "default"
        assert router.db_for_read(Activity) == "default"
        assert router.db_for_read(Region) == "default"
    assert router.db_for_read(Activity) == "default"


@pytest.mark.django_db
def test_inside_a_transaction_every_read_is_the_primarys(replica_up):
    from django.db import transaction

    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Activity) == "default"


def test_a_replica_that_is_down_is_left_out_with_a_warning(monkeypatch, caplog):
    probes = []

    def down():
        probes.append(1)
        return False, "unreachable (connection refused)"

    monkeypatch.setattr(dbrouter, "configured", lambda: True)
    monkeypatch.setattr(dbrouter, "probe", down)
    dbrouter.reset_health()
    try:
        with caplog.at_level(logging.WARNING, logger="sifa.replica"), replica_reads():
            assert router.db_for_read(Activity) == "default"
        assert "unreachable" in caplog.text and "reading from the primary" in caplog.text
        with replica_reads():  # within SIFA_REPLICA_CHECK_SECONDS: not probed again
            assert router.db_for_read(Activity) == "default"
        assert len(probes) == 1
        # back: the next probe lets reads go to it again, and says so
        dbrouter._health.until = 0.0
        monkeypatch.setattr(dbrouter, "probe", lambda: (True, ""))
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="sifa.replica"), replica_reads():
            assert router.db_for_read(Activity) == REPLICA
        assert "usable again" in caplog.text
    finally:
        dbrouter.reset_health()


def test_the_replica_never_migrates_and_rows_of_both_relate():
    assert router.allow_migrate(REPLICA, "core") is False
    assert router.allow_migrate("default", "core") is None
    a, b = Activity(), Region()
    a._state.db, b._state.db = "default", REPLICA
    assert router.allow_relation(a, b) is True


# --- the middleware: replica-safe views, the browser pinned after it wrote ------------------


def _request(method: str, view_name: str, cookie: str | None = None):
    factory = RequestFactory()
    request = factory.generic(method, "/x/")
    if cookie is not None:
        request.COOKIES[COOKIE] = cookie
    request.resolver_match = type("Match", (), {"view_name": view_name})()
    return request


def _serve(request, view):
    seen = {}

    def inner(req):
        ReplicaMiddleware(lambda r: r).process_view(req, view, (), {})
        seen["response"] = view(req)
        return seen["response"]

    return ReplicaMiddleware(inner)(request)


def reader(reads):
    def view(request):
        reads.append(router.db_for_read(Activity))
        return HttpResponse("ok")

    return view


def writer(request):
    router.db_for_write(Activity)
    return HttpResponse("ok")


def test_a_figures_get_reads_from_the_replica_a_post_or_another_page_does_not(replica_up):
    reads: list[str] = []
    _serve(_request("GET", "reports:figures"), reader(reads))
    _serve(_request("GET", "workspace:mediation_mediationcase_export"), reader(reads))
    _serve(_request("POST", "reports:figures"), reader(reads))
    _serve(_request("GET", "workspace:mediation_mediationcase_list"), reader(reads))
    _serve(_request("GET", "reports:issue"), reader(reads))
    assert reads == [REPLICA, REPLICA, "default", "default", "default"]


def test_a_browser_that_wrote_reads_from_the_primary_for_a_few_seconds(replica_up, settings):
    settings.SIFA_REPLICA_PIN_SECONDS = 10
    response = _serve(_request("POST", "workspace:mediation_mediationcase_create"), writer)
    cookie = response.cookies[COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    until = int(cookie.value)
    assert time.time() < until <= time.time() + 10

    reads: list[str] = []
    _serve(_request("GET", "reports:figures", cookie=cookie.value), reader(reads))
    # an expired marker, or one claiming hours ahead, does not pin
    _serve(_request("GET", "reports:figures", cookie=str(int(time.time()) - 1)), reader(reads))
    _serve(_request("GET", "reports:figures", cookie=str(int(time.time()) + 3600)), reader(reads))
    _serve(_request("GET", "reports:figures", cookie="garbage"), reader(reads))
    assert reads == ["default", REPLICA, REPLICA, REPLICA]


def test_a_request_that_only_read_sets_no_cookie(replica_up):
    response = _serve(_request("GET", "reports:figures"), reader([]))
    assert COOKIE not in response.cookies


def test_a_replica_failing_mid_request_is_served_again_from_the_primary(monkeypatch, caplog):
    monkeypatch.setattr(dbrouter, "configured", lambda: True)
    monkeypatch.setattr(dbrouter, "probe", lambda: (True, ""))
    dbrouter.reset_health()
    calls: list[str] = []

    def view(request):
        db = router.db_for_read(Activity)
        calls.append(db)
        if db == REPLICA:
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse("from the primary")

    request = _request("GET", "reports:figures")
    middleware = ReplicaMiddleware(lambda r: r)

    def inner(req):
        middleware.process_view(req, view, (), {})
        try:
            return view(req)
        except OperationalError as exc:
            monkeypatch.setattr(dbrouter, "probe", lambda: (False, "unreachable (refused)"))
            answer = middleware.process_exception(req, exc)
            assert answer is not None
            return answer

    try:
        with caplog.at_level(logging.WARNING, logger="sifa.replica"):
            response = ReplicaMiddleware(inner)(request)
        assert calls == [REPLICA, "default"]
        assert response.content == b"from the primary"
        assert "reading from the primary" in caplog.text
        assert dbrouter.replica_usable() is False  # left out until the next probe
    finally:
        dbrouter.reset_health()


def _view_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _view_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def test_every_replica_view_names_a_routed_url():
    """A renamed URL must not silently fall off the replica (or a pattern match nothing)."""
    import fnmatch

    names = set(_view_names())
    for pattern in dbrouter.REPLICA_VIEWS:
        assert fnmatch.filter(names, pattern), pattern
    # figures, reports, dashboards, exports and returns; never a page that writes
    for name in ("reports:figures", "workbench:dashboard", "api-figures", "returns:detail"):
        assert dbrouter.is_replica_view(name)
    for name in ("reports:issue", "returns:submit", "returns:lock", "dataio:import", "home"):
        assert not dbrouter.is_replica_view(name)
