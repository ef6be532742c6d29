"""Import speed: a workbook of mediation cases, validated and written all-or-nothing.

    python bench/import_bench.py [ROWS]      # default 100000; SIFA_DATABASE_URL picks the database

Builds the demo county into a fresh database, writes a workbook of ROWS mediation cases, each
with its two parties on the 当事人 sheet (人民调解法: a case needs two; 3 × ROWS rows in all),
with openpyxl, then prints: the bare parse time of the file (calamine, the reader the importer uses: the
floor), the validate-only time (dry run), the full import time, cases/s (each case with its parties), and peak memory. Each
import runs in a fresh process that only reads the file and imports it, so its peak resident
set (ru_maxrss) is the import's own, Python objects and the Rust reader's buffers alike.

On PostgreSQL it then prints the database's own floor: the rows the import wrote (cases, their
parties, their timeline events, the batch's row list and history entry) are read back as COPY text and replayed, under new keys,
into the same tables in one transaction with every constraint checked, then rolled back. No
Python runs per row, so that time is what the server alone needs for the rows; an import cannot
be faster than it on this machine.
"""

import datetime as dt
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("SIFA_HOME", tempfile.mkdtemp(prefix="sifa-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifa.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402

BENCH_SUMMARY = "导入基准测试：相邻通行纠纷"
# Issue 16's goal for the 100,000-case mediation file on PostgreSQL.
GOAL_ROWS_PER_S = 10_000
GOAL_PEAK_MB = 500


def forget_previous_runs() -> None:
    """Remove the cases an earlier run imported, so every run measures new rows."""
    from sifa.mediation.models import MediationCase

    MediationCase.all_objects.filter(summary=BENCH_SUMMARY).delete()


def workbook(rows: int) -> bytes:
    from sifa.dataio.schema import SheetSpec
    from sifa.mediation.models import CaseParty, CaseStatus, MediationCase, MediationCommittee

    spec = SheetSpec(MediationCase)
    committees = list(
        MediationCommittee.objects.select_related("region").prefetch_related("members")
    )
    rng = random.Random(7)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(spec.title)
    ws.append(spec.headers)
    index = {c.name: i for i, c in enumerate(spec.columns)}
    status_label = dict(CaseStatus.choices)[CaseStatus.ACCEPTED]
    for n in range(rows):
        committee = committees[n % len(committees)]
        row = [None] * len(spec.columns)
        row[index["region"]] = committee.region.code
        row[index["case_number"]] = f"调字〔2023〕第{n + 1}号"
        row[index["committee"]] = str(committee)
        row[index["received_on"]] = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        row[index["dispute_type"]] = "邻里纠纷"
        row[index["summary"]] = BENCH_SUMMARY
        row[index["amount_yuan"]] = rng.randint(0, 50000)
        row[index["status"]] = status_label
        ws.append(row)
    # 人民调解法: a dispute has at least two parties; the import refuses a case without them.
    party_spec = SheetSpec(CaseParty)
    party_ws = wb.create_sheet(party_spec.title)
    party_ws.append(party_spec.headers)
    pindex = {c.name: i for i, c in enumerate(party_spec.columns)}
    for n in range(rows):
        for surname in ("张", "李"):
            party = [None] * len(party_spec.columns)
            party[pindex["case"]] = f"调字〔2023〕第{n + 1}号"
            party[pindex["name"]] = f"{surname}{n + 1}"
            party[pindex["kind"]] = "自然人"
            party_ws.append(party)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def measure(mode: str, path: str) -> None:
    """One timed import in this (fresh) process: time without tracing, then peak RSS."""
    from sifa.dataio.importer import import_workbook

    data = open(path, "rb").read()
    rows = int(path.rsplit("-", 1)[1].split(".")[0])
    start = time.perf_counter()
    result = import_workbook(data, user=None, filename="bench.xlsx", dry_run=mode == "dry")
    took = time.perf_counter() - start
    assert result.ok, result.problems[:5]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    label = "validate (dry run)" if mode == "dry" else "import (validate+write)"
    # Each case comes with its two parties: 3 validated rows per case.
    print(
        f"{label:<23} {took:7.2f} s  {rows / took:9.0f} cases/s  {3 * rows / took:9.0f} rows/s "
        f"(goal >= {GOAL_ROWS_PER_S})  peak memory {rss:5.0f} MB (goal <= {GOAL_PEAK_MB})"
    )


def database_floor(rows: int) -> None:
    """Replay the rows the import wrote, as pre-rendered COPY text, and time the server."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import Q

    from sifa.core.models import CaseEvent
    from sifa.dataio.models import ImportBatch, ImportedRow
    from sifa.mediation.models import CaseParty, MediationCase

    ids = MediationCase.all_objects.filter(summary=BENCH_SUMMARY).values("id")
    ct = ContentType.objects.get_for_model(MediationCase)
    batch = ImportBatch.objects.latest("created_at")
    batch_ct = ContentType.objects.get_for_model(ImportBatch)
    # Everything the import wrote: the cases, their parties, their timeline events, the batch's
    # row list (each new record's values as imported: their creation history) and its entry.
    tables = [
        (MediationCase, MediationCase.all_objects.filter(summary=BENCH_SUMMARY)),
        (CaseParty, CaseParty.objects.filter(case_id__in=ids)),
        (CaseEvent, CaseEvent.objects.filter(content_type=ct, object_id__in=ids)),
        (ImportedRow, ImportedRow.objects.filter(batch=batch)),
        (
            LogEntry,
            LogEntry.objects.filter(
                Q(content_type=ct, object_id__in=ids) | Q(content_type=batch_ct, object_id=batch.pk)
            ),
        ),
    ]
    dumps, total = [], 0
    with connection.cursor() as cur:
        raw = cur.cursor
        for model, rows_qs in tables:
            fields = model._meta.concrete_fields
            cur.execute(f"SELECT max(id) FROM {model._meta.db_table}")
            (shift,) = cur.fetchone()
            columns = [connection.ops.quote_name(f.column) for f in fields]
            # New keys, and a case number no imported case holds (it is unique per line).
            picked = [
                f"{c} + {shift}"
                if f.primary_key
                else f"{c} || '-floor'"
                if f.name == "case_number"
                else c
                for f, c in zip(fields, columns, strict=True)
            ]
            inner, params = rows_qs.values("id").query.sql_with_params()
            select = f"SELECT {', '.join(picked)} FROM {model._meta.db_table} WHERE id IN ({inner})"
            select = raw.mogrify(select, params)
            data = bytearray()
            with raw.copy(f"COPY ({select}) TO STDOUT") as copy:
                for block in copy:
                    data += block
            dumps.append((model, ", ".join(columns), bytes(data)))
            total += data.count(b"\n")
    connection.close()
    with connection.cursor() as cur:
        raw = cur.cursor
        start = time.perf_counter()
        raw.execute("BEGIN")
        raw.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign keys checked inside the timing
        for model, columns, data in dumps:
            with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
                copy.write(data)
        took = time.perf_counter() - start
        raw.execute("ROLLBACK")
    print(
        f"database floor          {took:7.2f} s  {rows / took:9.0f} cases/s  {total / took:9.0f} rows/s "
        f"({total} rows in {len(dumps)} tables replayed by COPY, no Python per row)"
    )


def main() -> None:
    from sifa.core import demo

    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[3])
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    if demo.existing() is None:
        demo.build()
    forget_previous_runs()
    data = workbook(rows)
    path = os.path.join(os.environ["SIFA_HOME"], f"bench-{rows}.xlsx")
    with open(path, "wb") as fh:
        fh.write(data)
    print(f"rows {rows}, file {len(data) / 1e6:.1f} MB, database {django.db.connection.vendor}")

    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    values = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    parse = time.perf_counter() - start
    assert len(values) == rows + 1
    del values, book
    print(f"bare parse (floor)      {parse:7.2f} s  {rows / parse:9.0f} rows/s  (calamine)")
    django.db.connection.close()
    for mode in ("dry", "write"):
        subprocess.run([sys.executable, __file__, "--measure", mode, path], check=True)
    if django.db.connection.vendor == "postgresql":
        database_floor(rows)


if __name__ == "__main__":
    main()
