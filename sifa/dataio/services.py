"""Writes of the data-exchange line: rolling back an import batch as a whole."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sifa.core.access import MSG_NO_WRITE
from sifa.core.audit import record_write
from sifa.core.errors import RuleViolation
from sifa.core.models import Record
from sifa.core.services import record_delete

from .models import ImportBatch
from .schema import is_organisation
from .writes import plain_delete

MSG_ALREADY_ROLLED_BACK = "该批次已于{when}撤销，不能重复撤销。"
MSG_ORGANISATION_BATCH = (
    "本批次导入了区域、机构、县情设置等基础数据，这类数据不能随批次撤销，请在管理后台逐条修改。"
)
MSG_STATUS_CHANGED = (
    "本批次改变了“{record}”的办理状态，状态只能通过办理操作变更（并记入办理过程），"
    "不能随批次撤销；本批次没有撤销任何数据，请在办理页面处理。"
)
MSG_CANNOT_RESTORE = "“{record}”不能恢复为导入前的内容：{reason}本批次没有撤销任何数据。"
MSG_CHANGED_SINCE = "“{record}”在导入后又被修改过，为避免覆盖他人的修改，本批次不能整体撤销。"


def batch_rollback(batch: ImportBatch, *, user) -> ImportBatch:
    """Undo an import: records it created are deleted (soft), records it updated get their
    previous values back — unless someone changed them since, in which case nothing moves.

    Every record goes through the write its entry screen uses: a created record through
    `record_delete` (a child row that is not a record through `plain_delete`), an updated one
    through its line's save service, so derived fields (due dates) are recomputed and each
    change gets its history entry. A change the services cannot undo (a case's status, which
    only a move with its timeline entry may change) refuses the whole rollback."""
    from .importer import RowRejected, _services

    if batch.rolled_back_at:
        raise RuleViolation(
            MSG_ALREADY_ROLLED_BACK.format(when=f"{batch.rolled_back_at:%Y-%m-%d %H:%M}")
        )
    with transaction.atomic(), record_write(user):
        rows = list(batch.rows.select_related("content_type"))
        objects = _load(rows)
        # ImportedRow order is write order, parents first; each row may be a run of records
        pairs = [
            (row, obj)
            for row in rows
            for pk in row.object_ids
            if (obj := objects.get((row.content_type_id, pk))) is not None
        ]
        for row, obj in pairs:
            if is_organisation(type(obj)):
                raise RuleViolation(MSG_ORGANISATION_BATCH)
            changed = getattr(obj, "updated_at", None)
            if changed and batch.finished_at and changed > batch.finished_at:
                raise RuleViolation(MSG_CHANGED_SINCE.format(record=obj))
            if not row.created:
                _ensure_no_move(obj, row.before or {})
        # children before parents: the reverse of the order the import wrote them in
        for row, obj in sorted(pairs, key=lambda p: (p[0].pk, p[1].pk), reverse=True):
            if row.created and isinstance(obj, Record):
                if obj.deleted_at is None:
                    record_delete(obj, user=user)
            elif row.created:  # a child row that is not a record (a party): no soft delete
                plain_delete(obj, user=user)
            else:
                for name, value in (row.before or {}).items():
                    field = obj._meta.get_field(name)
                    setattr(
                        obj, field.attname, field.to_python(value) if value is not None else None
                    )
                save, _check = _services(type(obj))
                try:
                    save(obj, user=user)
                except RowRejected as exc:
                    raise RuleViolation(
                        MSG_CANNOT_RESTORE.format(record=obj, reason=_reason(exc.error))
                    ) from exc
        batch.rolled_back_at = timezone.now()
        batch.rolled_back_by = user if getattr(user, "pk", None) else None
        batch.save(update_fields=["rolled_back_at", "rolled_back_by"])
    return batch


def _ensure_no_move(obj, before: dict) -> None:
    """Refuse to put back a status the import changed: only a move changes a case's status."""
    pipeline = getattr(type(obj), "pipeline", None)
    if pipeline is None or pipeline.field not in before:
        return
    field = obj._meta.get_field(pipeline.field)
    old = before[pipeline.field]
    if old is not None and field.to_python(old) != getattr(obj, field.attname):
        raise RuleViolation(MSG_STATUS_CHANGED.format(record=obj))


def _reason(error) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or MSG_NO_WRITE
    return "；".join(error.messages)


def _load(rows) -> dict:
    by_type: dict[int, list[int]] = {}
    for row in rows:
        by_type.setdefault(row.content_type_id, []).extend(row.object_ids)
    out = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        assert model is not None, "a batch names installed models only"
        manager = getattr(model, "all_objects", model._default_manager)
        for start in range(0, len(ids), 5000):
            for obj in manager.filter(pk__in=ids[start : start + 5000]):
                out[(ct_id, obj.pk)] = obj
    return out
