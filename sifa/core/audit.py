"""Audit history for business records, on top of django-auditlog.

Single writes are logged by auditlog's signals (actor and address from the request through
AuditlogMiddleware, or from `record_write` on the command line). Bulk writes, which send no
signals, go through `bulk_create_with_history` / `bulk_update_with_history`, which write one
LogEntry per row in the same transaction. `log_access` records a view of a sensitive file.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import uuid
from decimal import Decimal

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from sifa.auditchain.chain import seal_entries, seal_new_rows

EXCLUDED_FIELDS = ["updated_at"]
_ENCODER = DjangoJSONEncoder()


def audited_models():
    """Every business model: all models of the line apps, plus core's editable records."""
    from django.apps import apps
    from django.conf import settings

    from .models import Activity, CountyProfile, PeriodOverride, Record, Region, Unit

    line_labels = {app.rsplit(".", 1)[-1] for app in settings.SIFA_LINE_APPS}
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in line_labels or (issubclass(m, Record) and m is not Activity)
    ]
    return [Activity, Unit, Region, CountyProfile, PeriodOverride, *models]


def register_records() -> None:
    """Register every business model with auditlog (called from CoreConfig.ready)."""
    from django.contrib.auth import get_user_model

    # Proxies too: a proxy's save sends its signals with the proxy as sender.
    for model in audited_models():
        if auditlog.contains(model):
            continue
        auditlog.register(
            model,
            exclude_fields=EXCLUDED_FIELDS,
            mask_fields=list(getattr(model, "audit_masked_fields", ())),
        )
    user_model = get_user_model()
    if not auditlog.contains(user_model):
        auditlog.register(user_model, exclude_fields=["password", "last_login"])


def is_audited(model) -> bool:
    return auditlog.contains(model)


@contextlib.contextmanager
def record_write(user=None, remote_addr: str | None = None):
    """Attribute the writes inside to `user` (and keep the request's address when there is one).

    auditlog's context variable outlives its context manager, so a value found here may be
    stale; it is trusted only for the address, and only when it names the same user.
    """
    if user is None or not getattr(user, "pk", None):
        yield
        return
    try:
        current = auditlog_value.get()
    except LookupError:
        current = None
    if remote_addr is None and current and current.get("actor") == user:
        remote_addr = current.get("remote_addr")
    with set_actor(user, remote_addr=remote_addr):
        yield


def _value(obj, field) -> str | None:
    value = field.value_from_object(obj)
    if value is None:
        return None
    return (
        json.loads(json.dumps(value, cls=DjangoJSONEncoder))
        if not isinstance(value, str)
        else value
    )


def _entry(obj, ct, action, changes, actor, remote_addr) -> LogEntry:
    return LogEntry(
        content_type=ct,
        object_pk=str(obj.pk),
        object_id=obj.pk if isinstance(obj.pk, int) else None,
        object_repr=str(obj)[:500],
        action=action,
        changes=changes,
        changes_text="",
        actor=actor if getattr(actor, "pk", None) else None,
        remote_addr=remote_addr,
        timestamp=timezone.now(),
    )


def _tracked_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in EXCLUDED_FIELDS and not f.primary_key
    ]


def _masked(model, name: str, value):
    """The value as the history keeps it: fields a model lists in audit_masked_fields are
    masked (ID numbers keep their region code and last four characters)."""
    if value is None or name not in getattr(model, "audit_masked_fields", ()):
        return value
    from .idnumber import mask

    return mask(str(value))


_PLAIN_TYPES = frozenset({str, int, bool, float})  # kept as they are in the history's JSON


