"""A consistent copy of all data: SQLite's online backup API, or pg_dump for PostgreSQL."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sifa.core import backup
from sifa.core.backup import pg_args as pg_env  # noqa: F401  (kept for older imports)


class Command(BaseCommand):
    # A backup or a restore must work even when some other part fails its checks.
    requires_system_checks = []

    help = "备份全部数据到一个文件（SQLite 为带校验和的数据库副本，PostgreSQL 为 pg_dump 自定义格式）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")

    def handle(self, *args, file, **options):
        target = Path(file).expanduser().resolve()
        if not target.parent.is_dir():
            raise CommandError(f"备份目录 {target.parent} 不存在。")
        db = settings.DATABASES["default"]
        if connection.vendor == "sqlite":
            backup.sqlite_backup(db["NAME"], target)
        elif connection.vendor == "postgresql":
            backup.pg_backup(db, target)
        else:
            raise CommandError(f"不支持的数据库类型：{connection.vendor}。")
        self.stdout.write(f"已备份到 {target}（{target.stat().st_size // 1024} KB）。")
