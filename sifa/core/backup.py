"""Backup and restore of the whole database, written so that a restore cannot lose data.

A restore never touches the live data until the backup has been read completely and checked:

* SQLite: the backup is copied next to the live file, its checksum (written by `sifa backup`
  into the file header), `PRAGMA integrity_check`, its applied migrations and its tables are
  checked on that copy; the live file is then copied to a safety file and the checked copy is
  moved over the live file with one atomic `os.replace`.
* PostgreSQL: the SHA-256 that `sifa backup` appends after the archive, `pg_restore --list`, then a full restore into a new scratch database in a single
  transaction (`--single-transaction --exit-on-error`); the scratch database's migrations and
  tables are checked; then, in one transaction, the live database is renamed to a safety name
  and the scratch database takes the live name.

Any failure before the switch leaves the installation as it was and raises CommandError with
one Chinese sentence; the messages are module constants so tests can assert them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import uuid
import zlib
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

SQLITE_MAGIC = b"SQLite format 3\x00"
# `PRAGMA application_id` of a checksummed Sifa backup ("SIFA"); the CRC-32 of the whole file,
# computed with the user_version field (header bytes 60-63) zeroed, is stored in user_version.
SIFA_APPLICATION_ID = 0x53494641
USER_VERSION_OFFSET = 60
APPLICATION_ID_OFFSET = 68
# A pg_dump archive made by `sifa backup` ends with this line and the SHA-256 (hex) of all the
# bytes before it; pg_restore never reads past the archive's last data block, so it ignores it.
PG_TRAILER_PREFIX = b"\nSIFA-BACKUP-SHA256:"
PG_TRAILER_LENGTH = len(PG_TRAILER_PREFIX) + 64 + 1

MSG_NOT_SQLITE = "{name} 不是 SQLite 数据库文件，不是 Sifa 的备份；现有数据未改动。"
MSG_CHECKSUM = "备份文件 {name} 已损坏（校验和不符，文件被截断或改动过）；现有数据未改动。"
MSG_CORRUPT = "备份文件 {name} 已损坏（{detail}）；现有数据未改动。"
MSG_FOREIGN = "{name} 不是 Sifa 的备份文件（{detail}）；现有数据未改动。"
MSG_OTHER_VERSION = (
    "备份文件 {name} 来自另一版本的 Sifa（{detail}），与当前程序的数据库结构不符，不能恢复；"
    "请用生成该备份的同一版本恢复。现有数据未改动。"
)
MSG_NOT_PG_ARCHIVE = (
    "{name} 不是有效的 PostgreSQL 备份文件（pg_restore 无法读取：{detail}）；现有数据未改动。"
)
MSG_PG_RESTORE_FAILED = (
    "备份文件 {name} 无法完整恢复（文件可能已损坏或被截断：{detail}）；现有数据未改动。"
)
MSG_IN_USE = "数据库 {db} 正被其他程序使用，请先停止网站服务再恢复；现有数据未改动。"
MSG_SCRATCH_FAILED = "无法建立临时数据库 {db}（{detail}）；恢复需要建库权限。现有数据未改动。"
MSG_SWITCH_FAILED = "切换到恢复后的数据时出错（{detail}）；现有数据未改动。"
MSG_NO_TOOL = "未找到 {tool}，请先安装 PostgreSQL 客户端。"
MSG_MEMORY_DB = "内存数据库不能恢复。"
MSG_RESTORED_SQLITE = "已从 {source} 恢复。原有数据已另存为 {safety}（确认无误后可删除）。"
MSG_RESTORED_PG = (
    "已从 {source} 恢复到数据库 {db}。原有数据保留在数据库 {safety}"
    '（确认无误后可删除：DROP DATABASE "{safety}";）。'
)
MSG_RESTORED_NO_SAFETY = "已从 {source} 恢复（此前没有数据，无需另存）。"


# --- what this version of Sifa expects -------------------------------------------------------


def expected_migrations() -> set[tuple[str, str]]:
    """(app, name) of every migration this version ships: exactly what a full migrate records."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.disk_migrations)


