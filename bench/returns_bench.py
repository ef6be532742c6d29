"""Benchmark of the statistical returns on the demo county (SQLite).

    python bench/returns_bench.py [--runs 5] [--cpu]

Builds the demo county in a fresh temporary SQLite database, then prints, for the county and
the year 2022, every built-in return computed together: median time and SQL queries (goal
≤ 300 ms, bounded queries: about one per return), then each return on its own, and the time
of its .xlsx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_MS = 300


def setup() -> None:
    home = tempfile.mkdtemp(prefix="sifa-bench-")
    os.environ["SIFA_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifa.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    from sifa.core import demo

    demo.build()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="process CPU time, not wall time")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    setup()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sifa.returns import compute, library, xlsx

    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    region = compute.default_region(None)
    specs = list(library.builtin().values())

    def all_returns():
        return [compute.compute(s, start, end, region) for s in specs]

    all_returns()  # warm: imports, the catalogue, the first statements
    times = []
    for _ in range(args.runs):
        t = clock()
        all_returns()
        times.append(clock() - t)
    with CaptureQueriesContext(connection) as ctx:
        tables = all_returns()
    ms = statistics.median(times) * 1000
    load = os.getloadavg()[0]
    print(f"demo county {region.name if region else '全部'}, {start}–{end}, load {load:.1f}")
    print(
        f"every built-in return ({len(specs)}): {ms:.0f} ms (goal ≤ {GOAL_MS} ms), "
        f"{len(ctx.captured_queries)} queries (goal: about one per return)"
    )
    for table in tables:
        spec = table.spec
        with CaptureQueriesContext(connection) as one:
            t = clock()
            compute.compute(spec, start, end, region)
            took = (clock() - t) * 1000
        t = clock()
        xlsx.workbook(table)
        took_x = (clock() - t) * 1000
        cells = len(table.rows) * len(spec.columns)
        failed = sum(not c.holds for c in table.checks)
        print(
            f"  {spec.name:<24}{cells:>5} cells {took:>7.1f} ms {len(one.captured_queries):>3} "
            f"queries  xlsx {took_x:>6.1f} ms  checks {len(table.checks) - failed}/"
            f"{len(table.checks)} hold"
        )
    if ms > GOAL_MS:
        print(f"GOAL MISSED: {ms:.0f} ms > {GOAL_MS} ms")


if __name__ == "__main__":
    main()
