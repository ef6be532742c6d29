"""Reads that may go to a PostgreSQL streaming replica; everything else on the primary.

Switched on by SIFA_REPLICA_URL: the settings then add the `replica` database, this router
and `ReplicaMiddleware`. Without it none of this is installed and every query goes to
`default` (the SQLite pilot, a one-server installation).

The rule, in this one place:

- A read goes to the replica only during a *replica-safe read*: a GET or HEAD request to one
  of `REPLICA_VIEWS` (the figures, the report centre, the dashboard, exports, the returns),
  marked by the middleware from the URL's name, or code inside `replica_reads()`.
- Never inside `transaction.atomic` (an atomic block on the primary's connection).
- Never for the models of `PRIMARY_ONLY` apps (sessions, accounts, API tokens, the audit log
  and its hash chain, two-factor devices, login throttling, import jobs): a login, a session
  and a row read to decide a write must be the primary's.
- Never once the request has written (the rest of the request is pinned to the primary), nor
  for SIFA_REPLICA_PIN_SECONDS after a request of the same browser wrote (the short cookie
  `sifa_primary`), so a clerk sees her own write in the figures she opens next.
- Never while the replica is down or lags more than SIFA_REPLICA_MAX_LAG seconds: a probe
  (at most every SIFA_REPLICA_CHECK_SECONDS per process) decides at the start of each
  replica-safe read; a warning is logged when the replica becomes unusable, and reads go to
  the primary. A replica-safe request whose replica query fails anyway (the replica went away
  between the probe and the query) is served again from the primary.

Every write goes to the primary.
"""

from __future__ import annotations

import fnmatch
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("sifa.replica")

REPLICA = "replica"
COOKIE = "sifa_primary"

# URL names (fnmatch patterns) whose GET/HEAD requests read from the replica: figures and
# reports computed from records, the dashboard, exports and the returns. Stale by at most
# SIFA_REPLICA_MAX_LAG seconds, and never for a browser that has just written.
REPLICA_VIEWS = (
    "reports:centre",
    "reports:preview",
    "reports:download",
    "reports:drilldown",
    "reports:figures",
    "reports:catalogue",
    "reports:yoy",
    "reports:issued",
    "reports:issued_file",
    "workbench:dashboard",
    "api-figures",
    "workspace:*_export",
    "returns:index",
    "returns:catalogue",
    "returns:detail",
    "returns:export",
    "returns:cell",
    "returns:api_list",
    "returns:api_detail",
)

# Apps whose rows are always read on the primary; a write to them does not pin the request
# (nothing of theirs is ever read from the replica).
PRIMARY_ONLY = frozenset(
    {
        "sessions",
        "auth",
        "accounts",
        "contenttypes",
        "admin",
        "axes",
        "otp_totp",
        "otp_static",
        "authtoken",
        "api",
        "auditlog",
        "auditchain",
        "dataio",
    }
)

# in recovery, streaming from the primary, seconds behind. A standby that has replayed all it
# received is not behind; otherwise it is as far behind as its last replayed commit is old
# (conservative on a quiet primary). pg_stat_wal_receiver's status is visible to superusers
# and pg_read_all_stats only: a running receiver whose status is hidden counts as streaming.
PROBE_SQL = """
SELECT pg_is_in_recovery(),
       NOT pg_is_in_recovery() OR EXISTS (
           SELECT 1 FROM pg_stat_wal_receiver WHERE status IS NULL OR status = 'streaming'),
       CASE WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)
       END
"""


@dataclass
class _State:
    replica_ok: bool = False  # a replica-safe read is under way and the replica is usable
    pinned: bool = False  # the primary for the rest: this request or a recent one wrote
    wrote: bool = False  # this request wrote a model whose rows may be read from the replica
    used_replica: bool = False


_state: ContextVar[_State | None] = ContextVar("sifa_replica_state", default=None)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def _primary_only(model: Any) -> bool:
    meta = getattr(model, "_meta", None)
    return meta is not None and meta.app_label in PRIMARY_ONLY


def _in_atomic() -> bool:
    return connections[DEFAULT_DB_ALIAS].in_atomic_block


# --- the replica's health ------------------------------------------------------------------


class _Health:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.until = 0.0  # time.monotonic() up to which `ok` holds
        self.ok = True
        self.reason = ""


_health = _Health()


def reset_health() -> None:
    """Forget the last probe (tests; a replica brought back by hand)."""
    with _health.lock:
        _health.reset()


