"""A province in one PostgreSQL database: build it with set-based SQL, then time the figures.

    SIFA_DATABASE_URL=postgres://sifa:sifa@127.0.0.1:5432/sifa_province \\
        python bench/province_bench.py [--counties 100] [--records 10000000] [--runs 5]
        [--reuse] [--measure-only] [--pages-only [--only TEXT]]

Build (skipped with --measure-only; --reuse keeps a province an earlier run built):
1. `migrate` and the demo county (`sifa.core.demo.build()`: three years of every line, with
   their history and timeline rows, the demo's distributions).
2. The region tree of a province: the demo county's townships and villages copied under 99 more
   counties in 10 cities (100 counties, 600 townships, ~11,400 villages), and a county profile each.
3. The records: every business table's rows (records, their child rows and units, their timeline
   rows `core_caseevent` and their history `auditlog_logentry`) copied with one
   `INSERT … SELECT … CROSS JOIN copies` per table, where `copies` lists (county, copy number):
   ids shifted by a per-copy offset (foreign keys between copied tables alike), the region code's
   county digits replaced, unique text numbers suffixed. No Python per row; foreign-key triggers
   are off while copying (the copies point at copied rows by construction), every index is kept.
   Copies per county are chosen so the total reaches `--records`.

Measure (PostgreSQL at its default settings except what Sifa's settings set, JIT off):
- one county-year's figures (the whole registry, ~90 figures): first call of the process (plan
  built) and median of the next; goal ≤ 200 ms;
- the province-year's figures; goal ≤ 2 s;
- both with JIT on (`SET jit = on`) for comparison;
- the engine against the tight hand-written SQL (figures_bench.hand_sql: period and scope in WHERE
  once, COUNT(*) FILTER on literal type ids) for the same Activity figures, county and province;
- every page's server time (Django test client, in-process) for a county's head (局领导), a
  section clerk of every line and a township clerk: home, dashboard, four drill-downs, every
  workspace list and the record page of the newest record of every type; goal ≤ 300 ms.
  `--pages-only` measures only these (`--only TEXT`: the pages whose name contains TEXT).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEMO_COUNTY = "610632"
Y0, Y1 = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


def setup() -> None:
    url = os.environ.get("SIFA_DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "SIFA_DATABASE_URL must name a PostgreSQL database (this bench is for PostgreSQL)."
        )
    os.environ.setdefault("SIFA_HOME", "/tmp/sifa-province-home")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifa.settings.base")
    import django

    django.setup()


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --- build --------------------------------------------------------------------------------


def county_codes(n: int) -> list[str]:
    """The demo county first, then 61<city><county> for cities 01–10, counties 01–10."""
    codes = [DEMO_COUNTY]
    for i in range(n - 1):
        codes.append(f"61{i // 10 + 1:02d}{i % 10 + 1:02d}")
    return codes


def copy_models():
    """Models whose rows a county's records are: Record subclasses and units, and every model
    with a foreign key to one of them (child rows), transitively; with their m2m tables."""
    from django.apps import apps

    from sifa.core.models import Record, Unit

    chosen = {
        m
        for m in apps.get_models()
        if (issubclass(m, Record) or m is Unit) and not m._meta.proxy and m._meta.managed
    }
    skip = {"accounts.User", "core.CaseEvent", "auditlog.LogEntry", "core.Region"}
    grew = True
    while grew:
        grew = False
        for m in apps.get_models(include_auto_created=True):
            if m in chosen or m._meta.label in skip or m._meta.proxy:
                continue
            if any(
                f.is_relation and f.concrete and f.related_model in chosen
                for f in m._meta.concrete_fields
            ):
                chosen.add(m)
                grew = True
    return sorted(chosen, key=lambda m: m._meta.db_table)


def unique_text_columns(model) -> set[str]:
    """Text columns that must differ between copies: in a unique set with no shifted column."""
    from django.db import models

    from sifa.core.models import Region

    sets = [[f.name] for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [list(u) for u in model._meta.unique_together]
    sets += [
        list(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    out = set()
    for names in sets:
        fields = [model._meta.get_field(n) for n in names]
        shifted = [f for f in fields if f.is_relation and f.related_model is not Region]
        if shifted:
            continue
        text = [f for f in fields if isinstance(f, models.CharField) and not f.is_relation]
        if text:
            out.add(text[0].column)
    return out


def column_exprs(model, copied: set) -> tuple[list[str], list[str]]:
    from sifa.core.models import Region

    cols, exprs = [], []
    text_unique = unique_text_columns(model)
    for f in model._meta.concrete_fields:
        c = f'"{f.column}"'
        cols.append(c)
        if f.primary_key and not f.is_relation:
            exprs.append(f"s.{c} + c.k * c.off")
        elif f.is_relation and f.related_model is Region:
            exprs.append(f"c.prefix || substr(s.{c}, 7)")
        elif f.is_relation and f.related_model in copied:
            exprs.append(f"s.{c} + c.k * c.off")
        elif f.column in text_unique:
            n = f.max_length or 100
            exprs.append(f"left(s.{c}, {n} - length('-' || c.k)) || '-' || c.k")
        else:
            exprs.append(f"s.{c}")
    return cols, exprs


def build_province(n_counties: int, records: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from sifa.core import demo
    from sifa.core.models import Region

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=DEMO_COUNTY + "000000").exists():
        log("building the demo county …")
        demo.build()
        log(f"demo county built in {time.perf_counter() - t0:.0f} s")
    codes = county_codes(n_counties)
    models = copy_models()
    copied = set(models)
    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM auditlog_logentry")
        off_base = max(cur.fetchone()[0] or 0, 1)
        for m in models:
            cur.execute(f'SELECT max("{m._meta.pk.column}") FROM "{m._meta.db_table}"')
            off_base = max(off_base, cur.fetchone()[0] or 0)
        cur.execute("SELECT max(id) FROM core_caseevent")
        off_base = max(off_base, cur.fetchone()[0] or 0)
        base_rows = 0
        for m in models + ["core_caseevent", "auditlog_logentry"]:
            table = m if isinstance(m, str) else m._meta.db_table
            cur.execute(f'SELECT count(*) FROM "{table}"')
            base_rows += cur.fetchone()[0]
    copies_per_county = max(1, math.ceil(records / base_rows / n_counties))
    off = 10 ** len(str(off_base))
    log(
        f"demo county: {base_rows} rows in {len(models) + 2} tables; {copies_per_county} copies "
        f"per county × {n_counties} counties ≈ {base_rows * copies_per_county * n_counties:,} rows"
    )
    t1 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")  # no FK triggers per row
        build_regions(cur, codes)
        cur.execute("CREATE TEMP TABLE copies (k bigint, prefix text, off bigint) ON COMMIT DROP")
        rows = []
        for ci, code in enumerate(codes):
            for r in range(copies_per_county):
                k = ci * copies_per_county + r
                if k:
                    rows.append((k, code, off))
        cur.executemany("INSERT INTO copies VALUES (%s, %s, %s)", rows)
        maxima = {}
        for m in models:
            table = m._meta.db_table
            cur.execute(f'SELECT max("{m._meta.pk.column}") FROM "{table}"')
            maxima[table] = cur.fetchone()[0]
        for m in models:
            table = m._meta.db_table
            if maxima[table] is None:
                continue
            cols, exprs = column_exprs(m, copied)
            t = time.perf_counter()
            cur.execute(
                f'INSERT INTO "{table}" ({", ".join(cols)}) SELECT {", ".join(exprs)} '
                f'FROM "{table}" s CROSS JOIN copies c WHERE s."{m._meta.pk.column}" <= %s '
                "ON CONFLICT DO NOTHING",
                [maxima[table]],
            )
            log(f"  {table}: {cur.rowcount:,} rows in {time.perf_counter() - t:.1f} s")
        repair_links(cur, models, off, copies_per_county)
        copy_generic(cur, "core_caseevent", "object_id")
        copy_generic(cur, "auditlog_logentry", "object_id", text_pk="object_pk")
        for m in models + ["core_caseevent", "auditlog_logentry"]:
            table = m if isinstance(m, str) else m._meta.db_table
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}")) '
                f"WHERE pg_get_serial_sequence('\"{table}\"', 'id') IS NOT NULL"
            )
    log(f"records copied in {time.perf_counter() - t1:.0f} s; ANALYZE …")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    log(f"province built in {time.perf_counter() - t0:.0f} s")


def repair_links(cur, models, off: int, copies_per_county: int) -> None:
    """Rows a copy could not take (ON CONFLICT: one judicial office per township, so a
    county's second copy of its offices is skipped) leave the copy's links to them dangling:
    point those at the county's first copy of the same row (id = original + k·off, the first
    copy of the county that copy k belongs to is k rounded down to copies_per_county)."""
    step = copies_per_county * off
    for m in models:
        for f in m._meta.concrete_fields:
            if not (f.is_relation and f.related_model in models):
                continue
            target = f.related_model._meta
            col = f'"{f.column}"'
            t = time.perf_counter()
            cur.execute(
                f'UPDATE "{m._meta.db_table}" x SET {col} = '
                f"x.{col} % {off} + (x.{col} / {off}) / {copies_per_county} * {step} "
                f"WHERE x.{col} >= {off} AND NOT EXISTS (SELECT 1 FROM "
                f'"{target.db_table}" t WHERE t."{target.pk.column}" = x.{col})'
            )
            if cur.rowcount:
                log(
                    f"  {m._meta.db_table}.{f.column}: {cur.rowcount:,} links to a skipped "
                    f"copy repaired in {time.perf_counter() - t:.1f} s"
                )


def copy_generic(cur, table: str, id_column: str, text_pk: str = "") -> None:
    """Timeline and history rows: the copied records' rows, pointing at the copies."""
    cur.execute(f'SELECT max(id) FROM "{table}"')
    top = cur.fetchone()[0]
    if top is None:
        return
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    cols = [r[0] for r in cur.fetchall()]
    exprs = []
    for c in cols:
        if c == "id":
            exprs.append("s.id + c.k * c.off * 10")
        elif c == id_column:
            exprs.append(f"s.{c} + c.k * c.off")
        elif c == text_pk:
            exprs.append(
                f"CASE WHEN s.{c} ~ '^[0-9]+$' THEN (s.{c}::bigint + c.k * c.off)::text "
                f"ELSE s.{c} END"
            )
        else:
            exprs.append(f's."{c}"')
    t = time.perf_counter()
    collist = ", ".join(f'"{c}"' for c in cols)
    cur.execute(
        f'INSERT INTO "{table}" ({collist}) SELECT {", ".join(exprs)} FROM "{table}" s '
        "CROSS JOIN copies c WHERE s.id <= %s",
        [top],
    )
    log(f"  {table}: {cur.rowcount:,} rows in {time.perf_counter() - t:.1f} s")