def expected_tables() -> set[str]:
    from django.db import connection

    return set(connection.introspection.django_table_names(include_views=False)) | {
        "django_migrations"
    }


def _describe(items: set[tuple[str, str]], limit: int = 3) -> str:
    names = [f"{app}.{name}" for app, name in sorted(items)]
    more = f" 等 {len(names)} 项" if len(names) > limit else ""
    return "、".join(names[:limit]) + more


def check_contents(name: str, applied: set[tuple[str, str]] | None, tables: set[str]) -> None:
    """Refuse a file whose migrations are not exactly this version's, or that lacks a table."""
    if applied is None:
        raise CommandError(MSG_FOREIGN.format(name=name, detail="没有 django_migrations 表"))
    expected = expected_migrations()
    if applied != expected:
        missing, extra = expected - applied, applied - expected
        if not applied & expected:
            raise CommandError(MSG_FOREIGN.format(name=name, detail="迁移记录与 Sifa 无一相同"))
        parts = []
        if missing:
            parts.append(f"缺少迁移 {_describe(missing)}，是较旧版本")
        if extra:
            parts.append(f"多出迁移 {_describe(extra)}，是较新版本或其他程序")
        raise CommandError(MSG_OTHER_VERSION.format(name=name, detail="；".join(parts)))
    absent = expected_tables() - tables
    if absent:
        shown = "、".join(sorted(absent)[:3]) + (f" 等 {len(absent)} 张" if len(absent) > 3 else "")
        raise CommandError(MSG_FOREIGN.format(name=name, detail=f"缺少数据表 {shown}"))


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # directories cannot be opened on Windows
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else "未知错误"


# --- SQLite ----------------------------------------------------------------------------------