def _plain(value):
    """A field value as the history's JSON keeps it (what `_value` gives, without a JSON round
    trip for the common types)."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return value
    if kind is dt.date:
        return value.isoformat()
    if isinstance(value, str | int | float):  # choices enums: JSON writes their value
        return value
    if isinstance(value, dt.date | dt.time | Decimal | uuid.UUID):
        return _ENCODER.default(value)
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def bulk_create_with_history(model, objs, *, user=None, remote_addr=None, batch_size=1000):
    """bulk_create plus one CREATE history entry per row, atomically. Returns the objects.

    Rows and entries are streamed with `core.bulk` (COPY on PostgreSQL)."""
    objs = list(objs)
    with transaction.atomic():
        for start in range(0, len(objs), CHUNK):
            _create_chunk(model, objs[start : start + CHUNK], user, remote_addr)
    return objs


CHUNK = 10_000  # rows per COPY: bounds the memory of the history entries being built


def _create_chunk(model, objs, user, remote_addr) -> None:
    from . import bulk

    created = bulk.insert(model, objs)
    _create_entries(model, created, user, remote_addr)


def creation_values(model, created) -> list[dict]:
    """What a CREATE history entry keeps of each saved object of `model`: its non-empty field
    values as the history's JSON keeps them, personal data masked ({field: value})."""
    fields = [(f.name, f.attname) for f in _tracked_fields(model)]
    masked = [name for name, _ in fields if name in getattr(model, "audit_masked_fields", ())]
    plain = _PLAIN_TYPES
    out = []
    for o in created:
        data = o.__dict__
        values = {
            name: value if type(value) in plain else _plain(value)
            for name, attname in fields
            if (value := data.get(attname)) is not None
        }
        for name in masked:
            if name in values:
                values[name] = _masked(model, name, values[name])
        out.append(values)
    return out


# Inside `batch_history`, the creation history of bulk-created rows is gathered here instead of
# written as one entry each: model -> {pk: values}. The caller (an import) keeps it in its batch.
_BATCH_HISTORY: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "sifa_batch_history", default=None
)


@contextlib.contextmanager
def batch_history():
    """Gather, instead of writing, the CREATE history of the rows created inside (by
    `bulk_create_with_history` or inside `deferred_create_history`): the caller writes it as
    one batch, e.g. an import's batch, which then is those rows' creation history. Yields
    model -> {pk: values}; what the caller leaves in it is written as ordinary entries at exit,
    so no created row is left without history."""
    gathered: dict = {}
    token = _BATCH_HISTORY.set(gathered)
    try:
        yield gathered
    finally:
        _BATCH_HISTORY.reset(token)
    for model, rows in gathered.items():  # not reached when the block raised (rolled back)
        if rows:
            _write_entries(model, list(rows.items()))


def _create_entries(model, created, user, remote_addr) -> None:
    """One CREATE history entry per saved object of `model`, written in bulk (or gathered into
    the enclosing `batch_history`)."""
    gathered = _BATCH_HISTORY.get()
    values = creation_values(model, created)
    if gathered is not None:
        rows = gathered.setdefault(model._meta.concrete_model, {})
        for o, v in zip(created, values, strict=True):
            rows[o.pk] = (v, str(o)[:500], user, remote_addr)
        return
    _write_entries(
        model,
        [
            (o.pk, (v, str(o)[:500], user, remote_addr))
            for o, v in zip(created, values, strict=True)
        ],
    )


def _write_entries(model, rows) -> None:
    """CREATE entries for (pk, (values, repr, user, address)) rows of `model`, and their seals."""
    from . import bulk

    ct_id = ContentType.objects.get_for_model(model).pk
    now = timezone.now()
    entries = []
    for pk, (values, label, user, remote_addr) in rows:
        entries.append(
            {
                "content_type_id": ct_id,
                "object_pk": str(pk),
                "object_id": pk if isinstance(pk, int) else None,
                "object_repr": label,
                "action": LogEntry.Action.CREATE,
                "changes": {name: ["None", value] for name, value in values.items()},
                "changes_text": "",
                "actor_id": user.pk if getattr(user, "pk", None) else None,
                "remote_addr": remote_addr,
                "timestamp": now,
            }
        )
    ids = bulk.insert_rows(LogEntry, entries)
    seal_new_rows(ids, entries)


@contextlib.contextmanager
def deferred_create_history(user=None, remote_addr=None):
    """Inside, records created by ordinary saves get their CREATE history entries at the end,
    written in bulk, instead of one INSERT each; updates and deletes are logged as they happen,
    by auditlog's own receivers. For many saves in one transaction (an import)."""
    from auditlog.context import disable_auditlog
    from auditlog.receivers import log_delete, log_update
    from django.db.models.signals import post_delete, post_save, pre_save

    new_rows: dict[type, list] = {}

    def on_post_save(sender, instance, created=False, raw=False, **kwargs):
        if created and auditlog.contains(sender):
            new_rows.setdefault(sender, []).append(instance)

    def on_pre_save(sender, instance, **kwargs):
        if auditlog.contains(sender):
            log_update.__wrapped__(sender=sender, instance=instance, **kwargs)

    def on_post_delete(sender, instance, **kwargs):
        if auditlog.contains(sender):
            log_delete.__wrapped__(sender=sender, instance=instance, **kwargs)

    uid = f"sifa-deferred-history-{id(new_rows)}"
    post_save.connect(on_post_save, dispatch_uid=uid, weak=False)
    pre_save.connect(on_pre_save, dispatch_uid=uid, weak=False)
    post_delete.connect(on_post_delete, dispatch_uid=uid, weak=False)
    try:
        with disable_auditlog():
            yield
        for model, objs in new_rows.items():
            for start in range(0, len(objs), CHUNK):
                _create_entries(model, objs[start : start + CHUNK], user, remote_addr)
    finally:
        post_save.disconnect(dispatch_uid=uid)
        pre_save.disconnect(dispatch_uid=uid)
        post_delete.disconnect(dispatch_uid=uid)