def probe() -> tuple[bool, str]:
    """(usable, why not) for the replica now, on this thread's replica connection."""
    conn = connections[REPLICA]
    max_lag = _setting("SIFA_REPLICA_MAX_LAG", 5)
    try:
        with conn.cursor() as cursor:
            if conn.vendor == "postgresql":
                cursor.execute(PROBE_SQL)
                _recovering, streaming, lag = cursor.fetchone()
            else:
                cursor.execute("SELECT 1")
                streaming, lag = True, 0
    except DatabaseError as exc:
        try:
            conn.close()
        except DatabaseError:
            pass
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return False, f"unreachable ({first})"
    if not streaming:
        return False, "not streaming from the primary"
    if float(lag) > max_lag:
        return False, f"{float(lag):.1f} s behind the primary (limit {max_lag:g} s)"
    return True, ""


def _record(ok: bool, reason: str) -> None:
    """Keep a probe's result; log a warning when the replica becomes unusable (or why changes)."""
    if not ok and (_health.ok or reason.split(" (")[0] != _health.reason.split(" (")[0]):
        logger.warning("read replica %s: reading from the primary", reason)
    elif ok and not _health.ok:
        logger.warning("read replica usable again: replica-safe reads go to it")
    _health.ok, _health.reason = ok, reason
    _health.until = time.monotonic() + _setting("SIFA_REPLICA_CHECK_SECONDS", 2)


def replica_usable() -> bool:
    """Whether replica-safe reads may go to the replica now (probed at most every
    SIFA_REPLICA_CHECK_SECONDS per process)."""
    if not configured():
        return False
    if time.monotonic() < _health.until:
        return _health.ok
    with _health.lock:
        if time.monotonic() >= _health.until:
            _record(*probe())
        return _health.ok


def mark_replica_down(exc: BaseException) -> None:
    with _health.lock:
        _record(False, f"failed a query ({type(exc).__name__}: {str(exc).strip()[:200]})")


# --- the router ----------------------------------------------------------------------------


class ReplicaRouter:
    """DATABASE_ROUTERS entry (installed with SIFA_REPLICA_URL)."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        state = _state.get()
        if (
            state is not None
            and state.replica_ok
            and not state.pinned
            and not _primary_only(model)
            and not _in_atomic()
        ):
            state.used_replica = True
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        state = _state.get()
        if state is not None and not _primary_only(model):
            state.wrote = state.pinned = True
        return DEFAULT_DB_ALIAS  # explicitly: never the alias a row was read from

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True  # one database, two connections
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


# --- marking reads replica-safe ------------------------------------------------------------


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica when it is usable and nothing was written just before
    (a command, a background job; views are marked by `REPLICA_VIEWS`). Usable as a decorator."""
    state = _state.get()
    token = None
    if state is None:
        state = _State()
        token = _state.set(state)
    before = state.replica_ok
    if not state.pinned and not _in_atomic():
        state.replica_ok = replica_usable()
    try:
        yield
    finally:
        state.replica_ok = before
        if token is not None:
            _state.reset(token)


def replica_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view decorator: its GET and HEAD requests are replica-safe reads."""
    from functools import wraps

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            with replica_reads():
                return view(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapped


def is_replica_view(view_name: str | None) -> bool:
    if not view_name:
        return False
    patterns = getattr(settings, "SIFA_REPLICA_VIEWS", REPLICA_VIEWS)
    return any(fnmatch.fnmatchcase(view_name, p) for p in patterns)


def _pinned_by_cookie(request: HttpRequest) -> bool:
    try:
        until = int(request.COOKIES.get(COOKIE, "0"))
    except ValueError:
        return False
    now = time.time()
    return now < until <= now + _setting("SIFA_REPLICA_PIN_SECONDS", 10) + 1


class ReplicaMiddleware:
    """Per request: the router's state; replica-safe GETs of REPLICA_VIEWS; the cookie that
    keeps a browser on the primary for a few seconds after it wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = _State(pinned=_pinned_by_cookie(request))
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote:
            pin = int(_setting("SIFA_REPLICA_PIN_SECONDS", 10))
            response.set_cookie(
                COOKIE,
                str(int(time.time()) + pin),
                max_age=pin,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args, view_kwargs
    ) -> None:
        state = _state.get()
        if state is None or state.pinned or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is not None and is_replica_view(match.view_name) and not _in_atomic():
            state.replica_ok = replica_usable()
            request._sifa_replica_view = (view_func, view_args, view_kwargs)  # type: ignore[attr-defined]
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The replica failed mid-request (it passed the probe): serve the request again from
        the primary. Nothing was written yet: after a write every read is the primary's."""
        state = _state.get()
        again = getattr(request, "_sifa_replica_view", None)
        if (
            state is None
            or again is None
            or not state.used_replica
            or state.wrote
            or not isinstance(exception, OperationalError | InterfaceError)
        ):
            return None
        ok, _reason = probe()
        if ok:
            return None  # the replica answers: the error was not the replica's
        mark_replica_down(exception)
        state.replica_ok = False
        state.pinned = True
        view_func, view_args, view_kwargs = again
        del request._sifa_replica_view  # type: ignore[attr-defined]
        return view_func(request, *view_args, **view_kwargs)
