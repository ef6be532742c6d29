"""An imported record's creation history: the batch that created it (who, when, which file)
and the values the record was created with, kept in the batch's row list (ImportedRow.values)
instead of one history entry per new row."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import ImportedRow


def created_by_import(obj) -> LogEntry | None:
    """The CREATE entry of `obj` as its import batch keeps it (unsaved, for display), or None."""
    pk = obj.pk
    if not isinstance(pk, int):
        return None
    ct = ContentType.objects.get_for_model(type(obj))
    row = (
        ImportedRow.objects.filter(content_type=ct, created=True, object_id__lte=pk)
        .filter(Q(last_object_id__gte=pk) | Q(last_object_id__isnull=True, object_id=pk))
        .filter(values__isnull=False)
        .select_related("batch__user")
        .order_by("-object_id")
        .first()
    )
    values = row.values_of(pk) if row is not None else None
    if values is None:
        return None
    batch = row.batch
    return LogEntry(
        content_type=ct,
        object_pk=str(pk),
        object_id=pk,
        object_repr=str(obj)[:500],
        action=LogEntry.Action.CREATE,
        changes={name: ["None", value] for name, value in values.items()},
        actor=batch.user,
        timestamp=batch.finished_at or batch.created_at,
        additional_data={"what": f"导入文件“{batch.filename}”"},
    )


MSG_BATCH_CHANGED = "导入批次 #{id} 的导入记录（新建记录导入时的值）在封存后被修改或删除"


def check_batch_digest(row: dict) -> str | None:
    """The audit chain's check of a sealed import batch: its row list and values unchanged."""
    from .importer.write import rows_digest

    extra = row["additional_data"]
    rows = ImportedRow.objects.filter(batch_id=row["object_id"]).order_by("pk")
    if rows_digest(rows.iterator(chunk_size=100)) != extra["rows_sha256"]:
        return MSG_BATCH_CHANGED.format(id=row["object_id"])
    return None
