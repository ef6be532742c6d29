"""The import under gunicorn with two workers (the README's production command, fewer
workers): the import runs in the background of the worker that took the upload, and every
worker answers its progress and serves its annotated workbook (they are kept with the job, not
in one worker's memory). Runs a real server on its own SQLite database under a temporary
SIFA_HOME, as an operator would."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None
    or not sys.platform.startswith("linux"),
    reason="gunicorn runs on Linux here",
)

# The last case is wrong: the whole file is refused and annotated. For a measurement:
# SIFA_GUNICORN_CASES=100000 (a file too large to annotate gets the problems listed only),
# SIFA_GUNICORN_BAD=0 (a file that goes in), SIFA_GUNICORN_DATABASE_URL (an empty database,
# e.g. PostgreSQL, instead of the server's own SQLite file).
CASES = int(os.environ.get("SIFA_GUNICORN_CASES", "400"))
BAD = os.environ.get("SIFA_GUNICORN_BAD", "1") == "1"

SETUP = r"""
import datetime as dt
from sifa.accounts.models import User
from sifa.core.models import CountyProfile, Region, RegionLevel
from sifa.mediation.models import CommitteeMember, MediationCommittee

county = Region.objects.create(code="610999000000", name="测试县", level=RegionLevel.COUNTY)
CountyProfile.objects.create(region=county, county_name="测试", city_name="测试",
                             province_short="陕", party_congress="十七届三次", county_slogan="测试")
town = Region.objects.create(code="610999100000", name="甲镇", level=RegionLevel.TOWNSHIP,
                             parent=county)
village = Region.objects.create(code="610999100201", name="甲1村", level=RegionLevel.VILLAGE,
                                parent=town)
committee = MediationCommittee.objects.create(name="甲1村人民调解委员会", kind="village",
    region=village, term_start=dt.date(2021, 1, 1), term_end=dt.date(2025, 12, 31))
CommitteeMember.objects.create(committee=committee, name="刘佳", gender="F", role="chair",
                               from_on=dt.date(2021, 1, 1))
user = User(username="tiaojie", role="section", region=county, lines=["mediation"])
user.set_password("Gunicorn-test-2026")
user.save()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _book(path: Path) -> None:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    cases = wb.create_sheet("人民调解案件")
    cases.append(["所属区域", "案号", "调解委员会", "调解员", "受理日期", "纠纷类型", "状态"])
    parties = wb.create_sheet("当事人")
    parties.append(["调解案件", "姓名或名称", "当事人类型"])
    for k in range(1, CASES + 1):
        number = f"调字〔2023〕第{k}号"
        dispute = "吵架" if BAD and k == CASES else "邻里纠纷"
        cases.append(
            ["甲1村", number, "甲1村人民调解委员会", "刘佳", dt.date(2023, 3, 1), dispute, "受理"]
        )
        for name in ("张", "李"):
            parties.append([number, f"{name}{k}", "自然人"])
    wb.save(path)


