"""`sifa restore` refuses a truncated, damaged, foreign or other-version file and leaves the data
exactly as it was; a good backup is restored and the data it replaces is kept as a safety copy.

Every test works on its own installation (a copied SQLite file in a temporary SIFA_HOME, or a
PostgreSQL database cloned from a migrated template with a name unique to this run), never on
the test database, and runs `sifa` in a subprocess as an administrator would. The tests run on
the database the suite runs on (SIFA_DATABASE_URL)."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest

from sifa.core.backup import APPLICATION_ID_OFFSET, PG_TRAILER_LENGTH

URL = os.environ.get("SIFA_DATABASE_URL", "")
ON_PG = URL.startswith("postgres")
BACKEND = "postgresql" if ON_PG else "sqlite"
pg_only = pytest.mark.skipif(not ON_PG, reason="PostgreSQL restore (suite runs on SQLite)")
sqlite_only = pytest.mark.skipif(ON_PG, reason="SQLite restore (suite runs on PostgreSQL)")

SEED_ROWS = 30_000
UNCHANGED = "现有数据未改动"


def run_sifa(*args, env: dict) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "SIFA_SECRET_KEY": "restore-tests-" + "x" * 40, **env}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    if "SIFA_DATABASE_URL" not in env:
        full_env.pop("SIFA_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "sifa.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def seed_names():
    """Rows that compress poorly, so most of a PostgreSQL archive is table data."""
    return [(f"组{i:05d}-{hashlib.md5(str(i).encode()).hexdigest()}",) for i in range(SEED_ROWS)]


# --- installations ---------------------------------------------------------------------------


class SqliteSite:
    def __init__(self, home: Path):
        self.home = home
        self.file = home / "sifa.sqlite3"
        self.env = {"SIFA_HOME": str(home)}

    def sql(self, statement: str, params=()):
        conn = sqlite3.connect(self.file)
        with conn:
            conn.execute(statement, params)
        conn.close()

    def snapshot(self) -> dict[str, tuple[int, str]]:
        conn = sqlite3.connect(self.file)  # read-write, so closing it cleans up -wal/-shm
        try:
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            result = {}
            for table in sorted(tables):
                rows = sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{table}"'))
                result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
            return result
        finally:
            conn.close()

    def leftovers(self) -> list[str]:
        """Files a failed restore must not leave (temporary copies, safety copies)."""
        expected = {"sifa.sqlite3", "static", "media", "secret_key"}
        return sorted(p.name for p in self.home.iterdir() if p.name not in expected)

    def safety_snapshot(self, stdout: str):
        match = re.search(r"原有数据已另存为 (\S+?\.sqlite3)", stdout)
        assert match, stdout
        path = Path(match.group(1))
        assert path.is_file() and path.parent == self.home
        return SqliteSite.at(path).snapshot()

    @classmethod
    def at(cls, file: Path):
        site = cls(file.parent)
        site.file = file
        return site


class PgSite:
    def __init__(self, name: str, prefix: str):
        self.name = name
        self.prefix = prefix
        self.env = {"SIFA_DATABASE_URL": pg_url(name)}

    def connect(self):
        return pg_connect(self.name)

    def sql(self, statement: str, params=()):
        with self.connect() as conn:
            conn.execute(statement, params or None)

    def snapshot(self) -> dict[str, tuple[int, str]]:
        with self.connect() as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            result = {}
            for table in tables:
                count, digest = conn.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"
                ).fetchone()
                result[table] = (count, digest)
            return result

    def leftovers(self) -> list[str]:
        with pg_connect("postgres") as conn:
            rows = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [self.name + "_%"]
            ).fetchall()
        return sorted(r[0] for r in rows)

    def safety_snapshot(self, stdout: str):
        match = re.search(r"原有数据保留在数据库 (\w+)", stdout)
        assert match, stdout
        return PgSite(match.group(1), self.prefix).snapshot()


def pg_url(name: str) -> str:
    p = dj_database_url.parse(URL)
    return f"postgres://{p['USER']}:{p['PASSWORD']}@{p['HOST']}:{p['PORT'] or 5432}/{name}"


def pg_connect(name: str):
    import psycopg

    p = dj_database_url.parse(URL)
    return psycopg.connect(
        host=p["HOST"],
        port=p["PORT"] or 5432,
        user=p["USER"],
        password=p["PASSWORD"],
        dbname=name,
        autocommit=True,
    )


def pg_admin(statement: str, params=()):
    with pg_connect("postgres") as conn:
        cur = conn.execute(statement, params or None)
        return cur.fetchall() if cur.description else None


def wait_until_unused(name: str):
    """A closed connection's server process ends a moment later; cloning needs none left."""
    for _ in range(300):
        [(count,)] = pg_admin("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name])
        if not count:
            return
        time.sleep(0.1)


@pytest.fixture(scope="module")
def prefix():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"sifa_rt_{worker}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def master(tmp_path_factory, prefix):
    """One migrated, seeded installation per module; every test copies it."""
    if ON_PG:
        site = PgSite(f"{prefix}_master", prefix)
        pg_admin(f'CREATE DATABASE "{site.name}"')
    else:
        site = SqliteSite(tmp_path_factory.mktemp("master"))
    result = run_sifa("migrate", "-v0", env=site.env)
    assert result.returncode == 0, result.stderr
    if ON_PG:
        with site.connect() as conn, conn.cursor() as cur:
            cur.executemany("INSERT INTO auth_group (name) VALUES (%s)", seed_names())
    else:
        conn = sqlite3.connect(site.file)
        with conn:
            conn.executemany("INSERT INTO auth_group (name) VALUES (?)", seed_names())
        conn.close()
    # Read once here, so that no test holds a connection to the template it is cloned from.
    site.frozen = site.snapshot()
    if ON_PG:
        with site.connect() as conn:
            site.migration_rows = conn.execute(
                "SELECT app, name, applied::text FROM django_migrations"
            ).fetchall()
    else:
        conn = sqlite3.connect(site.file)
        site.migration_rows = conn.execute(
            "SELECT app, name, applied FROM django_migrations"
        ).fetchall()
        conn.close()
    yield site
    if ON_PG:
        with pg_connect("postgres") as conn:
            for (name,) in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"]
            ).fetchall():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def make_site(master, tmp_path, prefix):
    """A fresh installation holding the master's data."""
    made = []

    def make():
        n = len(made)
        if ON_PG:
            site = PgSite(f"{prefix}_t{uuid.uuid4().hex[:6]}", prefix)
            wait_until_unused(master.name)
            pg_admin(f'CREATE DATABASE "{site.name}" TEMPLATE "{master.name}"')
        else:
            home = tmp_path / f"site{n}"
            home.mkdir()
            shutil.copyfile(master.file, home / "sifa.sqlite3")
            site = SqliteSite(home)
        made.append(site)
        return site

    return make


