"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Playwright cannot download browsers here, so it launches /usr/bin/chromium (installed by
.ci/run). Screenshots of every scenario go to $TEST_OUTPUT (default ./test-output/).

Two things keep these tests deterministic on a busy machine:

- The browser reports prefers-reduced-motion, so the dashboard's charts do not animate and a
  point is drawn where ECharts says it is from the first frame.
- The live server handles one request at a time. On SQLite the test database lives in memory
  and Django hands the server's threads the test's own connection; two requests at once (the
  browser fetches a page's resources in parallel) interleave their transactions on it ("cannot
  start a transaction within a transaction"). A test that reads the database while the browser
  may still be talking to the server holds `live_server.db_lock` around the read.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("SIFA_CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(os.environ.get("TEST_OUTPUT", "test-output")) / "browser"
# Generous for a loaded 2-core CI machine: a timeout only decides how long a real failure
# takes to report, never whether a good run passes.
TIMEOUT_MS = 60_000

expect.set_options(timeout=TIMEOUT_MS)

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneAtATime:
    """WSGI wrapper: holds `lock` from the call until the server closes the response, so that
    request_finished (and a streamed body) also run under it."""

    def __init__(self, app, lock):
        self.app = app
        self.lock = lock

    def __call__(self, environ, start_response):
        self.lock.acquire()
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return _Releasing(result, self.lock)


class _Releasing:
    def __init__(self, result, lock):
        self.result = result
        self.lock = lock
        self.released = False

    def __iter__(self):
        return iter(self.result)

    def __len__(self):  # lets wsgiref set Content-Length for a one-block body, as before
        return len(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            if not self.released:
                self.released = True
                self.lock.release()


def _serial_server_thread(template, lock):
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(ThreadedWSGIServer):
        # Still a thread per connection, so an idle keep-alive socket cannot block the others;
        # only the handling of a request is serialised.
        def set_app(self, application):
            super().set_app(_OneAtATime(application, lock))

    class SerialLiveServerThread(LiveServerThread):
        server_class = SerialWSGIServer

    thread = SerialLiveServerThread(
        template.host,
        template.static_handler,
        connections_override=template.connections_override,
        port=template.port,
    )
    thread.daemon = True
    return thread


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, serving one request at a time (see the module docstring)."""
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.db_lock = threading.Lock()
    server.thread = _serial_server_thread(server.thread, server.db_lock)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            timeout=TIMEOUT_MS,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", reduced_motion="reduce"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{request.node.name}.png"), full_page=True)
    context.close()
    # A request the closed page left in flight must end before the test's database is flushed
    # under it (the flush runs on the same shared connection).
    with live_server.db_lock:
        pass


def login(page, live_server, username, password="pw-test-123"):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
