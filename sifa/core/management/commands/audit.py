"""`sifa audit verify`: check the audit log's hash chain (sifa.auditchain)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "审计日志：sifa audit verify 校验哈希链，发现被修改、删除或插入的记录。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        sub.add_parser("verify", help="逐条校验审计日志哈希链")

    def handle(self, *args, action, **options):
        from sifa.auditchain.chain import verify

        result = verify()
        if result.broken is None:
            self.stdout.write(f"审计日志完整：共 {result.count} 条，链尾哈希 {result.head}。")
            return
        b = result.broken
        when = timezone.localtime(b.time).strftime("%Y-%m-%d %H:%M:%S") if b.time else "时间不明"
        reason = b.reason.format(id=b.entry_id, seq=b.seq)
        raise CommandError(
            f"审计日志被篡改：{reason}（记录编号 {b.entry_id}，时间 {when}，链条第 {b.seq} 条）。"
            f"此前 {result.count} 条完好。"
        )
