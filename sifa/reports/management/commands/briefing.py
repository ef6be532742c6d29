"""`sifa briefing litigation --quarter 2022Q3 [--month 2022-07 | --half 2022H1 | --year 2022]
[--region CODE] [--masked] [--template F.docx] -o FILE.docx`: a periodic briefing (定期通报) in
Word, from the county's own template where it uploaded one (else the shipped one)."""

from pathlib import Path

from django.core.management.base import CommandError

from sifa.reports import briefings, services
from sifa.reports.management.base import ReportCommand
from sifa.reports.periods import PeriodError, resolve_region
from sifa.reports.template_check import TemplateProblem

MSG_WRITE = "无法写入输出文件“{name}”：{reason}。"
MSG_NO_TEMPLATE = "模板文件“{name}”不存在。"
MSG_NOT_DOCX = "模板文件“{name}”不是Word（.docx）文件。"


class Command(ReportCommand):
    help = "生成定期通报（Word），如行政应诉情况通报：sifa briefing litigation --quarter 2022Q3 -o 通报.docx"

    def add_arguments(self, parser):
        parser.add_argument("name", help="通报代号：litigation（行政应诉情况通报）")
        parser.add_argument("--quarter", help="季度，如2022Q3")
        parser.add_argument("--month", help="月份，如2022-07")
        parser.add_argument("--half", help="半年，如2022H1")
        parser.add_argument("--year", help="全年，如2022")
        parser.add_argument("--region", help="统计范围：县或乡镇（街道）的12位区划代码")
        parser.add_argument("--masked", action="store_true", help="生成脱敏版")
        parser.add_argument(
            "--template", help="Word模板文件（.docx）；缺省用本县上传的模板或内置模板"
        )
        parser.add_argument("-o", "--output", required=True, help="输出的Word文件")

    def handle(self, *args, **options):
        try:
            briefing = briefings.get(options["name"])
            year, period = briefings.cli_period(
                year=options["year"],
                quarter=options["quarter"],
                month=options["month"],
                half=options["half"],
            )
            if not year:
                raise PeriodError("请用 --quarter、--month、--half 或 --year 指定统计期。")
            start, end = briefings.period_dates(year, period)
            region = resolve_region(options["region"])
            template = self._template(briefing, options["template"])
        except (PeriodError, TemplateProblem) as exc:
            raise CommandError(str(exc))
        written = briefings.write(briefing, start, end, region)
        base = services.link_base()
        content = briefings.render(
            written,
            links=bool(base) and not options["masked"],
            base=base,
            masked=options["masked"],
            template=template,
        )
        out = Path(options["output"])
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(MSG_WRITE.format(name=out, reason=exc.strerror or exc))
        masked = "（脱敏版）" if options["masked"] else ""
        self.stdout.write(f"{written.title}{masked}：{out}")

    def _template(self, briefing, name):
        """The bytes of `--template`, checked as an upload is (None: the county's or shipped)."""
        if not name:
            return None
        path = Path(name)
        if not path.exists():
            raise CommandError(MSG_NO_TEMPLATE.format(name=path))
        if path.suffix.lower() != ".docx":
            raise CommandError(MSG_NOT_DOCX.format(name=path.name))
        content = path.read_bytes()
        briefings.check_template(briefing, content)
        return content