@pytest.fixture
def site(make_site):
    return make_site()


@pytest.fixture(scope="module")
def good_backup(master, tmp_path_factory):
    path = tmp_path_factory.mktemp("backups") / "good.bak"
    result = run_sifa("backup", str(path), env=master.env)
    assert result.returncode == 0, result.stderr
    assert "已备份到" in result.stdout
    return path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_refused(site, path: Path, *phrases: str):
    before = site.snapshot()
    result = run_sifa("restore", str(path), "--yes", env=site.env)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert UNCHANGED in result.stderr, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr
    assert "已从" not in result.stdout
    after = site.snapshot()
    assert after == before  # row counts and a content hash per table
    assert after["auth_group"][0] == SEED_ROWS
    assert site.leftovers() == []
    return result


# --- refused files ---------------------------------------------------------------------------


def test_truncated_backup_is_refused(site, good_backup, tmp_path):
    data = good_backup.read_bytes()
    assert_refused(site, write(tmp_path, "half.bak", data[: len(data) // 2]))


def test_flipped_byte_is_refused_by_the_checksum(site, good_backup, tmp_path):
    data = bytearray(good_backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    assert_refused(site, write(tmp_path, "flipped.bak", bytes(data)), "校验和不符")


def test_every_region_of_the_file_is_covered_by_the_checksum(site, good_backup, tmp_path):
    data = good_backup.read_bytes()
    for where in (20, len(data) // 7, len(data) - PG_TRAILER_LENGTH - 1):
        damaged = bytearray(data)
        damaged[where] ^= 0x40
        assert_refused(site, write(tmp_path, f"flip{where}.bak", bytes(damaged)), "校验和不符")


def test_empty_file_is_refused(site, tmp_path):
    assert_refused(site, write(tmp_path, "empty.bak", b""), "不是")


def test_random_bytes_are_refused(site, tmp_path):
    data = random.Random(7).randbytes(200_000)
    assert_refused(site, write(tmp_path, "random.bak", data), "不是")


def test_sqlite_file_holding_only_django_migrations_is_refused(site, master, tmp_path):
    """The reported defect: such a file replaced all 77 tables. Its migrations match exactly."""
    rows = master.migration_rows
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    with conn:
        conn.execute(
            "CREATE TABLE django_migrations (id integer PRIMARY KEY, app text, name text, applied text)"
        )
        conn.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, ?)", rows
        )
    conn.close()
    assert_refused(site, foreign, "不是")


@pytest.mark.parametrize("version", ["older", "newer"])
def test_backup_from_another_version_is_refused(make_site, tmp_path, version):
    other = make_site()
    if version == "older":
        other.sql(
            "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
        )
    else:
        other.sql(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('core', '9999_future', '2030-01-01')"
        )
    path = tmp_path / f"{version}.bak"
    made = run_sifa("backup", str(path), env=other.env)
    assert made.returncode == 0, made.stderr
    result = assert_refused(make_site(), path, "另一版本")
    assert ("较旧版本" if version == "older" else "较新版本") in result.stderr


# --- backups made before checksums: judged by the database's own checks ----------------------


@sqlite_only
def test_sqlite_unchecksummed_flipped_structure_byte_is_refused(site, good_backup, tmp_path):
    """The reported defect: a flipped byte gave '已从…恢复', exit 0, and a malformed database."""
    data = bytearray(good_backup.read_bytes())
    data[APPLICATION_ID_OFFSET : APPLICATION_ID_OFFSET + 4] = b"\0\0\0\0"  # no checksum stamp
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    # The page-type byte of a b-tree page in the middle of the file.
    page = next(
        p
        for p in range(pages // 2, pages)
        if data[p * page_size] in (0x02, 0x05, 0x0A, 0x0D) and data[p * page_size + 7] == 0
    )
    data[page * page_size] = 0xFF
    assert_refused(site, write(tmp_path, "flipped-old.bak", bytes(data)), "已损坏")


@sqlite_only
def test_sqlite_unchecksummed_truncated_file_is_refused(site, good_backup, tmp_path):
    data = bytearray(good_backup.read_bytes())
    data[APPLICATION_ID_OFFSET : APPLICATION_ID_OFFSET + 4] = b"\0\0\0\0"
    assert_refused(site, write(tmp_path, "half-old.bak", bytes(data[: len(data) // 2])), "已损坏")


@pg_only
def test_pg_unchecksummed_flipped_data_byte_is_refused(site, good_backup, tmp_path):
    """The reported defect: a flipped byte left 13 rows. Half the file is the seeded table's
    compressed data, which zlib's own check covers; pg_restore fails in a scratch database."""
    data = bytearray(good_backup.read_bytes()[:-PG_TRAILER_LENGTH])
    data[len(data) // 2] ^= 0x01
    assert_refused(site, write(tmp_path, "flipped-old.bak", bytes(data)), "无法完整恢复")


@pg_only
def test_pg_unchecksummed_truncated_file_is_refused(site, good_backup, tmp_path):
    """The reported defect: a backup truncated to 50% left 13 of 39,481 rows."""
    data = good_backup.read_bytes()[:-PG_TRAILER_LENGTH]
    assert_refused(site, write(tmp_path, "half-old.bak", data[: len(data) // 2]))


@pg_only
def test_pg_dump_of_a_foreign_database_is_refused(site, master, prefix, tmp_path):
    """A valid pg_dump archive holding only django_migrations with this version's rows."""
    foreign = f"{prefix}_foreign"
    pg_admin(f'CREATE DATABASE "{foreign}"')
    with pg_connect(foreign) as dst:
        rows = master.migration_rows
        dst.execute(
            "CREATE TABLE django_migrations (id serial PRIMARY KEY, app text, name text, applied timestamptz)"
        )
        with dst.cursor() as cur:
            cur.executemany(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)", rows
            )
    p = dj_database_url.parse(URL)
    path = tmp_path / "foreign.dump"
    subprocess.run(
        ["pg_dump", "-Fc", "-h", p["HOST"], "-p", str(p["PORT"] or 5432), "-U", p["USER"]]
        + ["-f", str(path), foreign],
        env={**os.environ, "PGPASSWORD": p["PASSWORD"]},
        check=True,
    )
    assert_refused(site, path, "缺少数据表")


@pg_only
def test_sqlite_backup_given_to_postgresql_is_refused(site, tmp_path):
    conn = sqlite3.connect(tmp_path / "some.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert_refused(site, tmp_path / "some.sqlite3", "不是有效的 PostgreSQL 备份文件")


# --- a running site -------------------------------------------------------------------------


def test_restore_while_the_database_is_in_use_is_refused(site, good_backup):
    if ON_PG:
        holder = site.connect()
    else:
        holder = sqlite3.connect(site.file)
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("SELECT count(*) FROM auth_group").fetchone()
    try:
        before = site.snapshot()
        result = run_sifa("restore", str(good_backup), "--yes", env=site.env)
        assert result.returncode != 0, result.stdout
        assert "请先停止网站服务" in result.stderr and UNCHANGED in result.stderr
    finally:
        holder.close()
    assert site.snapshot() == before
    assert site.leftovers() == []


# --- a good backup -------------------------------------------------------------------------


def test_good_backup_restores_and_keeps_a_safety_copy(site, master, good_backup):
    site.sql("DELETE FROM auth_group WHERE id % 3 = 0")
    site.sql("INSERT INTO auth_group (name) VALUES ('恢复前新增的组')")
    before = site.snapshot()
    assert before != master.frozen

    result = run_sifa("restore", str(good_backup), "--yes", env=site.env)
    assert result.returncode == 0, result.stderr
    assert "已从" in result.stdout and "恢复" in result.stdout

    assert site.snapshot() == master.frozen
    assert site.safety_snapshot(result.stdout) == before  # the replaced data, kept


def test_restore_needs_yes(site, good_backup):
    before = site.snapshot()
    result = run_sifa("restore", str(good_backup), env=site.env)
    assert result.returncode != 0
    assert "--yes" in result.stderr
    assert site.snapshot() == before


def test_missing_file_is_refused(site, tmp_path):
    result = run_sifa("restore", str(tmp_path / "nowhere.bak"), "--yes", env=site.env)
    assert result.returncode != 0
    assert "不存在" in result.stderr


def test_backend_under_test(site):
    """The module runs against the database the suite runs on."""
    assert isinstance(site, PgSite if BACKEND == "postgresql" else SqliteSite)
