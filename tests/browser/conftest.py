"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Playwright cannot download browsers here, so it launches /usr/bin/chromium (installed by
.ci/run). Screenshots of every scenario go to $TEST_OUTPUT (default ./test-output/).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SIFA_CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(os.environ.get("TEST_OUTPUT", "test-output")) / "browser"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
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
def page(browser, request):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{request.node.name}.png"), full_page=True)
    context.close()


def login(page, live_server, username, password="pw-test-123"):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
