"""The audit hash chain.

Every audit row (auditlog's LogEntry: record history, data-access rows, lock releases) gets an
`AuditSeal` in the same transaction: its place `seq` in the chain, the previous link's hash
and sha256(prev_hash + canonical(row)). Single rows are sealed by a post_save receiver; bulk
writes (`sifa.core.audit.bulk_create_with_history` and friends), which send no signals, call
`seal_rows` with the rows they wrote, in order.

Appending takes a lock for the rest of the transaction (PostgreSQL: a transaction-level
advisory lock; SQLite serialises writers itself, and the audit row is written before its seal,
so the transaction already holds the write lock), so two transactions cannot both extend the
same head and fork the chain.

`verify()` walks the chain in order and returns the first broken link: a row changed after it
was sealed, a row deleted, a link removed or re-ordered, or a row that was never sealed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AuditSeal

GENESIS = "0" * 64
LOCK_KEY = 0x51FA_A0D1  # pg_advisory_xact_lock key of the chain's head
BATCH = 5000

# The row as the chain sees it: the stored columns of LogEntry as sealed since the chain began
# (django-auditlog 3.4). Frozen, so that a column a later auditlog adds does not change the
# hash of every row sealed before it; a new column joins the chain only by a migration.
FIELDS = (
    "id",
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "serialized_data",
    "action",
    "changes_text",
    "changes",
    "actor_id",
    "cid",
    "remote_addr",
    "remote_port",
    "timestamp",
    "additional_data",
    "actor_email",
)


def _plain(value):
    """A JSON value in one spelling whatever the database gave back: keys sorted later by
    json.dumps, whole floats as integers (jsonb writes 1e20 back as 100000000000000000000)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal):
        return _plain(float(value)) if value == value.to_integral_value() else str(value)
    return value


def _json(value):
    if value is None:
        return None
    # the value as the database keeps it (DjangoJSONEncoder, as the JSON field and COPY write)
    return _plain(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _address(value):
    if value in (None, ""):
        return None
    try:
        return str(ipaddress.ip_address(str(value).split("/")[0]))
    except ValueError:
        return str(value)


def _time(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: dict) -> bytes:
    """The row's fixed serialisation: ids, content type, object, action, changes (JSON with
    sorted keys), actor, time, address and the rest of the stored columns."""
    data = {}
    for name in FIELDS:
        value = row.get(name)
        if name in ("changes", "additional_data", "serialized_data"):
            value = _json(value)
        elif name == "timestamp":
            value = _time(value)
        elif name == "remote_addr":
            value = _address(value)
        elif name in ("id", "content_type_id", "object_id", "actor_id", "action", "remote_port"):
            value = None if value is None else int(value)
        elif value is not None:
            value = str(value)
        data[name] = value
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link_hash(prev_hash: str, row: dict) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(row)).hexdigest()


def _head() -> tuple[int, str]:
    """Lock the chain's head for this transaction and return (last seq, last hash)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    last = AuditSeal.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS)


def _row_of(entry) -> dict:
    return {name: getattr(entry, name, None) for name in FIELDS}


def seal_rows(rows: Iterable[dict]) -> None:
    """Append rows (dicts of LogEntry attnames, with their ids, in the order written) to the
    chain, in the caller's transaction."""
    from sifa.core import bulk

    rows = list(rows)
    if not rows:
        return
    with transaction.atomic():
        seq, prev = _head()
        seals = []
        for row in rows:
            seq += 1
            digest = link_hash(prev, row)
            seals.append(
                {
                    "seq": seq,
                    "entry_id": row["id"],
                    "entry_time": row["timestamp"],
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        bulk.insert_rows(AuditSeal, seals)


def seal_entries(entries: Iterable[LogEntry]) -> None:
    """Seal saved LogEntry objects (a bulk_create's result), in order."""
    seal_rows(_row_of(e) for e in entries)


def seal_new_rows(ids: list[int], rows: list[dict]) -> None:
    """Seal rows inserted as dicts (core.bulk.insert_rows) once their new ids are known."""
    defaults = {f.attname: f.get_default() for f in LogEntry._meta.concrete_fields}
    seal_rows({**defaults, **row, "id": pk} for pk, row in zip(ids, rows, strict=True))


@receiver(post_save, sender=LogEntry, dispatch_uid="sifa-auditchain-seal")
def _seal_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    # read the row back: what the chain hashes is what the database holds
    with transaction.atomic():
        row = LogEntry.objects.filter(pk=instance.pk).values(*FIELDS).first()
        if row is not None:
            seal_rows([row])


# --- verification --------------------------------------------------------------------------
@dataclass
class Break:
    seq: int
    entry_id: int | None
    time: dt.datetime | None
    reason: str


@dataclass
class Result:
    count: int
    head: str
    broken: Break | None


MSG_CHANGED = "审计记录 #{id} 在封存后被修改"
MSG_DELETED = "审计记录 #{id} 已被删除"
MSG_LINK = "链条第 {seq} 条与前一条衔接不上（封存记录被删除、插入或改动）"
MSG_UNSEALED = "审计记录 #{id} 未纳入哈希链（不是由系统写入，或封存记录被删除）"


def _seals() -> Iterator[list[dict]]:
    last = 0
    while True:
        batch = list(
            AuditSeal.objects.filter(seq__gt=last)
            .order_by("seq")
            .values("seq", "entry_id", "entry_time", "prev_hash", "hash")[:BATCH]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]["seq"]


# Checks of what a sealed row vouches for by digest (an import batch: its row list and the
# values it created its records with): additional_data key -> check(row) -> message or None.
DIGEST_CHECKS: dict = {}


def _digest_broken(row: dict) -> str | None:
    extra = row.get("additional_data")
    if not isinstance(extra, dict):
        return None
    for key, check in DIGEST_CHECKS.items():
        if key in extra:
            message = check(row)
            if message is not None:
                return message
    return None


def verify() -> Result:
    """Walk the chain; the first broken link, if any."""
    prev, expected, count = GENESIS, 1, 0
    for batch in _seals():
        rows = {
            r["id"]: r
            for r in LogEntry.objects.filter(pk__in=[s["entry_id"] for s in batch]).values(*FIELDS)
        }
        for seal in batch:
            row = rows.get(seal["entry_id"])
            time = row["timestamp"] if row else seal["entry_time"]
            if seal["seq"] != expected or seal["prev_hash"] != prev:
                return Result(count, prev, Break(seal["seq"], seal["entry_id"], time, MSG_LINK))
            if row is None:
                return Result(
                    count,
                    prev,
                    Break(seal["seq"], seal["entry_id"], time, MSG_DELETED),
                )
            if link_hash(prev, row) != seal["hash"]:
                return Result(
                    count,
                    prev,
                    Break(seal["seq"], seal["entry_id"], time, MSG_CHANGED),
                )
            reason = _digest_broken(row)
            if reason is not None:
                return Result(count, prev, Break(seal["seq"], seal["entry_id"], time, reason))
            prev, expected, count = seal["hash"], expected + 1, count + 1
    stray = (
        LogEntry.objects.filter(seal__isnull=True).order_by("pk").values("pk", "timestamp").first()
    )
    if stray is not None:
        return Result(count, prev, Break(expected, stray["pk"], stray["timestamp"], MSG_UNSEALED))
    return Result(count, prev, None)
