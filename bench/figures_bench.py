"""Benchmark of the figure engine and the Word report on the demo county (SQLite).

    python bench/figures_bench.py [--scale 10] [--runs 5]

Builds the demo county in a fresh temporary SQLite database, then prints:
- all figures for 2022 (county): median time and number of SQL queries (goal ≤ 200 ms, ≤ 25);
- the Word report (data + rendering): median time (goal ≤ 1 s);
- a few Activity figures by the engine against one hand-written SQL statement (goal ≤ 1.5);
- the same after copying every business table's rows until the records are ×scale.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


CLOCK = time.perf_counter  # --cpu: process CPU time (SQLite runs in-process) on a busy host


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = CLOCK()
        fn()
        times.append(CLOCK() - t)
    return statistics.median(times)


HAND_CODES = (
    "rulelaw_inspection",
    "lecture",
    "training",
    "publicity_event",
    "party_day",
    "rotation_class",
    "party_lesson",
    "study_session",
)


_TYPE_IDS: dict[str, int] = {}


def hand_sql(start, end, region=None):
    """The tightest hand-written statement for the same figures: period and scope once in WHERE
    (so the (region, date) index narrows the scan), COUNT(*) FILTER on literal type ids (the
    catalogue looked up once, as a person writing the SQL would), no join."""
    from django.db import connection

    if not _TYPE_IDS:
        from sifa.core.models import ActivityType

        _TYPE_IDS.update(ActivityType.objects.values_list("code", "pk"))
    cols = ", ".join(
        f"COUNT(*) FILTER (WHERE type_id = {int(_TYPE_IDS[code])})" for code in HAND_CODES
    )
    where, params = "deleted_at IS NULL AND date >= %s AND date <= %s", [start, end]
    if region is not None:
        where += " AND region_id >= %s AND region_id <= %s"
        params += [region.prefix.ljust(12, "0"), region.prefix.ljust(12, "9")]
    with connection.cursor() as cur:
        cur.execute(f"SELECT {cols} FROM core_activity WHERE {where}", params)
        return cur.fetchone()


def hand_registry():
    """The same figures as Indicator declarations (run through the engine)."""
    from django.db.models import Q

    from sifa.core.indicators import Indicator, Registry

    reg = Registry()
    for code in HAND_CODES:
        reg[f"bench.{code}"] = Indicator(
            id=f"bench.{code}",
            label=code,
            kind="count",
            model="core.Activity",
            date_field="date",
            where=Q(type__code=code),
        )
    return reg


def scale_records(factor: int) -> list[str]:
    """Copy the rows of every table an indicator reads until there are ×factor of them."""
    from django.db import IntegrityError, connection, transaction

    from sifa.core.indicators import registry

    scaled = []
    models = {ind.model_class for ind in registry().values() if ind.kind != "rate"}
    for model in sorted(models, key=lambda m: m._meta.db_table):
        if model._meta.app_label == "core" and model.__name__ in ("Region", "Unit"):
            continue  # the county's geography does not grow with the records
        table = model._meta.db_table
        cols = [f.column for f in model._meta.concrete_fields if not f.primary_key]
        collist = ", ".join(f'"{c}"' for c in cols)
        try:
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(f'SELECT {collist} FROM "{table}"')
                rows = cur.fetchall()
                for _ in range(factor - 1):
                    cur.executemany(
                        f'INSERT INTO "{table}" ({collist}) VALUES ({", ".join(["%s"] * len(cols))})',
                        rows,
                    )
            scaled.append(table)
        except IntegrityError:
            pass  # unique numbers: left at ×1
    return scaled


def measure(runs: int, label: str) -> dict:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sifa.core.models import Activity
    from sifa.reports import engine, render, services

    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    engine.compute_values(start, end, None)  # warm up
    with CaptureQueriesContext(connection) as ctx:
        engine.compute_values(start, end, None)
    t_all = median_time(lambda: engine.compute_values(start, end, None), runs)

    def word():
        data = services.report_data(start, end, None)
        render.render_docx(
            data, services.edition(start, end, None, links=True, base="http://localhost:8000")
        )

    word()  # warm up (template parsing, imports)
    t_word = median_time(word, max(1, runs // 2))
    reg = hand_registry()
    t_engine_few = median_time(lambda: engine.compute_values(start, end, None, reg), runs)
    t_hand = median_time(lambda: hand_sql(start, end), runs)
    assert list(engine.compute_values(start, end, None, reg).values()) == [
        int(v or 0) for v in hand_sql(start, end)
    ]
    out = {
        "label": label,
        "activities": Activity.objects.count(),
        "figures_ms": t_all * 1000,
        "queries": len(ctx.captured_queries),
        "word_ms": t_word * 1000,
        "engine_few_ms": t_engine_few * 1000,
        "hand_sql_ms": t_hand * 1000,
        "ratio": t_engine_few / t_hand if t_hand else float("nan"),
    }
    print(f"[{label}] activity records: {out['activities']}")
    print(
        f"  all figures, county 2022: {out['figures_ms']:.1f} ms, {out['queries']} queries"
        f"  (goal ≤ 200 ms, ≤ 25 queries)"
    )
    print(f"  Word report: {out['word_ms']:.1f} ms  (goal ≤ 1000 ms)")
    print(
        f"  {len(HAND_CODES)} Activity figures: engine {out['engine_few_ms']:.1f} ms, "
        f"hand-written SQL {out['hand_sql_ms']:.1f} ms, ratio {out['ratio']:.2f} (goal ≤ 1.5)"
    )
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="measure process CPU time instead of wall time (shared machines)",
    )
    args = parser.parse_args(argv)
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    print(
        f"clock: {'process CPU time' if args.cpu else 'wall time'}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    setup()
    base = measure(args.runs, "demo county ×1")
    if args.scale > 1:
        tables = scale_records(args.scale)
        print(f"scaled ×{args.scale}: {len(tables)} tables")
        big = measure(args.runs, f"demo county ×{args.scale}")
        print(
            f"  growth of all-figures time: ×{big['figures_ms'] / base['figures_ms']:.2f} "
            f"for ×{big['activities'] / base['activities']:.1f} activity records"
        )


if __name__ == "__main__":
    main()
