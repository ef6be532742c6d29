from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "把记录导出为 Excel：sifa export 类型 -o 文件.xlsx（类型写 all 导出全部；写 template 得到导入模板）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "type", help="记录类型：如 mediation.mediationcase、工作表名称，或 all / template"
        )
        parser.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件")
        parser.add_argument(
            "--user", help="以哪个账号的权限导出（默认系统：全部数据，封存档案除外）"
        )

    def handle(self, *args, type, output, user, **options):
        from sifa.accounts.models import User
        from sifa.dataio.exporter import export_all, export_workbook
        from sifa.dataio.schema import spec_for
        from sifa.dataio.template import template_workbook

        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"账号“{user}”不存在或已停用。")
        if type == "all":
            data = export_all(actor)
        elif type == "template":
            data = template_workbook()
        else:
            try:
                spec = spec_for(type)
            except KeyError:
                raise CommandError(f"未知的记录类型“{type}”。")
            data = export_workbook([(spec.model, None)], actor)
        Path(output).write_bytes(data)
        self.stdout.write(f"已写入 {output}。")
