from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rest_framework.authtoken.models import Token

from sifa.api import tokens


class Command(BaseCommand):
    help = "数据接口令牌：create 生成（替换原有令牌）、revoke 撤销、list 列出全部令牌。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="create|revoke|list")
        sub.add_parser("create", help="为账号生成新令牌并打印（原有令牌随即失效）").add_argument(
            "username"
        )
        sub.add_parser("revoke", help="撤销账号的令牌").add_argument("username")
        sub.add_parser("list", help="列出全部令牌、有效期和最近使用情况")

    def handle(self, *args, action, username=None, **options):
        if action == "list":
            return self._list()
        user = self._user(username)
        if action == "create":
            try:
                token = tokens.issue(user)
            except PermissionDenied as exc:
                raise CommandError(str(exc))
            self.stdout.write(token.key)
            self.stderr.write(
                f"已为 {user.username} 生成令牌，有效期至 "
                f"{timezone.localtime(tokens.expires_at(token)):%Y-%m-%d %H:%M}。"
                "请求头：Authorization: Token <令牌>"
            )
        elif tokens.revoke(user):
            self.stdout.write(f"已撤销 {user.username} 的令牌。")
        else:
            raise CommandError(f"账号 {user.username} 没有令牌。")

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"没有账号“{username}”。")

    def _list(self):
        rows = Token.objects.select_related("user", "use").order_by("user__username")
        for token in rows:
            use = getattr(token, "use", None)
            state = "已过期" if tokens.is_expired(token) else "有效"
            last = (
                f"{timezone.localtime(use.last_used_at):%Y-%m-%d %H:%M} 自 {use.last_used_from}"
                if use
                else "从未使用"
            )
            self.stdout.write(
                f"{token.user.username:<16}{tokens.key_hint(token.key)}  {state}，"
                f"至 {timezone.localtime(tokens.expires_at(token)):%Y-%m-%d}，最近使用：{last}"
            )