def build_regions(cur, codes: list[str]) -> None:
    """Cities, the copied counties' subtrees, and a county profile each (set-based)."""
    cities = sorted({c[:4] for c in codes[1:]})
    cur.execute(
        "INSERT INTO core_region (code, name, level, parent_id, sort) "
        "SELECT x || '00000000', '第' || substr(x, 3, 2) || '市', 2, '610000000000', 0 "
        "FROM unnest(%s::text[]) x ON CONFLICT DO NOTHING",
        [cities],
    )
    cur.execute(
        "CREATE TEMP TABLE counties (prefix text, n int) ON COMMIT DROP; "
        "INSERT INTO counties SELECT x, i FROM unnest(%s::text[]) WITH ORDINALITY AS t(x, i)",
        [codes[1:]],
    )
    cur.execute(
        "INSERT INTO core_region (code, name, level, parent_id, sort) "
        "SELECT c.prefix || substr(r.code, 7), "
        "CASE WHEN r.level = 3 THEN '第' || c.n || '县' ELSE r.name END, r.level, "
        "CASE WHEN r.level = 3 THEN substr(c.prefix, 1, 4) || '00000000' "
        "ELSE c.prefix || substr(r.parent_id, 7) END, r.sort "
        "FROM core_region r CROSS JOIN counties c WHERE r.code LIKE %s ORDER BY r.level "
        "ON CONFLICT DO NOTHING",
        [DEMO_COUNTY + "%"],
    )
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'core_countyprofile'"
        " AND column_name NOT IN ('id', 'region_id', 'county_name')"
    )
    rest = [r[0] for r in cur.fetchall()]
    collist = ", ".join(f'"{c}"' for c in rest)
    cur.execute(
        f"INSERT INTO core_countyprofile (region_id, county_name, {collist}) "
        f"SELECT c.prefix || '000000', '第' || c.n, {', '.join('p.' + c for c in rest)} "
        "FROM core_countyprofile p CROSS JOIN counties c WHERE p.region_id = %s "
        "ON CONFLICT DO NOTHING",
        [DEMO_COUNTY + "000000"],
    )
    cur.execute("SELECT count(*), count(*) FILTER (WHERE level = 5) FROM core_region")
    total, villages = cur.fetchone()
    log(f"  regions: {total:,} ({villages:,} villages), {len(codes)} counties")


