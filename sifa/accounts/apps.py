from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sifa.accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .passwords import mark_session_on_login

        user_logged_in.connect(mark_session_on_login, dispatch_uid="sifa_password_expiry")