def bulk_update_with_history(
    model, objs, field_names, *, before: dict, user=None, remote_addr=None, batch_size=1000
):
    """bulk_update plus one UPDATE entry per changed row; `before` maps pk → {field: old value}."""
    with transaction.atomic():
        model.objects.bulk_update(objs, field_names, batch_size=batch_size)
        ct = ContentType.objects.get_for_model(model)
        entries = []
        for o in objs:
            old = before.get(o.pk, {})
            changes = {}
            for name in field_names:
                f = model._meta.get_field(name)
                new = _value(o, f)
                if old.get(name) != new:
                    changes[name] = [_masked(model, name, old.get(name)), _masked(model, name, new)]
            if changes:
                entries.append(_entry(o, ct, LogEntry.Action.UPDATE, changes, user, remote_addr))
        LogEntry.objects.bulk_create(entries, batch_size=batch_size)
        seal_entries(entries)


def log_access(obj, *, user, remote_addr: str | None = None, what: str = "查看") -> None:
    """Write a read of a sensitive record (a correction subject's file) to the audit log."""
    ct = ContentType.objects.get_for_model(type(obj))
    entry = _entry(obj, ct, LogEntry.Action.ACCESS, None, user, remote_addr)
    entry.additional_data = {"what": what}
    entry.save()


def log_reads(model, pks, *, user, remote_addr: str | None = None, what: str = "查阅") -> None:
    """Write one read of many sensitive records (a list page, an export) to the audit log:
    one row naming the type, how many and which records, not one row per record."""
    pks = [pk for pk in pks]
    if not pks:
        return
    ct = ContentType.objects.get_for_model(model)
    LogEntry.objects.create(
        content_type=ct,
        object_pk="",
        object_id=None,
        object_repr=f"{model._meta.verbose_name_plural}（{len(pks)}条）"[:500],
        action=LogEntry.Action.ACCESS,
        changes=None,
        changes_text="",
        actor=user if getattr(user, "pk", None) else None,
        remote_addr=remote_addr,
        timestamp=timezone.now(),
        additional_data={"what": what, "ids": pks},
    )


def history(obj):
    """The record's audit entries, newest first (see `full_history` for the creation history
    kept by a batch)."""
    return LogEntry.objects.get_for_object(obj).select_related("actor")


# Where else a record's creation history may be kept (an import's batch keeps its new rows'):
# callables obj -> an unsaved CREATE LogEntry or None, registered by the apps that keep it.
CREATION_SOURCES: list = []


def full_history(obj, limit: int) -> list[LogEntry]:
    """The record's audit entries, newest first, with its creation kept by a batch."""
    entries = list(history(obj)[:limit])
    if not any(e.action == LogEntry.Action.CREATE for e in entries):
        for source in CREATION_SOURCES:
            entry = source(obj)
            if entry is not None:
                entries.append(entry)
                entries.sort(key=lambda e: e.timestamp, reverse=True)
                break
    return entries


# --- the history as a clerk reads it ------------------------------------------------------------
BEIJING = "Asia/Shanghai"
ACTION_LABELS = {
    LogEntry.Action.CREATE: "新建",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "查看",
}
EMPTY = "（空）"
HISTORY_LIMIT = 500


