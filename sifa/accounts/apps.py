from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sifa.accounts"
    verbose_name = "账号与角色"
