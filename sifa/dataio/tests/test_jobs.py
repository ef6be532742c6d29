"""The import as a job: the web page submits it and shows its progress and result, kept in the
database (any server process answers); the command line draws a progress bar."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sifa.dataio import jobs
from sifa.dataio.models import ImportBatch, ImportJob
from sifa.dataio.tests.test_staff_excel import book, case_row, two_parties
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.conftest import make_committee


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["mediation"])


@pytest.fixture
def committee(village_a):
    return make_committee(village_a)


def upload(data: bytes, name="调解.xlsx"):
    return SimpleUploadedFile(name, data)


@pytest.mark.django_db
class TestWebJob:
    def test_a_refused_file_shows_its_problems_and_annotated_copy(self, client, clerk, committee):
        client.force_login(clerk)
        bad = case_row(committee, 纠纷类型="不存在的类型")
        response = client.post("/data/import/", {"file": upload(book([bad], two_parties()))})
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/data/import/{job.pk}/"
        assert job.status == ImportJob.Status.REFUSED and job.upload is None
        page = client.get(response["Location"]).content.decode()
        assert "没有写入任何数据" in page and "不在可选项中" in page
        assert "所属人民调解案件第2行有错误" in page  # its parties say why they are refused
        progress = client.get(f"/data/import/{job.pk}/progress.json").json()
        assert progress["finished"] and progress["percent"] == 100
        assert progress["validated"] == 3  # one case, two parties
        assert progress["written"] == 0
        annotated = client.get(f"/data/import/{job.pk}/annotated.xlsx")
        assert annotated.status_code == 200
        wb = openpyxl.load_workbook(io.BytesIO(annotated.content))
        assert any(cell.comment for row in wb["人民调解案件"].iter_rows() for cell in row)
        assert not MediationCase.all_objects.exists()

    def test_a_good_file_is_written_and_its_progress_counts_the_rows(
        self, client, clerk, committee
    ):
        client.force_login(clerk)
        data = book([case_row(committee)], two_parties())
        response = client.post("/data/import/", {"file": upload(data)}, follow=True)
        page = response.content.decode()
        assert "导入完成：新增 3 条，更新 0 条，未变 0 条" in page
        job = ImportJob.objects.get()
        assert job.batch == ImportBatch.objects.get()
        progress = client.get(f"/data/import/{job.pk}/progress.json").json()
        assert (progress["validated"], progress["to_write"], progress["written"]) == (3, 3, 3)
        assert MediationCase.objects.count() == 1

    def test_a_dry_run_that_passes_writes_nothing_and_the_import_then_passes(
        self, client, clerk, committee
    ):
        client.force_login(clerk)
        data = book([case_row(committee)], two_parties())
        page = client.post(
            "/data/import/", {"file": upload(data), "dry_run": "on"}, follow=True
        ).content.decode()
        assert "校验通过：将新增 3 条" in page and "只校验，未写入" in page
        assert not MediationCase.all_objects.exists() and not ImportBatch.objects.exists()
        page = client.post("/data/import/", {"file": upload(data)}, follow=True).content.decode()
        assert "导入完成：新增 3 条" in page

    def test_another_users_job_is_not_found(self, client, clerk, committee, make_user):
        client.force_login(clerk)
        bad = case_row(committee, 纠纷类型="不存在的类型")
        client.post("/data/import/", {"file": upload(book([bad], two_parties()))})
        job = ImportJob.objects.get()
        client.force_login(make_user("section", lines=["mediation"]))
        for path in ("", "progress.json", "annotated.xlsx"):
            assert client.get(f"/data/import/{job.pk}/{path}").status_code == 404

    def test_a_job_that_crashes_says_so_in_chinese(self, clerk, monkeypatch):
        def boom(*args, **kwargs):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(jobs, "import_workbook", boom)
        job = jobs.submit(b"x", user=clerk, filename="a.xlsx", dry_run=False)
        assert job.status == ImportJob.Status.ERROR
        assert job.problems == [["a.xlsx", None, None, jobs.MSG_CRASHED]]


@pytest.mark.django_db
def test_the_command_line_draws_a_progress_bar(tmp_path, committee, clerk, capsys):
    path = tmp_path / "调解.xlsx"
    path.write_bytes(book([case_row(committee)], two_parties()))
    err = io.StringIO()
    call_command("import", str(path), user=clerk.username, stderr=err, stdout=io.StringIO())
    text = err.getvalue()
    assert "已校验 [" in text and "100% 3/3 行" in text
    assert "已写入 [" in text


@pytest.mark.django_db
def test_the_job_pages_read_a_bounded_number_of_rows(client, clerk, committee):
    """The job page and its progress answer in a few queries, however many problems a job
    has (they are one JSON column, the annotated workbook is not loaded)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(clerk)
    bad = [case_row(committee, 案号=f"调字〔2023〕第{k}号", 纠纷类型="吵架") for k in range(40)]
    client.post("/data/import/", {"file": upload(book(bad, []))})
    job = ImportJob.objects.get()
    assert job.problem_count >= 40
    for path, budget in (("", 20), ("progress.json", 12)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/data/import/{job.pk}/{path}")
        assert response.status_code == 200
        assert len(queries) <= budget, (path, [q["sql"][:120] for q in queries])


@pytest.mark.django_db
def test_a_job_whose_process_died_is_reported_not_left_running(clerk, settings):
    """A job whose progress stopped moving (its server process died: the one transaction of
    the import rolled back with it) is reported as not done, with what to do; a job whose
    progress moves recently is left running."""
    import os
    import time

    settings.SIFA_IMPORT_STALE_SECONDS = 60
    dead = ImportJob.objects.create(user=clerk, filename="调解.xlsx", status="running")
    alive = ImportJob.objects.create(user=clerk, filename="调解2.xlsx", status="running")
    for job in (dead, alive):
        jobs.JobProgress(job.pk)  # writes its progress file now
    old = time.time() - 120
    os.utime(jobs.progress_path(dead.pk), (old, old))

    assert jobs.read_progress(alive)["status"] == ImportJob.Status.RUNNING
    state = jobs.read_progress(dead)
    assert state["status"] == ImportJob.Status.ERROR and state["finished"]
    dead.refresh_from_db()
    assert dead.problems[0][3] == jobs.MSG_INTERRUPTED and dead.upload is None
