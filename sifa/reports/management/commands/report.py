"""`sifa report --year 2022 [--region CODE] [--format docx|html|txt] [--masked] [--template F]
-o FILE`: the annual work summary."""

from pathlib import Path

from django.core.management.base import CommandError

from sifa.reports import render, services
from sifa.reports.management.base import ReportCommand
from sifa.reports.periods import PeriodError, resolve_period, resolve_region
from sifa.reports.template_check import TemplateProblem, check_docx

MSG_FORMAT = "输出格式“{fmt}”不支持，请选择 docx、html 或 txt。"
MSG_NOT_DOCX = "模板文件“{name}”不是Word（.docx）文件。"
MSG_NO_TEMPLATE = "模板文件“{name}”不存在。"
MSG_WRITE = "无法写入输出文件“{name}”：{reason}。"
MSG_NEED_OUTPUT = "Word格式须用 -o 指定输出文件。"


MSG_NO_BASE = (
    "未设置 SIFA_REPORT_BASE_URL（网站地址），Word 文件中的数字不带链接；"
    "设置后数字可链接到网站上的明细。"
)


class Command(ReportCommand):
    help = "生成年度工作总结（Word、HTML或纯文本），可生成脱敏版。"

    def add_arguments(self, parser):
        parser.add_argument("--year", help="年度，如2022")
        parser.add_argument("--start", help="开始日期，如2022-01-01")
        parser.add_argument("--end", help="结束日期，如2022-12-31")
        parser.add_argument("--region", help="统计范围：县或乡镇（街道）的12位区划代码")
        parser.add_argument("--format", default="docx", help="docx（默认）、html 或 txt")
        parser.add_argument("--masked", action="store_true", help="生成脱敏版")
        parser.add_argument("--template", help="Word模板文件（.docx）")
        parser.add_argument("-o", "--output", help="输出文件；txt/html 缺省时输出到屏幕")

    def handle(self, *args, **options):
        fmt = (options["format"] or "docx").lower()
        if fmt not in render.CONTENT_TYPES:
            raise CommandError(MSG_FORMAT.format(fmt=fmt))
        template = None
        if options["template"]:
            path = Path(options["template"])
            if not path.exists():
                raise CommandError(MSG_NO_TEMPLATE.format(name=path))
            if path.suffix.lower() != ".docx":
                raise CommandError(MSG_NOT_DOCX.format(name=path.name))
            template = path.read_bytes()
            try:
                check_docx(template)
            except TemplateProblem as exc:
                raise CommandError(str(exc))
        if fmt == "docx" and not options["output"]:
            raise CommandError(MSG_NEED_OUTPUT)
        try:
            start, end = resolve_period(options["year"], options["start"], options["end"])
            region = resolve_region(options["region"])
        except PeriodError as exc:
            raise CommandError(str(exc))
        data = services.report_data(start, end, region)
        base = services.link_base()  # the setting; a command has no request to take it from
        links = fmt == "docx" and not options["masked"]
        if links and base is None:
            self.stderr.write(MSG_NO_BASE)
        edition = services.edition(
            start, end, region, masked=options["masked"], links=links and bool(base), base=base
        )
        content = render.render_as(fmt, data, edition, template=template)
        out = options["output"]
        if not out:
            self.stdout.write(content.decode(), ending="")
            return
        try:
            Path(out).write_bytes(content)
        except OSError as exc:
            raise CommandError(MSG_WRITE.format(name=out, reason=exc.strerror or exc))
        self.stdout.write(f"已生成：{out}")
