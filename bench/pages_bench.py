"""Server time and queries of every page on the demo county: `python bench/pages_bench.py`.

Builds the demo county into a fresh SQLite database (or uses $SIFA_HOME's if it has one),
then requests each page as the bureau head and as a township clerk through Django's test
client (server time only: no network, no browser) and prints the median of 5 requests after a
warm-up, the number of SQL queries, and the slowest pages. Goal: every page ≤ 300 ms.
"""

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


def pages():
    from sifa.core import registry
    from sifa.core.models import Record

    lists = sorted(
        f"/admin/{rt.model._meta.app_label}/{rt.model._meta.model_name}/"
        for rt in registry.record_types()
        if issubclass(rt.model, Record)
    )
    workspace = sorted(
        f"/records/{rt.model._meta.app_label}/{rt.model._meta.model_name}/"
        for rt in registry.record_types()
        if issubclass(rt.model, Record)
    )
    return WORKBENCH + lists + workspace


def record_pages(user):
    """The workspace's record page, edit form and step pages of the newest record of each type
    the user may see (tests/pages/test_query_counts.py bounds the same pages' queries)."""
    import importlib

    return importlib.import_module("tests.pages.test_query_counts").workspace_urls(user)


def measure(client, url, runs=5):
    client.get(url)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
    return response.status_code, statistics.median(times) * 1000, len(ctx.captured_queries)


def main() -> None:
    from sifa.accounts.models import User
    from sifa.core import demo

    call_command("migrate", verbosity=0)
    if demo.existing() is None:
        demo.build()
    results = []
    for username in ("juzhang", "sfs_baishi"):
        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        for url in pages() + record_pages(user):
            status, ms, queries = measure(client, url)
            if status == 200:
                results.append((ms, queries, username, url))
    print(f"{'ms':>7} {'queries':>7}  account      page")
    for ms, queries, username, url in sorted(results, reverse=True)[:15]:
        print(f"{ms:7.1f} {queries:7d}  {username:<12} {url}")
    times = [r[0] for r in results]
    print(
        f"{len(results)} pages: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms, max queries {max(r[1] for r in results)}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