def _text(model, field, raw, names: dict, user) -> str:
    """One logged value (auditlog keeps strings: "None", "2", "True", "2022-03-05") in words:
    choice labels, the name of a linked record, 是/否, Chinese dates; personal data as `user`
    may see it."""
    from . import registry
    from .dates import ymd

    if raw is None or raw in ("None", ""):
        return EMPTY
    if field.is_relation:
        return names.get((field.related_model, str(raw)), f"（已删除的记录{raw}）")
    if field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(str(raw), str(raw))
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return {"True": "是", "False": "否"}.get(str(raw), str(raw))
    if internal == "DateField":
        try:
            return ymd(dt.date.fromisoformat(str(raw)))
        except ValueError:
            return str(raw)
    if internal == "DateTimeField":
        try:
            moment = dt.datetime.fromisoformat(str(raw))
        except ValueError:
            return str(raw)
        return _beijing(moment).strftime("%Y-%m-%d %H:%M")
    if internal == "JSONField":
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            value = raw
        if isinstance(value, list):
            return "、".join(str(v) for v in value) or EMPTY
        if isinstance(value, dict):
            return "；".join(f"{k}：{v}" for k, v in value.items()) or EMPTY
        return str(value)
    return str(registry.present(model, field.name, raw, user))


def _beijing(moment: dt.datetime) -> dt.datetime:
    from zoneinfo import ZoneInfo

    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment.astimezone(ZoneInfo(BEIJING))


def _linked_names(model, entries) -> dict:
    """The names of every record the entries' links point to: one query per linked model."""
    wanted: dict = {}
    for entry in entries:
        for name, pair in (entry.changes_dict or {}).items():
            field = _concrete(model, name)
            if field is None or not field.is_relation:
                continue
            for raw in pair if isinstance(pair, list | tuple) else ():
                if raw not in (None, "None", ""):
                    wanted.setdefault(field.related_model, set()).add(str(raw))
    names = {}
    for related, keys in wanted.items():
        pk = related._meta.pk
        manager = getattr(related, "all_objects", related._default_manager)
        try:
            values = [pk.to_python(k) for k in keys]
        except Exception:  # noqa: BLE001 - a key the history kept in another form
            continue
        for obj in manager.filter(pk__in=values):
            names[(related, str(obj.pk))] = str(obj)
    return names


def _concrete(model, name: str):
    """The model's field `name` if it is one of its own columns (not a reverse relation,
    which auditlog may log as "mediation.CaseParty.None")."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field since removed
        return None
    return field if getattr(field, "concrete", False) else None


def history_rows(obj, user) -> list[dict]:
    """`obj`'s audit history as a clerk reads it, newest first: Beijing time, the action in
    Chinese, who, from where, and each change as the field's label with its old and new value
    in words (choice labels, names instead of ids, masked personal data where `user` may not
    see it in full). The record pages (entry screens, the workspace) all render this."""
    model = type(obj)
    entries = full_history(obj, HISTORY_LIMIT)
    names = _linked_names(model, entries)
    rows = []
    for entry in entries:
        changes = []
        for name, pair in (entry.changes_dict or {}).items():
            field = _concrete(model, name)
            if field is None or not isinstance(pair, list | tuple) or len(pair) != 2:
                continue
            old, new = (_text(model, field, raw, names, user) for raw in pair)
            if entry.action == LogEntry.Action.CREATE and new == EMPTY:
                continue  # a new record's empty fields are not changes
            if old == new:
                continue
            changes.append({"field": str(field.verbose_name), "old": old, "new": new})
        extra = entry.additional_data or {}
        rows.append(
            {
                "when": _beijing(entry.timestamp),
                "action": ACTION_LABELS.get(entry.action, "其他"),
                "actor": str(entry.actor) if entry.actor_id else "系统",
                "remote_addr": entry.remote_addr or "",
                "changes": changes,
                "note": extra.get("what", "") if isinstance(extra, dict) else "",
            }
        )
    return rows


def timeline_rows(obj) -> list[dict]:
    """The case's 办理经过 with its statuses in words (the timeline keeps their codes)."""
    from .workflow import timeline

    if not hasattr(type(obj), "pipeline"):
        return []
    try:
        labels = {str(k): str(v) for k, v in type(obj)._meta.get_field("status").flatchoices}
    except Exception:  # noqa: BLE001 - a pipeline on another field
        labels = {}
    return [
        {
            "on": e.on,
            "label": e.label,
            "from_status": labels.get(e.from_status, e.from_status) if e.from_status else "",
            "to_status": labels.get(e.to_status, e.to_status),
            "note": e.note,
            "user": str(e.user) if e.user_id else "系统",
        }
        for e in timeline(obj)
    ]
