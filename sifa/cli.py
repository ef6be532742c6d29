"""The `sifa` command: Sifa's own commands (demo, serve, figures, report, import, export,
backup, restore) and every Django management command, with errors told in one sentence."""

from __future__ import annotations

import os
import sys

SIFA_COMMANDS = {
    "demo": "建立并启动演示县（首次约半分钟，之后几秒）",
    "serve": "启动网站服务（默认 http://127.0.0.1:8000）",
    "figures": "计算统计数字：sifa figures --year 2022 [--region 代码] --json",
    "report": "生成年度工作总结：sifa report --year 2022 --format docx -o 总结.docx",
    "returns": "列出统计报表（每行一个代号和名称）",
    "return": "生成统计报表：sifa return 代号 --year 2022 [--region 代码] -o 报表.xlsx | --json",
    "migrate": "建立或升级数据库结构",
    "createsuperuser": "新建系统管理员账号",
    "backup": "备份全部数据：sifa backup 文件",
    "restore": "从备份恢复：sifa restore 文件",
    "check": "检查配置",
}


def _usage() -> str:
    lines = ["用法：sifa <命令> [参数]", "", "常用命令："]
    lines += [f"  {name:<16}{text}" for name, text in SIFA_COMMANDS.items()]
    lines += ["", "其他 Django 管理命令同样可用；sifa <命令> --help 查看参数。"]
    return "\n".join(lines)


def _database_hint() -> str:
    url = os.environ.get("SIFA_DATABASE_URL", "")
    if "@" in url:  # hide the password
        scheme, rest = url.split("://", 1)
        url = f"{scheme}://***@{rest.split('@', 1)[1]}"
    where = f"（SIFA_DATABASE_URL={url}）" if url else "（默认 SQLite 数据库）"
    return f"无法连接数据库{where}：请确认数据库已启动、地址和口令正确。"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifa.settings.base")
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        print(_usage())
        return 0

    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import CommandError

    try:
        import django
        from django.core.management import ManagementUtility
        from django.db.utils import OperationalError

        django.setup()
        utility = ManagementUtility(argv)
        subcommand = argv[1]
        command = utility.fetch_command(subcommand)
        parser = command.create_parser(os.path.basename(argv[0]), subcommand)
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        command.execute(*args, **cmd_options)
    except ImproperlyConfigured as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return getattr(exc, "returncode", 1) or 1
    except OperationalError:
        print(_database_hint(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