def sqlite_checksum(path: Path) -> int:
    """CRC-32 of the file with the user_version field zeroed."""
    with open(path, "rb") as f:
        head = f.read(100)
        crc = zlib.crc32(head[:USER_VERSION_OFFSET] + b"\0\0\0\0" + head[USER_VERSION_OFFSET + 4 :])
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def read_header(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(100)


def sqlite_backup(source_name: str, target: Path) -> None:
    """A consistent, self-contained, checked and checksummed copy of the live SQLite file."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        source = sqlite3.connect(source_name)
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
            dest.execute(f"PRAGMA application_id={SIFA_APPLICATION_ID}")
            dest.execute("PRAGMA user_version=0")
            result = dest.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise CommandError(
                    f"备份失败：数据库自检未通过（{result[0][0]}），请检查数据库文件。"
                )
        finally:
            dest.close()
            source.close()
        crc = sqlite_checksum(tmp)
        with open(tmp, "r+b") as f:
            f.seek(USER_VERSION_OFFSET)
            f.write(struct.pack(">I", crc))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _sqlite_sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def _verify_sqlite_copy(copy: Path, name: str) -> None:
    """Every check on the copy that is about to become the live file; raises CommandError."""
    header = read_header(copy)
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise CommandError(MSG_NOT_SQLITE.format(name=name))
    (app_id,) = struct.unpack(">I", header[APPLICATION_ID_OFFSET : APPLICATION_ID_OFFSET + 4])
    if app_id == SIFA_APPLICATION_ID:
        (stored,) = struct.unpack(">I", header[USER_VERSION_OFFSET : USER_VERSION_OFFSET + 4])
        if sqlite_checksum(copy) != stored:
            raise CommandError(MSG_CHECKSUM.format(name=name))
    # Backups made before checksums existed are judged by SQLite's own check alone.
    try:
        conn = sqlite3.connect(copy)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise CommandError(MSG_CORRUPT.format(name=name, detail=result[0][0]))
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            applied = None
            if "django_migrations" in tables:
                applied = set(conn.execute("SELECT app, name FROM django_migrations").fetchall())
            check_contents(name, applied, tables)
            # The new live file carries no backup stamp (a later plain copy of it stays valid)
            # and no journal of its own.
            conn.execute("PRAGMA application_id=0")
            conn.execute("PRAGMA user_version=0")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CommandError(MSG_CORRUPT.format(name=name, detail=str(exc)))
    if any(p.exists() for p in _sqlite_sidecars(copy)):
        raise CommandError(MSG_CORRUPT.format(name=name, detail="无法整理日志文件"))


def _safety_path(live: Path) -> Path:
    stamp = _stamp()
    candidate = live.with_name(f"{live.stem}.before-restore-{stamp}{live.suffix}")
    n = 2
    while candidate.exists():
        candidate = live.with_name(f"{live.stem}.before-restore-{stamp}-{n}{live.suffix}")
        n += 1
    return candidate


def sqlite_restore(source: Path, live_name: str) -> str:
    """Restore `source` over the live SQLite file; returns the message for the user."""
    if not live_name or live_name == ":memory:" or "mode=memory" in str(live_name):
        raise CommandError(MSG_MEMORY_DB)
    live = Path(live_name).resolve()
    name = source.name
    new = live.with_name(f".{live.name}.restore-{uuid.uuid4().hex[:8]}")
    safety: Path | None = None
    switched = False
    try:
        shutil.copyfile(source, new)
        _verify_sqlite_copy(new, name)
        _fsync(new)
        if live.exists():
            safety = _safety_path(live)
            _set_aside(live, safety)
        os.replace(new, live)
        switched = True
        _fsync(live.parent)
    except OSError as exc:
        raise CommandError(MSG_SWITCH_FAILED.format(detail=exc.strerror or str(exc)))
    finally:
        new.unlink(missing_ok=True)
        for p in _sqlite_sidecars(new):
            p.unlink(missing_ok=True)
        if not switched and safety is not None:
            safety.unlink(missing_ok=True)
    if safety is None:
        return MSG_RESTORED_NO_SAFETY.format(source=source)
    return MSG_RESTORED_SQLITE.format(source=source, safety=safety)


def _set_aside(live: Path, safety: Path) -> None:
    """Copy the live file to `safety` while no one else can write it, and leave the live file
    without -wal/-journal files, so that the file moved over it is not paired with a stale log.
    On failure the live file is as it was (its journal mode put back)."""
    try:
        conn = sqlite3.connect(live, timeout=2, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise CommandError(MSG_SWITCH_FAILED.format(detail=str(exc)))
    mode = None
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            # Leaving WAL needs the only connection: a running site makes this fail.
            if conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] != "delete":
                raise CommandError(MSG_IN_USE.format(db=live))
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            raise CommandError(MSG_IN_USE.format(db=live))
        try:
            shutil.copyfile(live, safety)
            _fsync(safety)
        finally:
            conn.execute("ROLLBACK")
    except BaseException:
        safety.unlink(missing_ok=True)
        if mode and mode != "delete":
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute(f"PRAGMA journal_mode={mode}")
        conn.close()
        raise
    conn.close()
    if any(p.exists() for p in _sqlite_sidecars(live)):
        safety.unlink(missing_ok=True)
        raise CommandError(MSG_IN_USE.format(db=live))


# --- PostgreSQL ------------------------------------------------------------------------------

LIBPQ_OPTIONS = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "passfile"}


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise CommandError(MSG_NO_TOOL.format(tool=name))
    return path


def pg_args(db: Mapping[str, Any]) -> tuple[list[str], dict]:
    """Connection arguments and environment for pg_dump / pg_restore."""
    args = [
        "-h",
        db.get("HOST") or "localhost",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin:/usr/local/bin")}
    env["PGPASSWORD"] = db.get("PASSWORD") or ""
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    if os.name == "nt" and "SYSTEMROOT" in os.environ:
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return args, env


def pg_connect(db: Mapping[str, Any], dbname: str):
    import psycopg

    options = {k: v for k, v in (db.get("OPTIONS") or {}).items() if k in LIBPQ_OPTIONS}
    return psycopg.connect(
        host=db.get("HOST") or "localhost",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or "",
        dbname=dbname,
        autocommit=True,
        **options,
    )


def pg_admin_connect(db: Mapping[str, Any]):
    """A connection to a database other than the live one (renaming needs that)."""
    import psycopg

    error = None
    for dbname in ("postgres", "template1"):
        try:
            return pg_connect(db, dbname)
        except psycopg.OperationalError as exc:
            error = exc
    raise CommandError(MSG_SWITCH_FAILED.format(detail=_last_line(str(error))))


def _sha256(path: Path, length: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while length > 0 and (chunk := f.read(min(length, 1 << 20))):
            digest.update(chunk)
            length -= len(chunk)
    return digest.hexdigest()


def pg_trailer_ok(path: Path) -> bool | None:
    """True/False when the archive carries a Sifa checksum; None for one made without it."""
    size = path.stat().st_size
    if size < PG_TRAILER_LENGTH:
        return None
    with open(path, "rb") as f:
        f.seek(size - PG_TRAILER_LENGTH)
        tail = f.read()
    match = re.fullmatch(re.escape(PG_TRAILER_PREFIX) + rb"([0-9a-f]{64})\n", tail)
    if not match:
        return None
    return _sha256(path, size - PG_TRAILER_LENGTH) == match.group(1).decode()


def pg_backup(db: Mapping[str, Any], target: Path) -> None:
    pg_dump, pg_restore = pg_tool("pg_dump"), pg_tool("pg_restore")
    args, env = pg_args(db)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        result = subprocess.run(
            [pg_dump, "-Fc", *args, "-f", str(tmp), db["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"备份失败：{_last_line(result.stderr)}")
        check = subprocess.run([pg_restore, "--list", str(tmp)], capture_output=True, text=True)
        if check.returncode:
            raise CommandError(f"备份失败：生成的文件无法读取（{_last_line(check.stderr)}）。")
        trailer = PG_TRAILER_PREFIX + _sha256(tmp, tmp.stat().st_size).encode() + b"\n"
        with open(tmp, "ab") as f:
            f.write(trailer)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _pg_name(base: str, suffix: str) -> str:
    """An identifier of at most 63 bytes ending in `suffix`."""
    room = 63 - len(suffix.encode())
    head = base.encode()[:room].decode(errors="ignore")
    return head + suffix


def _pg_database(admin, name: str) -> dict | None:
    from psycopg.rows import dict_row

    with admin.cursor(row_factory=dict_row) as cur:
        cur.execute(
            "SELECT d.*, pg_encoding_to_char(d.encoding) AS encoding_name,"
            " pg_get_userbyid(d.datdba) AS owner_name, current_user AS me"
            " FROM pg_database d WHERE datname = %s",
            [name],
        )
        return cur.fetchone()


def _pg_create_like(admin, scratch: str, live: dict | None) -> None:
    from psycopg import sql

    parts = [sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(scratch))]
    if live:
        parts.append(sql.SQL("ENCODING {}").format(sql.Literal(live["encoding_name"])))
        parts.append(sql.SQL("LC_COLLATE {}").format(sql.Literal(live["datcollate"])))
        parts.append(sql.SQL("LC_CTYPE {}").format(sql.Literal(live["datctype"])))
        icu = live.get("daticulocale") or live.get("datlocale")
        if live.get("datlocprovider") == "i" and icu:
            parts.append(sql.SQL("LOCALE_PROVIDER icu ICU_LOCALE {}").format(sql.Literal(icu)))
        if live["owner_name"] != live["me"]:
            parts.append(sql.SQL("OWNER {}").format(sql.Identifier(live["owner_name"])))
    admin.execute(sql.SQL(" ").join(parts))
    if live:
        row = admin.execute(
            "SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = %s AND setrole = 0",
            [live["oid"]],
        ).fetchone()
        for setting in (row[0] if row else None) or []:
            key, _, value = setting.partition("=")
            admin.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(scratch), sql.Identifier(key), sql.Literal(value)
                )
            )


def _pg_drop(admin, name: str) -> None:
    from psycopg import sql

    with contextlib.suppress(Exception):
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _pg_contents(
    db: Mapping[str, Any], scratch: str
) -> tuple[set[tuple[str, str]] | None, set[str]]:
    with pg_connect(db, scratch) as conn:
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(current_schemas(false))"
            )
        }
        applied = None
        if "django_migrations" in tables:
            applied = set(conn.execute("SELECT app, name FROM django_migrations").fetchall())
    return applied, tables


def pg_restore(source: Path, db: Mapping[str, Any]) -> str:
    """Restore `source` into a new database and swap it in; returns the message for the user."""
    import psycopg
    from django.db import connections
    from psycopg import sql

    pg_restore_bin = pg_tool("pg_restore")
    args, env = pg_args(db)
    name, live_name = source.name, db["NAME"]

    if pg_trailer_ok(source) is False:
        raise CommandError(MSG_CHECKSUM.format(name=name))
    # Archives made before checksums existed are judged by pg_restore alone.
    listing = subprocess.run(
        [pg_restore_bin, "--list", str(source)], env=env, capture_output=True, text=True
    )
    if listing.returncode:
        raise CommandError(MSG_NOT_PG_ARCHIVE.format(name=name, detail=_last_line(listing.stderr)))
    if not re.search(r"TABLE DATA \S+ django_migrations ", listing.stdout):
        raise CommandError(MSG_FOREIGN.format(name=name, detail="没有 django_migrations 表"))

    admin = pg_admin_connect(db)
    scratch = _pg_name(live_name, f"_restoring_{uuid.uuid4().hex[:8]}")
    try:
        live = _pg_database(admin, live_name)
        try:
            _pg_create_like(admin, scratch, live)
        except psycopg.Error as exc:
            _pg_drop(admin, scratch)
            raise CommandError(MSG_SCRATCH_FAILED.format(db=scratch, detail=_last_line(str(exc))))
        try:
            result = subprocess.run(
                [
                    pg_restore_bin,
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-owner",
                    *args,
                    "-d",
                    scratch,
                    str(source),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(
                    MSG_PG_RESTORE_FAILED.format(name=name, detail=_last_line(result.stderr))
                )
            check_contents(name, *_pg_contents(db, scratch))
            safety = None
            connections.close_all()
            try:
                with admin.transaction():
                    if live:
                        safety = _pg_name(
                            live_name, f"_before_restore_{_stamp().replace('-', '_')}"
                        )
                        n = 2
                        while _pg_database(admin, safety):
                            safety = _pg_name(
                                live_name, f"_before_restore_{_stamp().replace('-', '_')}_{n}"
                            )
                            n += 1
                        admin.execute(
                            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                                sql.Identifier(live_name), sql.Identifier(safety)
                            )
                        )
                    admin.execute(
                        sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                            sql.Identifier(scratch), sql.Identifier(live_name)
                        )
                    )
            except psycopg.errors.ObjectInUse:
                raise CommandError(MSG_IN_USE.format(db=live_name))
            except psycopg.Error as exc:
                raise CommandError(MSG_SWITCH_FAILED.format(detail=_last_line(str(exc))))
        except BaseException:
            _pg_drop(admin, scratch)
            raise
    finally:
        admin.close()
    if safety is None:
        return MSG_RESTORED_NO_SAFETY.format(source=source)
    return MSG_RESTORED_PG.format(source=source, db=live_name, safety=safety)
