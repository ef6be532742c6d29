"""Put a backup made by `sifa backup` back in place (stop the site first).

The whole file is checked and restored into a new file or database before anything is switched;
the data it replaces is kept as a safety copy whose name is printed (see sifa.core.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from sifa.core import backup


class Command(BaseCommand):
    # A backup or a restore must work even when some other part fails its checks.
    requires_system_checks = []

    help = (
        "从 sifa backup 生成的文件恢复全部数据（先完整校验，再切换；原有数据另存一份；"
        "请先停止网站服务）。"
    )

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
        vendor = connections["default"].vendor
        connections.close_all()
        if vendor == "sqlite":
            message = backup.sqlite_restore(source, db["NAME"])
        elif vendor == "postgresql":
            message = backup.pg_restore(source, db)
        else:
            raise CommandError(f"不支持的数据库类型：{vendor}。")
        self.stdout.write(message)
