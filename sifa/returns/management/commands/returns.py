"""`sifa returns`: the statistical returns, one name a line, then its title."""

from sifa.reports.management.base import ReportCommand
from sifa.returns import library


class Command(ReportCommand):
    help = "列出全部统计报表（每行一个：代号，然后是报表名称）。"

    def handle(self, *args, **options):
        for spec in library.all_returns().values():
            self.stdout.write(f"{spec.name}\t{spec.title}")
