"""Put a backup made by `sifa backup` back in place (stop the site first)."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import pg_env


class Command(BaseCommand):
    help = "从 sifa backup 生成的文件恢复全部数据（会覆盖现有数据；请先停止网站服务）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖")

    def handle(self, *args, file, yes, **options):
        source = Path(file).expanduser().resolve()
        if not source.is_file():
            raise CommandError(f"备份文件 {source} 不存在。")
        if not yes:
            raise CommandError("恢复会覆盖现有全部数据。确认无误后请加 --yes 再运行。")
        db = settings.DATABASES["default"]
        connection.close()
        if connection.vendor == "sqlite":
            try:
                src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
                src.execute("SELECT count(*) FROM django_migrations").fetchone()
            except sqlite3.DatabaseError:
                raise CommandError(f"{source.name} 不是 Sifa 的 SQLite 备份文件。")
            dest = sqlite3.connect(db["NAME"])
            with dest:
                src.backup(dest)
            dest.close()
            src.close()
        elif connection.vendor == "postgresql":
            if not shutil.which("pg_restore"):
                raise CommandError("未找到 pg_restore，请先安装 PostgreSQL 客户端。")
            args, env = pg_env(db)
            result = subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    *args,
                    "-d",
                    db["NAME"],
                    str(source),
                ],
                env={**env, "PATH": "/usr/bin:/bin:/usr/local/bin"},
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"恢复失败：{result.stderr.strip().splitlines()[-1]}")
        else:
            raise CommandError(f"不支持的数据库类型：{connection.vendor}。")
        self.stdout.write(f"已从 {source} 恢复。")
