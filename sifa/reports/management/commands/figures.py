"""`sifa figures --year 2022 [--start D --end D] [--region CODE] [--json]`: every figure."""

import json

from django.core.management.base import CommandError

from sifa.reports import engine
from sifa.reports.management.base import ReportCommand
from sifa.reports.periods import PeriodError, resolve_period, resolve_region
from sifa.reports.services import figures_payload


class Command(ReportCommand):
    help = "计算统计期间内的全部工作数据（figures.yaml 的每一项），并检查数据间的勾稽关系。"

    def add_arguments(self, parser):
        parser.add_argument("--year", help="年度，如2022")
        parser.add_argument("--start", help="开始日期，如2022-01-01")
        parser.add_argument("--end", help="结束日期，如2022-12-31")
        parser.add_argument(
            "--region", help="统计范围：省、市（汇总所辖各县）、县或乡镇（街道）的12位区划代码"
        )
        parser.add_argument("--json", action="store_true", help="以JSON输出")

    def handle(self, *args, **options):
        try:
            start, end = resolve_period(options["year"], options["start"], options["end"])
            region = resolve_region(options["region"])
        except PeriodError as exc:
            raise CommandError(str(exc))
        if options["json"]:
            out = figures_payload(start, end, region)
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        figures = engine.compute(start, end, region)
        scope = region.name if region else "全部"
        self.stdout.write(f"统计期间：{start} 至 {end}　范围：{scope}")
        for fid in figures.public_ids():
            ind = figures.indicators[fid]
            self.stdout.write(f"{fid}\t{ind.label}\t{figures.text(fid)}{ind.unit}")
        for check in figures.checks:
            mark = "成立" if check.holds else "不成立"
            self.stdout.write(f"勾稽关系 {check.invariant}：{mark}（{check.detail}）")
