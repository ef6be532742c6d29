"""Server time and queries of every page on the demo county: `python bench/pages_bench.py`.

Builds the demo county into a fresh SQLite database (or uses $SIFA_HOME's if it has one),
then requests each page as every business role of the demo (the bureau head, each section's
clerk, a township office, the city's viewer) through Django's test client (server time only:
no network, no browser) and prints the median of 5 requests after a warm-up, the number of SQL
queries, the slowest pages and every page over the goal. Goal: every page ≤ 300 ms.

The pages: the workbench's (home, dashboard, report centre, drill-downs, import), and of every
record type the user may see its workspace list, create form, and the record page, edit form
and step pages of its newest record.
"""

import logging
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("SIFA_HOME", tempfile.mkdtemp(prefix="sifa-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifa.settings.base")
os.environ.setdefault("SIFA_ALLOWED_HOSTS", "testserver")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

WORKBENCH = [
    "/",
    "/dashboard/?year=2022",
    "/reports/?year=2022",
    "/reports/preview/?year=2022",
    "/reports/figures/mediation.cases/?year=2022",
    "/reports/figures/legalaid.cases/?year=2022",
    "/reports/year-over-year/?year=2022",
    "/data/import/",
]


GOAL_MS = 300
ACCOUNTS = ("juzhang", "fazhi", "jiaozheng", "gongfu", "zhenggong", "shangji", "sfs_baishi")


def record_pages(user):
    """The workspace's record page, edit form and step pages of the newest record of each type
    the user may see (tests/pages/test_query_counts.py bounds the same pages' queries)."""
    import importlib

    return importlib.import_module("tests.pages.test_query_counts").workspace_urls(user)


def measure(client, url, runs=5):
    """(status, median wall ms, median CPU ms, queries). SQLite runs in this process, so the
    CPU time is the page's whole server work, and it hardly moves with the machine's load."""
    client.get(url)
    times, cpu = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return (
        response.status_code,
        statistics.median(times) * 1000,
        statistics.median(cpu) * 1000,
        len(ctx.captured_queries),
    )


def main() -> None:
    from sifa.accounts.models import User
    from sifa.core import demo

    # Pages a role may not open (403) are left out of the figures; their warnings are noise.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    if demo.existing() is None:
        demo.build()
    results = []
    for username in ACCOUNTS:
        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        for url in WORKBENCH + record_pages(user):
            status, ms, cpu_ms, queries = measure(client, url)
            if status == 200:
                results.append((ms, cpu_ms, queries, username, url))
    print(f"{'ms':>7} {'cpu ms':>7} {'queries':>7}  account      page")
    for ms, cpu_ms, queries, username, url in sorted(results, reverse=True)[:15]:
        print(f"{ms:7.1f} {cpu_ms:7.1f} {queries:7d}  {username:<12} {url}")
    over = [r for r in results if r[0] > GOAL_MS]
    for ms, cpu_ms, _queries, username, url in over:
        print(f"over {GOAL_MS} ms: {ms:.1f} ms ({cpu_ms:.1f} ms CPU) {username} {url}")
    times = [r[0] for r in results]
    cpu = [r[1] for r in results]
    print(
        f"{len(results)} pages of {len(ACCOUNTS)} accounts: median "
        f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms (goal ≤ {GOAL_MS} ms: "
        f"{'met' if not over else f'{len(over)} over'}); CPU median "
        f"{statistics.median(cpu):.1f} ms, max {max(cpu):.1f} ms; max queries "
        f"{max(r[2] for r in results)}; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
