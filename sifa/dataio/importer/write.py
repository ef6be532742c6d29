"""The write phase: the plan written in one transaction through the services (bulk saves for
new rows), the children rules checked once all rows are written, and the refusals (a rule that
reads rows written before it, the database's own constraints) turned into problems."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from sifa.core import bulk, registry
from sifa.core.audit import batch_history, deferred_create_history, record_write
from sifa.core.services import (
    note_created,
)

from ..lookups import _links, attach_planned, is_planned
from ..models import ImportBatch, ImportedRow
from .result import Planned, Problem, Progress, _error_dict
from .saves import RowRejected, _bulk_writer, _services

MSG_WRITE_RULE = "{message}（写入时按本文件中前面各行核对发现；本次没有写入任何数据）"


MSG_DATABASE_REFUSED = (
    "写入时数据库拒绝了数据，可能与已有记录重复或不符合数据约束；没有写入任何数据，"
    "请核对后重新导入。"
)


MSG_DATABASE_RULE = "写入时数据库拒绝了数据：{message}没有写入任何数据，请核对后重新导入。"


class _Undone(Exception):
    """Raised out of the write transaction to roll it back: a dry run, or rows refused."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _refusal_message(exc: IntegrityError) -> str:
    """The Chinese message of the constraint the database names, else a general one (the
    driver's own text goes to the log, not to the user)."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    text = str(exc)
    for model in _constraint_models():
        for constraint in model._meta.constraints:
            if constraint.name == name or (name is None and constraint.name in text):
                message = getattr(constraint, "violation_error_message", None)
                if message and "%(name)s" not in str(message):
                    return MSG_DATABASE_RULE.format(message=message)
    return MSG_DATABASE_REFUSED


def _constraint_models():
    from django.apps import apps

    return [m for m in apps.get_models() if m._meta.constraints]


def _write_problems(p: Planned, error) -> list[Problem]:
    """A row refused while writing, as problems on its sheet, row and column."""
    sheet, row = p.spec.title, p.row
    if isinstance(error, PermissionDenied):
        return [Problem(sheet, row, None, str(error) or "无权写入此记录。")]
    out = []
    for name, messages in _error_dict(error).items():
        column = None
        if name != NON_FIELD_ERRORS:
            column = next((c.header for c in p.spec.columns if c.name == name), None)
        for message in messages:
            out.append(Problem(sheet, row, column, MSG_WRITE_RULE.format(message=message)))
    return out


def _depends_on(obj, refused: set[int]) -> bool:
    """True when `obj` links to a row of this import that was refused (never saved)."""
    for f in _links(type(obj)):
        related = f.get_cached_value(obj) if f.is_cached(obj) else None
        if related is not None and (id(related) in refused or is_planned(related)):
            return True
    return False


CHUNK = 5000  # planned rows written together: bounds the rows an import holds at once


class PlanWriter:
    """Writes the plan as the sheets are read, in one transaction, CHUNK rows at a time, so an
    import holds a chunk of rows, not the whole file (parents a later sheet names stay known
    in the lookups). Rows are written only while the read has found no problem; after the
    first one the rest is only validated, and nothing is kept (the transaction is rolled back).

    A row a rule refuses while writing (one that reads rows written before it) does not stop
    the others: every such row is reported, and the transaction rolled back (_Undone), as it
    is after a dry run. The bulk writers are told which rows `context` validated (they re-run
    those rows' clean() only); a row written by its one-row save is validated by that save as
    on any other door. Use as a context manager; `append` each planned row, then `finish`."""

    def __init__(self, data, filename, user, result, context, lookups=None, *, dry_run, progress):
        self.data, self.filename, self.user = data, filename, user
        self.result, self.context, self.lookups = result, context, lookups
        self.dry_run, self.progress = dry_run, progress or Progress()
        self.problems: list[Problem] = []  # refused while writing
        self.refused: set[int] = set()  # id() of the planned objects not written
        self.buffer: list[Planned] = []
        self.written = 0
        # parents whose children rules are checked at the end: (record type, pk) ->
        # (the parent when this import creates it, creating, sheet, row)
        self.parents: dict = {}
        self.rows: list[ImportedRow] = []  # row list entries whose values are not known yet
        self.digest = RowsDigest()
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> PlanWriter:
        stack = self._stack.__enter__()
        stack.enter_context(transaction.atomic())
        stack.enter_context(record_write(self.user))
        self.gathered = stack.enter_context(batch_history())
        user = self.user
        self.batch = ImportBatch.objects.create(
            user=user if getattr(user, "pk", None) else None,
            filename=self.filename[:255],
            digest=hashlib.sha256(self.data).hexdigest(),
            counts=self.result.counts,
        )
        # closed by finish() once every row is written, so its history can join the row list
        self._deferred = stack.enter_context(contextlib.ExitStack())
        self._deferred.enter_context(deferred_create_history(user))
        return self

    def __exit__(self, *exc_info):
        return self._stack.__exit__(*exc_info)

    def append(self, p: Planned) -> None:
        self.result.counts["created" if p.created else "updated"] += 1
        self.buffer.append(p)
        if len(self.buffer) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write the rows added since the last flush (none once the read found a problem)."""
        chunk, self.buffer = self.buffer, []
        if not chunk or self.result.problems:
            return
        if self.lookups is not None:
            for model in {p.spec.model for p in chunk}:
                self.lookups.prepare(model)
        rows: list[ImportedRow] = []
        _write_plan(
            chunk,
            self.batch,
            rows,
            self.user,
            self.context,
            self.refused,
            self.problems,
            Progress(),
        )
        self.written += len(chunk)
        self._note_parents(chunk)
        self.context.written(p.obj for p in chunk if id(p.obj) not in self.refused)
        # the new rows' creation history is the batch: their values go with the row list (a
        # record keyed by a code, a region, keeps a history entry of its own: left in
        # gathered, batch_history writes it as one at exit); a row saved by its one-row save
        # has its values once deferred_create_history ends, so its entry waits for finish()
        ready = []
        for row in rows:
            if row.created and isinstance(row.object_id, int):
                values = self.gathered.get(row.content_type.model_class(), {})
                if row.object_id not in values:
                    self.rows.append(row)
                    continue
                row.values = [values.pop(pk, (None,))[0] for pk in row.object_ids]
            ready.append(row)
        self._insert(ready)

    def _insert(self, rows: list[ImportedRow]) -> None:
        if rows:
            bulk.insert(ImportedRow, rows)  # COPY on PostgreSQL: the values are JSON
            self.digest.update(rows)

    def _note_parents(self, chunk: list[Planned]) -> None:
        for p in chunk:
            if id(p.obj) in self.refused:
                continue
            rt = registry.find(p.spec.model)
            if rt is not None and rt.children:
                parent, creating = p.obj, p.created
            else:
                found = registry.parent_of(p.spec.model)
                if found is None:
                    continue
                rt, child = found
                parent, creating = getattr(p.obj, child.link, None), False
            if parent is not None and parent.pk is not None:
                entry = (parent if creating else None, creating, p.spec.title, p.row)
                self.parents.setdefault((rt, parent.pk), entry)

    def finish(self) -> ImportBatch:
        """The children rules checked, the row list and the batch sealed; raises _Undone (the
        transaction rolled back) when a row was refused, or for a dry run."""
        self.flush()
        if self.result.problems:
            raise _Undone(self.problems)
        self.progress.writing(self.written)
        self.problems.extend(_children_problems(self.parents))
        self.parents = {}
        if self.problems or self.dry_run:
            raise _Undone(self.problems)
        self._deferred.close()  # the one-row saves' creation history, into gathered
        for row in self.rows:
            values = self.gathered.get(row.content_type.model_class(), {})
            row.values = [values.pop(pk, (None,))[0] for pk in row.object_ids]
        self._insert(self.rows)
        self.progress.written(self.written)
        batch = self.batch
        batch.finished_at = timezone.now()
        batch.counts = self.result.counts
        batch.save(update_fields=["finished_at", "counts"])
        seal_batch(batch, self.digest.hexdigest())
        return batch


def _write_plan(plan, batch, rows, user, context, refused, problems, progress) -> None:
    """Every planned row written, each run of one type together; refusals gathered."""

    def refuse(p: Planned, error) -> None:
        refused.add(id(p.obj))
        if error is not None:
            problems.extend(_write_problems(p, error))

    # Plan order is sheet order (parents before children): write each run of one type.
    for (model, created), group in itertools.groupby(plan, key=lambda p: (p.spec.model, p.created)):
        group = list(group)
        if refused:  # a row whose parent was refused is not written (its parent is reported)
            for p in group:
                if _depends_on(p.obj, refused):
                    refuse(p, None)
            group = [p for p in group if id(p.obj) not in refused]
        ct = ContentType.objects.get_for_model(model)
        writer = _bulk_writer(model) if created else None
        if writer is not None:
            objs = _write_many(writer, group, user, refuse, context.validated)
            for obj in objs:
                note_created(obj)
            progress.written(len(group))
            rows.extend(_runs(batch, ct, sorted(o.pk for o in objs)))
            continue
        save, _check = _services(model)
        for p in group:
            try:
                obj = save(p.obj, user=user)
            except RowRejected as exc:
                refuse(p, exc.error)
                continue
            finally:
                progress.written(1)
            rows.append(
                ImportedRow(
                    batch=batch,
                    content_type=ct,
                    object_id=obj.pk,
                    created=p.created,
                    before=p.before,
                )
            )


class RowsDigest:
    """sha256 of a batch's row list with the values it created its records with, in order,
    fed as the rows are written: sealed in the audit chain with the batch, so a changed
    creation history is found."""

    def __init__(self):
        self._sha = hashlib.sha256()

    def update(self, rows) -> None:
        for row in rows:
            item = [row.content_type_id, row.object_id, row.last_object_id, row.created, row.values]
            self._sha.update(
                json.dumps(item, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
            )
            self._sha.update(b"\n")

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def rows_digest(rows) -> str:
    """RowsDigest of these rows (the audit chain's check reads them back in order)."""
    digest = RowsDigest()
    digest.update(rows)
    return digest.hexdigest()


def seal_batch(batch: ImportBatch, rows_sha256: str) -> None:
    """One audit entry for the batch (sealed in the hash chain like every entry): who, when,
    the file's digest and the digest of its row list with the values it created."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(ImportBatch),
        object_pk=str(batch.pk),
        object_id=batch.pk,
        object_repr=str(batch)[:500],
        action=LogEntry.Action.CREATE,
        changes=None,
        changes_text="",
        actor=batch.user,
        timestamp=batch.finished_at,
        additional_data={
            "what": "导入",
            "file_sha256": batch.digest,
            "rows_sha256": rows_sha256,
            "counts": batch.counts,
        },
    )


def _children_problems(parents: dict) -> list[Problem]:
    """The children rules of every parent this import writes or whose children it writes (a
    mediation case needs two parties), checked once all rows are written, against the rows
    the parent then has: the same declaration (registry.Child) the entry screen and the API
    check. Reported on the parent's row when the file holds it, else on the child's.
    `parents`: (record type, pk) -> (the parent if created here, creating, sheet, row). The
    parents and their children are read a chunk at a time (one query each), not one per
    parent, and not held all at once."""
    out: list[Problem] = []
    by_type: dict = {}
    for (rt, pk), entry in parents.items():
        by_type.setdefault(rt, []).append((pk, *entry))
    for rt, entries in by_type.items():
        for child in rt.children:
            if not child.min_count and child.rule is None:
                continue
            link_id = child.model._meta.get_field(child.link).attname
            for start in range(0, len(entries), CHUNK):
                part = entries[start : start + CHUNK]
                keys = [e[0] for e in part]
                stored = {
                    o.pk: o
                    for o in rt.model._default_manager.filter(
                        pk__in=[e[0] for e in part if e[1] is None]
                    )
                }
                kids: dict = {}
                for row in child.model._default_manager.filter(**{f"{link_id}__in": keys}):
                    kids.setdefault(getattr(row, link_id), []).append(row)
                for pk, parent, creating, sheet, row_no in part:
                    parent = parent if parent is not None else stored.get(pk)
                    if parent is None:
                        continue
                    for message in child.problems(parent, kids.get(pk, []), creating=creating):
                        out.append(Problem(sheet, row_no, None, message))
    return out


def _write_many(writer, group: list[Planned], user, refuse, validated) -> list:
    """New rows of one type by their bulk writer; when it refuses, row by row (each in a
    savepoint), so that every refused row is known."""
    if not group:
        return []
    try:
        with transaction.atomic():
            return writer([attach_planned(p.obj) for p in group], user=user, validated=validated)
    except (ValidationError, PermissionDenied):
        pass
    written = []
    for p in group:
        if p.obj.pk is not None and not p.obj._state.adding:
            p.obj.pk = None  # not written: the savepoint above was rolled back
        try:
            with transaction.atomic():
                written.extend(writer([attach_planned(p.obj)], user=user, validated=validated))
        except (ValidationError, PermissionDenied) as exc:
            refuse(p, exc)
    return written


RUN_LIMIT = 1000  # records per ImportedRow run: bounds the JSON a record page reads back


def _runs(batch, ct, pks: list[int]) -> list[ImportedRow]:
    """New records as runs of consecutive primary keys (one ImportedRow per run of at most
    RUN_LIMIT)."""
    out = []
    for _, run in itertools.groupby(enumerate(pks), key=lambda item: item[1] - item[0]):
        run = [pk for _, pk in run]
        for start in range(0, len(run), RUN_LIMIT):
            out.extend(_run(batch, ct, run[start : start + RUN_LIMIT]))
    return out


def _run(batch, ct, run: list[int]) -> list[ImportedRow]:
    out = []
    if run:
        out.append(
            ImportedRow(
                batch=batch,
                content_type=ct,
                object_id=run[0],
                last_object_id=run[-1] if len(run) > 1 else None,
                created=True,
            )
        )
    return out
