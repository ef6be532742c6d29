import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sifa.dataio.importer import Progress as ImportProgress


class Progress(ImportProgress):
    """A progress bar on stderr: rows read and validated, then rows written (redrawn in place
    on a terminal, a line every few seconds otherwise)."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.phase, self.total, self.n, self._last = "已校验", 0, 0, -1.0
        self.open = False

    def reading(self, total: int) -> None:
        self.phase, self.total, self.n = "已校验", total, 0
        self.draw(force=True)

    def validated(self, n: int = 1) -> None:
        self.n += n
        self.draw()

    def writing(self, total: int) -> None:
        self.finish_line()
        self.phase, self.total, self.n = "已写入", total, 0
        self.draw(force=True)

    def written(self, n: int) -> None:
        self.n += n
        self.draw()

    def draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < (0.2 if self.tty else 5.0):
            return
        self._last = now
        share = min(1.0, self.n / self.total) if self.total else 0.0
        filled = int(self.WIDTH * share)
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        of = f"/{self.total}" if self.total else ""
        line = f"{self.phase} [{bar}] {share:4.0%} {self.n}{of} 行"
        if self.tty:
            self.stream.write("\r" + line)
            self.open = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish_line(self) -> None:
        if self.total or self.n:
            self.draw(force=True)
        if self.open:
            self.stream.write("\n")
            self.open = False

    def done(self) -> None:
        self.finish_line()


class Command(BaseCommand):
    help = "从 Excel 工作簿导入记录：先整体校验，全部无误才写入（一次事务）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--user", help="以哪个账号的身份导入（默认系统）")
        parser.add_argument("--annotated", help="有错误时，把标注了错误的副本写到这个文件")

    def handle(self, *args, file, dry_run, user, annotated, **options):
        from sifa.accounts.models import User
        from sifa.dataio.importer import import_workbook

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件 {file} 不存在。")
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"账号“{user}”不存在或已停用。")
        progress = Progress(getattr(self.stderr, "_out", sys.stderr))
        result = import_workbook(
            path.read_bytes(), user=actor, filename=path.name, dry_run=dry_run, progress=progress
        )
        progress.done()
        if not result.ok:
            for problem in result.problems[:200]:
                self.stderr.write(str(problem))
            if len(result.problems) > 200:
                self.stderr.write(f"……共 {len(result.problems)} 处问题。")
            if annotated and result.annotation_note:
                self.stderr.write(result.annotation_note)
            if annotated and result.annotated:
                Path(annotated).write_bytes(result.annotated)
                self.stderr.write(f"已把标注了错误的副本写到 {annotated}。")
            elif annotated and result.error_list:
                Path(annotated).write_bytes(result.error_list)
                self.stderr.write(f"已把问题清单（每处问题一行）写到 {annotated}。")
            raise CommandError(
                f"导入未执行：发现 {len(result.problems)} 处问题，没有写入任何数据。"
            )
        c = result.counts
        verb = "校验通过（未写入）" if dry_run else "导入完成"
        self.stdout.write(
            f"{verb}：新增 {c['created']} 条，更新 {c['updated']} 条，未变 {c['unchanged']} 条。"
        )
        if result.batch:
            self.stdout.write(
                f"导入批次编号 {result.batch.pk}，可在“数据导入导出 › 导入批次”中整体撤销。"
            )