# --- measure ------------------------------------------------------------------------------


def timed(fn, runs: int) -> tuple[float, float]:
    """(first call ms, median of the next `runs` calls ms)."""
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return first, statistics.median(times)


def set_jit(on: bool) -> None:
    from django.db import connection

    from sifa.reports import engine

    with connection.cursor() as cur:
        cur.execute(f"SET jit = {'on' if on else 'off'}")
        # JIT is decided when a statement is planned: drop the engine's prepared statements
        # so that the next call plans (and prepares) them again under the new setting.
        cur.execute("DEALLOCATE ALL")
    engine._prepared_on.pop(connection.connection, None)


def measure(runs: int, county_code: str) -> list[tuple[str, float, str]]:
    from django.db import connection
    from figures_bench import hand_registry, hand_sql

    from sifa.core.models import Activity, Region
    from sifa.reports import engine

    out: list[tuple[str, float, str]] = []
    county = Region.objects.get(code=county_code + "000000")
    province = Region.objects.get(code="610000000000")
    with connection.cursor() as cur:
        cur.execute("SHOW jit")
        log(f"jit for Sifa's connections: {cur.fetchone()[0]}")
    n = Activity.objects.count()
    log(f"activities: {n:,}")

    def report(label, ms, goal):
        out.append((label, ms, goal))
        print(f"  {label:<58} {ms:9.1f} ms   {goal}", flush=True)

    engine.registry().__dict__.pop("_plans", None)
    first, warm = timed(lambda: engine.compute_values(Y0, Y1, county), runs)
    report("county-year, all figures (first call: plan built)", first, "")
    report("county-year, all figures", warm, "goal ≤ 200 ms")
    first, warm = timed(lambda: engine.compute_values(Y0, Y1, province), max(1, runs // 2))
    report("province-year, all figures", warm, "goal ≤ 2000 ms")
    set_jit(True)
    _f, warm = timed(lambda: engine.compute_values(Y0, Y1, county), max(1, runs // 2))
    report("county-year, all figures, JIT on", warm, "(comparison)")
    _f, warm = timed(lambda: engine.compute_values(Y0, Y1, province), 1)
    report("province-year, all figures, JIT on", warm, "(comparison)")
    set_jit(False)
    reg = hand_registry()
    for label, region in (("county", county), ("province", province)):
        assert list(engine.compute_values(Y0, Y1, region, reg).values()) == [
            int(v or 0) for v in hand_sql(Y0, Y1, region)
        ]
        _f, e = timed(lambda r=region: engine.compute_values(Y0, Y1, r, reg), runs)
        _f, h = timed(lambda r=region: hand_sql(Y0, Y1, r), runs)
        report(f"{label}: 8 Activity figures, engine", e, "")
        report(f"{label}: 8 Activity figures, hand SQL", h, f"ratio {e / h:.2f} (goal ≤ 1.5)")
    out.extend(measure_pages(runs, county))
    return out


DRILLDOWNS = ("publicity.lectures", "mediation.cases", "legalaid.cases", "correction.registered")
PAGE_GOAL_MS = 300.0


def page_users(county):
    """The county's head (局领导), a section clerk of every line (业务股室) and a township
    clerk (司法所) of its first township: the bench's own accounts."""
    from sifa.accounts.models import User
    from sifa.core.lines import Line
    from sifa.core.models import Region, RegionLevel

    township = (
        Region.objects.filter(level=RegionLevel.TOWNSHIP, code__startswith=county.code[:6])
        .order_by("code")
        .first()
    )
    users = []
    for role, region, lines in (
        ("leader", county, []),
        ("section", county, list(Line.values)),
        ("office", township, []),
    ):
        user, _ = User.objects.update_or_create(
            username=f"bench_{role}_{county.code[:6]}",
            defaults={"role": role, "region": region, "lines": lines, "display_name": role},
        )
        users.append(user)
    return users


def role_pages(user) -> list[tuple[str, str]]:
    """(name, url) of every page the user opens: home, dashboard, drill-downs, and every
    workspace list and the record page of the newest visible record of each type."""
    from sifa.workspace import links, spec, views

    pages = [("home", "/"), ("dashboard", "/dashboard/?year=2022")]
    pages += [(f"drill-down {f}", f"/reports/figures/{f}/?year=2022") for f in DRILLDOWNS]
    for rt in spec.workspace_types():
        if not views.can_view(user, rt):
            continue
        name = rt.model._meta.label
        pages.append((f"list {name}", links.page_url(rt, "list")))
        obj = rt.visible(user).order_by("-pk").first()
        if obj is not None:
            pages.append((f"record {name}", links.record_url(obj)))
    return pages


def measure_pages(runs: int, county, only: str = "") -> list[tuple[str, float, str]]:
    """Every page of every role's `role_pages`, median of `runs` after a warm-up, with its
    query count; then the slowest pages and every page over the goal."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    out = []
    for user in page_users(county):
        client = Client()
        client.force_login(user)
        for name, url in role_pages(user):
            if only and only not in name:
                continue
            resp = client.get(url)
            if resp.status_code != 200:
                print(f"  {user.role} {name}: HTTP {resp.status_code}", flush=True)
                continue
            statements = []

            def count(execute, sql, params, many, context, seen=statements):
                seen.append(sql)
                return execute(sql, params, many, context)

            # (the test client's request_started signal empties connection.queries)
            with connection.execute_wrapper(count):
                client.get(url)
            _f, ms = timed(lambda u=url, c=client: c.get(u), runs)
            label = f"{user.role}: {name} ({len(statements)} q)"
            out.append((label, ms, f"goal ≤ {PAGE_GOAL_MS:.0f} ms"))
            flag = "" if ms <= PAGE_GOAL_MS else "  OVER"
            print(f"  {label:<64} {ms:8.1f} ms{flag}", flush=True)
    if out:
        print("\nslowest pages:")
        for label, ms, _goal in sorted(out, key=lambda r: -r[1])[:10]:
            print(f"  {label:<64} {ms:8.1f} ms")
        over = [r for r in out if r[1] > PAGE_GOAL_MS]
        print(
            f"{len(out)} pages, max {max(r[1] for r in out):.0f} ms, "
            f"{len(over)} over {PAGE_GOAL_MS:.0f} ms; load average {os.getloadavg()[0]:.1f}"
        )
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measure-only", action="store_true")
    parser.add_argument("--county", default="610501", help="the measured county (6 digits)")
    parser.add_argument(
        "--pages-only", action="store_true", help="measure only the pages (no figures)"
    )
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    args = parser.parse_args(argv)
    setup()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if not args.measure_only:
        build_province(args.counties, args.records)
    county = args.county if args.counties >= 100 else DEMO_COUNTY
    if args.pages_only:
        from sifa.core.models import Region

        measure_pages(args.runs, Region.objects.get(code=county + "000000"), args.only)
    else:
        measure(args.runs, county)


if __name__ == "__main__":
    main()
