"""`sifa return NAME --year 2022 [--period q1] [--start D --end D] [--region CODE]
-o FILE.xlsx | --json`: one statistical return, as .xlsx in the form's layout or its cells."""

import json
from pathlib import Path

from django.core.management.base import CommandError

from sifa.reports.management.base import ReportCommand
from sifa.reports.periods import PeriodError
from sifa.returns import compute, library, periods, xlsx

MSG_NO_OUTPUT = "请用 -o 指定要写入的 .xlsx 文件，或用 --json 输出各格数字。"
MSG_NOT_XLSX = "输出文件“{path}”应以 .xlsx 结尾。"
MSG_WRITTEN = "已写入 {path}（{title}，{start}至{end}，{scope}）。"


class Command(ReportCommand):
    help = "生成一张统计报表：写成 Excel 文件（-o），或以 JSON 输出各格数字（--json）。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="报表代号（sifa returns 列出全部）")
        parser.add_argument("--year", help="年度，如2022")
        parser.add_argument(
            "--period", help="统计期：year（全年）、h1/h2（半年）、q1–q4（季度）、m1–m12（月）"
        )
        parser.add_argument("--start", help="开始日期，如2022-01-01")
        parser.add_argument("--end", help="结束日期，如2022-12-31")
        parser.add_argument("--region", help="填报范围：乡镇（街道）、县或以上的12位区划代码")
        parser.add_argument("-o", "--output", help="写入的 .xlsx 文件")
        parser.add_argument("--json", action="store_true", help="以JSON输出各格数字")

    def handle(self, *args, **options):
        try:
            spec = library.get(options["name"])
        except KeyError as exc:
            raise CommandError(exc.args[0])
        try:
            start, end = periods.period_dates(
                options["year"], options["period"], options["start"], options["end"]
            )
            region = periods.resolve_scope(options["region"])
        except PeriodError as exc:
            raise CommandError(str(exc))
        if not options["json"] and not options["output"]:
            raise CommandError(MSG_NO_OUTPUT)
        table = compute.compute(spec, start, end, region)
        if options["json"]:
            self.stdout.write(json.dumps(table.as_json(), ensure_ascii=False, indent=1))
        if options["output"]:
            path = Path(options["output"])
            if path.suffix.lower() != ".xlsx":
                raise CommandError(MSG_NOT_XLSX.format(path=path))
            try:
                path.write_bytes(xlsx.workbook(table))
            except OSError as exc:
                raise CommandError(f"无法写入“{path}”：{exc.strerror}")
            scope = table.region.name if table.region else "全部"
            msg = MSG_WRITTEN.format(path=path, title=spec.title, start=start, end=end, scope=scope)
            (self.stderr if options["json"] else self.stdout).write(msg)
