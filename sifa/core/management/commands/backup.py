"""A consistent copy of all data: SQLite's online backup API, or pg_dump for PostgreSQL."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def pg_env(db: dict) -> tuple[list[str], dict]:
    args = [
        "-h",
        db.get("HOST") or "localhost",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


class Command(BaseCommand):
    help = "备份全部数据到一个文件（SQLite 为数据库副本，PostgreSQL 为 pg_dump 自定义格式）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")

    def handle(self, *args, file, **options):
        target = Path(file).expanduser().resolve()
        if not target.parent.is_dir():
            raise CommandError(f"备份目录 {target.parent} 不存在。")
        db = settings.DATABASES["default"]
        if connection.vendor == "sqlite":
            source = sqlite3.connect(db["NAME"])
            dest = sqlite3.connect(target)
            with dest:
                source.backup(dest)
            dest.close()
            source.close()
        elif connection.vendor == "postgresql":
            if not shutil.which("pg_dump"):
                raise CommandError("未找到 pg_dump，请先安装 PostgreSQL 客户端。")
            args, env = pg_env(db)
            result = subprocess.run(
                ["pg_dump", "-Fc", *args, "-f", str(target), db["NAME"]],
                env={**env, "PATH": "/usr/bin:/bin:/usr/local/bin"},
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"备份失败：{result.stderr.strip().splitlines()[-1]}")
        else:
            raise CommandError(f"不支持的数据库类型：{connection.vendor}。")
        self.stdout.write(f"已备份到 {target}（{target.stat().st_size // 1024} KB）。")
