"""Imports run in the background: the web page submits a job and shows its progress.

`submit` keeps the upload in an ImportJob row and starts it: in a thread of the serving
process once the request's transaction commits (`SIFA_IMPORT_RUNNER = "thread"`, the
default), or at once in the request (`"inline"`: the tests, and a site that prefers its
imports run in the request). The job runs `import_workbook` as the command line does (one
transaction, all or nothing; a dry run goes as far as the import) and keeps its result in the
row: counts, the first problems, the annotated workbook, the batch.

Progress (rows read and validated, rows written) is written while the import runs to a small
file under MEDIA_ROOT/imports/, not to the database: the import holds its write transaction
until the end, and on SQLite another connection's write would wait for it. Every server
process reads the same file, so any gunicorn worker answers the progress page.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from .importer import Progress, import_workbook
from .models import ImportJob

logger = logging.getLogger(__name__)

MAX_KEPT_PROBLEMS = 500
MSG_CRASHED = "导入时系统出错，没有写入任何数据。请稍后重试；如仍出错，请联系系统管理员。"


def progress_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(job_id: int) -> Path:
    return progress_dir() / f"job-{job_id}.json"


class JobProgress(Progress):
    """Writes the job's progress file at most every `interval` seconds (and at each phase)."""

    def __init__(self, job_id: int, interval: float = 0.5):
        self.path = progress_path(job_id)
        self.interval = interval
        self.state = {"to_read": 0, "validated": 0, "to_write": 0, "written": 0, "phase": "read"}
        self._last = 0.0
        self.flush()

    def flush(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state), encoding="utf-8")
        os.replace(tmp, self.path)  # readers never see half a file
        self._last = time.monotonic()

    def _tick(self) -> None:
        if time.monotonic() - self._last >= self.interval:
            self.flush()

    def reading(self, total: int) -> None:
        self.state["to_read"] = total
        self.flush()

    def validated(self, n: int = 1) -> None:
        self.state["validated"] += n
        self._tick()

    def writing(self, total: int) -> None:
        self.state.update(phase="write", to_write=total)
        self.flush()

    def written(self, n: int) -> None:
        self.state["written"] += n
        self._tick()


MSG_INTERRUPTED = (
    "导入没有完成：处理它的服务进程已停止（如服务器重启），没有写入任何数据。请重新上传文件。"
)


def stale_after() -> float:
    """Seconds without any progress after which a job's process is taken to have died."""
    return float(getattr(settings, "SIFA_IMPORT_STALE_SECONDS", 600))


def mark_if_interrupted(job: ImportJob) -> bool:
    """A job still queued or running whose progress stopped moving `stale_after()` seconds ago
    ran in a process that has died (its one transaction rolled back with it): record that, so
    the page says so instead of 正在处理 for ever. True when it was marked."""
    if job.finished:
        return False
    try:
        last = progress_path(job.pk).stat().st_mtime
    except OSError:
        last = job.created_at.timestamp()
    if time.time() - last < stale_after():
        return False
    marked = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ).update(
        status=ImportJob.Status.ERROR,
        problems=[[job.filename, None, None, MSG_INTERRUPTED]],
        problem_count=1,
        upload=None,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return bool(marked)


def read_progress(job: ImportJob) -> dict:
    """The job's progress as the page shows it (from its file while it runs)."""
    mark_if_interrupted(job)
    state = {"to_read": 0, "validated": 0, "to_write": 0, "written": 0, "phase": "read"}
    try:
        state.update(json.loads(progress_path(job.pk).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    if job.status == ImportJob.Status.DONE:
        state["phase"] = "done"
    elif job.finished:
        state["phase"] = "stopped"
    elif job.status == ImportJob.Status.QUEUED:
        state["phase"] = "queued"
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        **state,
        "percent": percent(state, finished=job.finished),
    }


def percent(state: dict, *, finished: bool) -> int:
    """Reading is the first half of the bar, writing the second (a dry run writes too)."""
    if finished:
        return 100
    read = min(1.0, state["validated"] / state["to_read"]) if state["to_read"] else 0.0
    if state.get("phase") != "write":
        return int(50 * read)
    wrote = min(1.0, state["written"] / state["to_write"]) if state["to_write"] else 1.0
    return 50 + int(49 * wrote)


def submit(data: bytes, *, user, filename: str, dry_run: bool) -> ImportJob:
    job = ImportJob.objects.create(user=user, filename=filename[:255], dry_run=dry_run, upload=data)
    if getattr(settings, "SIFA_IMPORT_RUNNER", "thread") == "inline":
        run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"import-{job_id}").start()


def _run_in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        close_old_connections()
        from django.db import connections

        connections.close_all()


def run(job_id: int) -> None:
    """Run a submitted job to its end; its row holds the result, whatever happens."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return  # started already (by another process)
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    progress = JobProgress(job.pk)
    try:
        result = import_workbook(
            bytes(job.upload or b""),
            user=job.user,
            filename=job.filename,
            dry_run=job.dry_run,
            progress=progress,
        )
    except Exception:
        logger.exception("import job %s failed", job_id)
        job.status = ImportJob.Status.ERROR
        job.problems = [[job.filename, None, None, MSG_CRASHED]]
        job.problem_count = 1
    else:
        job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.REFUSED
        job.counts = result.counts
        job.problem_count = len(result.problems)
        job.problems = [
            [p.sheet, p.row, p.column, p.message] for p in result.problems[:MAX_KEPT_PROBLEMS]
        ]
        job.annotation_note = result.annotation_note
        job.annotated = result.annotated
        job.error_list = result.error_list
        job.batch = result.batch
    progress.flush()
    job.upload = None
    job.finished_at = timezone.now()
    job.save()