@pytest.fixture
def server(tmp_path):
    env = {**os.environ, "SIFA_HOME": str(tmp_path), "SIFA_IMPORT_RUNNER": "thread"}
    for name in ("DJANGO_SETTINGS_MODULE", "SIFA_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)  # the server's own SQLite file under SIFA_HOME, base settings
    if os.environ.get("SIFA_GUNICORN_DATABASE_URL"):
        env["SIFA_DATABASE_URL"] = os.environ["SIFA_GUNICORN_DATABASE_URL"]
    cli = [sys.executable, "-m", "sifa.cli"]
    for args in (["migrate"], ["collectstatic", "--noinput"], ["shell", "-c", SETUP]):
        done = subprocess.run([*cli, *args], capture_output=True, text=True, env=env, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
    port = _free_port()
    log = tmp_path / "access.log"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [
            str(gunicorn),
            "sifa.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "300",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(m)s %(U)s %(s)s",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + 300
    while True:
        try:
            requests.get(f"{url}/login/", timeout=30)
            break
        except requests.ConnectionError:
            assert proc.poll() is None, proc.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.5)
    yield url, log
    proc.terminate()
    proc.wait(timeout=60)


def _served_by(log: Path, path: str) -> dict[str, set[str]]:
    """The worker pids that answered `path`, by status."""
    out: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        pid, _method, url, status = line.split()
        if url == path:
            out.setdefault(status, set()).add(pid)
    return out


def test_progress_and_annotated_workbook_from_either_worker(server, tmp_path):
    import requests

    url, log = server
    session = requests.Session()
    page = session.get(f"{url}/login/", timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{url}/login/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "tiaojie",
            "password": "Gunicorn-test-2026",
        },
        headers={"Referer": f"{url}/login/"},
        timeout=60,
    )
    assert response.url.rstrip("/") == url, response.text[:500]

    page = session.get(f"{url}/data/import/", timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    path = tmp_path / "调解.xlsx"
    _book(path)
    with path.open("rb") as f:
        response = session.post(
            f"{url}/data/import/",
            data={"csrfmiddlewaretoken": token},
            files={"file": ("调解.xlsx", f)},
            headers={"Referer": f"{url}/data/import/"},
            allow_redirects=False,
            timeout=120,
        )
    assert response.status_code == 302, response.text[:500]
    job_url = url + response.headers["Location"]
    job = job_url.rstrip("/").rsplit("/", 1)[-1]

    # Each poll on a new connection, so that both workers take some of them.
    seen: list[dict] = []
    started = time.monotonic()
    deadline = started + 3600
    while True:
        r = requests.get(
            f"{job_url}progress.json",
            cookies=session.cookies,
            headers={"Connection": "close"},
            timeout=120,
        )
        assert r.status_code == 200, r.status_code
        progress = r.json()
        seen.append(progress)
        if progress["finished"]:
            break
        assert time.monotonic() < deadline, seen[-1]
        time.sleep(0.2)
    took = time.monotonic() - started
    print(f"\n{3 * CASES} rows: {took:.1f} s after the upload, {len(seen)} progress answers")
    for _ in range(12):  # more answers once finished, from whichever worker takes them
        r = requests.get(f"{job_url}progress.json", cookies=session.cookies, timeout=60)
        assert r.status_code == 200 and r.json()["finished"]
    assert all(a["validated"] <= b["validated"] for a, b in zip(seen, seen[1:], strict=False))
    assert seen[-1]["validated"] == 3 * CASES
    page = session.get(job_url, timeout=60).text
    if not BAD:
        assert seen[-1]["status"] == "done" and seen[-1]["written"] == 3 * CASES, seen[-1]
        assert f"导入完成：新增 {3 * CASES} 条" in page
        served = _served_by(log, f"/data/import/{job}/progress.json")
        assert set(served) == {"200"} and len(served["200"]) == 2, served
        return
    assert seen[-1]["status"] == "refused" and seen[-1]["written"] == 0
    assert "没有写入任何数据" in page and "不在可选项中" in page
    annotated_expected = "下载标注了错误的工作簿" in page
    # a file too large to annotate gets the list of its problems to download instead
    assert annotated_expected or (CASES > 5000 and "下载问题清单" in page)
    download = "annotated.xlsx" if annotated_expected else "errors.xlsx"
    for _ in range(12):
        r = requests.get(
            f"{job_url}{download}",
            cookies=session.cookies,
            headers={"Connection": "close"},
            timeout=60,
        )
        assert r.status_code == 200, r.status_code
        assert r.content[:2] == b"PK"

    served = _served_by(log, f"/data/import/{job}/progress.json")
    assert set(served) == {"200"}, served
    assert len(served["200"]) == 2, "both workers answered the progress"
    downloads = _served_by(log, f"/data/import/{job}/{download}")
    assert set(downloads) == {"200"} and len(downloads["200"]) == 2, downloads
