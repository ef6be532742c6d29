"""Inserting many new rows fast: PostgreSQL's COPY, with the same result as bulk_create.

Django's `bulk_create` prepares every value through the field and, on PostgreSQL, sends each
column as an array parameter; for 100,000 rows that is most of an import's time. `insert`
does what bulk_create does for a plain model (auto_now stamps, related objects saved earlier,
primary keys on the objects) but, on PostgreSQL, draws the primary keys from the table's
sequence first and streams the rows with COPY. On any other database, and for models this
module does not handle (multi-table inheritance, no sequence), it is `bulk_create`.
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

BATCH = 1000


def _supported(model) -> bool:
    return (
        connection.vendor == "postgresql"
        and not model._meta.parents
        and isinstance(model._meta.pk, models.AutoField | models.BigAutoField)
    )


def _reserve_ids(model, n: int) -> list[int] | None:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column]
        )
        (sequence,) = cur.fetchone()
        if sequence is None:
            return None
        cur.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, n])
        return [row[0] for row in cur.fetchall()]


_ENCODER = DjangoJSONEncoder(ensure_ascii=False)


def _json(value):
    if value is None:
        return None
    return _ENCODER.encode(value)


def _copy(model, rows) -> None:
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    jsons = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cur:
        # A queued writer sends the data from a thread while this one builds the next rows,
        # so the server's work (indexes) overlaps with Python's on a second core.
        raw = cur.cursor
        # Django's wrapper turns the driver's errors into django.db ones (IntegrityError…).
        with connection.wrap_database_errors, raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
            _write_rows(copy, rows, jsons)


def _write_rows(copy, rows, jsons) -> None:
    for row in rows:
        for i in jsons:
            row[i] = _json(row[i])
        copy.write_row(row)


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Insert rows given as {attname: value} (missing fields take their defaults); returns
    their new primary keys in order. Nothing is validated: callers have done that."""
    if not rows:
        return []
    if not _supported(model):
        objs = model._default_manager.bulk_create([model(**r) for r in rows], batch_size=BATCH)
        return [o.pk for o in objs]
    ids = _reserve_ids(model, len(rows))
    if ids is None:
        objs = model._default_manager.bulk_create([model(**r) for r in rows], batch_size=BATCH)
        return [o.pk for o in objs]
    fields = model._meta.concrete_fields
    pk_name = model._meta.pk.attname
    now = timezone.now()
    stamped = {
        f.attname: now
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    dynamic = [f for f in fields if f.has_default() and callable(f.default)]
    constant = {f.attname: f.get_default() for f in fields if f not in dynamic}
    constant.update(stamped)
    out = []
    for pk, row in zip(ids, rows, strict=True):
        values = dict(constant)
        for f in dynamic:
            if f.attname not in row:
                values[f.attname] = f.get_default()
        values.update(row)
        values[pk_name] = pk
        out.append([values[f.attname] for f in fields])
    with transaction.atomic():
        _copy(model, out)
    return ids


def _link_related(obj, relations) -> None:
    """What Model._prepare_related_fields_for_save does for concrete links (a model without
    generic ones), without its per-field lookups: refuse an unsaved related object, take the
    key of one saved since it was attached."""
    cache, data = obj._state.fields_cache, obj.__dict__
    for f in relations:
        related = cache.get(f.cache_name)
        if related is None:
            continue
        if related.pk is None:
            raise ValueError(
                f"bulk_create() prohibited to prevent data loss due to unsaved related object "
                f"'{f.name}'."
            )
        target = getattr(related, f.target_field.attname)
        if data.get(f.attname) in f.empty_values:
            data[f.attname] = target
        elif target != data.get(f.attname):
            del cache[f.cache_name]


def insert(model, objs: list) -> list:
    """bulk_create for new instances of a plain model; the objects get their primary keys."""
    objs = list(objs)
    if not objs:
        return objs
    if not _supported(model):
        return model._default_manager.bulk_create(objs, batch_size=BATCH)
    ids = _reserve_ids(model, len(objs))
    if ids is None:
        return model._default_manager.bulk_create(objs, batch_size=BATCH)
    fields = model._meta.concrete_fields
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    relations = [f for f in fields if f.is_relation]
    now = timezone.now()
    rows = []
    for obj, pk in zip(objs, ids, strict=True):
        if model._meta.private_fields:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
        elif relations:
            _link_related(obj, relations)
        for f in stamped:
            setattr(obj, f.attname, now)  # what pre_save does for auto_now(_add)
        obj.pk = pk
        data = obj.__dict__
        rows.append([data[f.attname] for f in fields])
    with transaction.atomic():
        _copy(model, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
