import time
from types import SimpleNamespace

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "建立演示县（确定性数据，可重复运行）、打印演示账号并启动网站。"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只建立数据，不启动网站")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, host, port, **options):
        from sifa.core import demo
        from sifa.core.demo.county import account_specs, build_accounts, demo_password
        from sifa.core.models import Region

        started = time.monotonic()
        self.stdout.write(f"数据目录：{settings.SIFA_HOME}")
        call_command("migrate", verbosity=0, interactive=False)
        profile = demo.existing()
        if profile is None:
            self.stdout.write("首次运行：生成演示县数据……")
            profile = demo.build(progress=lambda msg: self.stdout.write(f"  {msg}")).profile
            self.stdout.write(f"演示数据已生成，用时 {time.monotonic() - started:.1f} 秒。")
        else:
            self.stdout.write(f"沿用已有的演示县：{profile.county_name}县。")
        county = profile.region
        townships = list(Region.objects.townships().under(county).order_by("sort"))
        # a demo built by an earlier version lacks some accounts (the three administrators)
        build_accounts(SimpleNamespace(county=county, townships=townships))
        self._write_report()
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为：{demo_password()}）：")
        for username, display, _role, region, _lines, _sealed in account_specs(county, townships):
            self.stdout.write(f"  {username:<16}{display}（{region.name}）")
        self.stdout.write(
            "admin、anquan、shenji 三个管理员账号必须两步验证：首次登录输入密码后，用手机上的"
            "身份验证器（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）扫描页面上的二维码"
            "并输入6位验证码完成绑定，再妥善保存页面给出的10个备用码；其他账号可在右上角"
            "“两步验证”自愿开启。"
        )
        if no_serve:
            return
        try:
            call_command("serve", host=host, port=port)
        except OSError as exc:
            raise CommandError(
                f"无法在 {host}:{port} 启动网站（{exc.strerror}），请用 --port 换一个端口。"
            )

    def _write_report(self):
        """Write the demo annual report next to the data, when the reports app can."""
        try:
            from sifa.reports.demo_report import write_demo_report
        except ImportError:
            return
        path = write_demo_report(settings.SIFA_HOME)
        if path:
            self.stdout.write(f"演示年度总结已写入：{path}")
