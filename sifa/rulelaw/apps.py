from django.apps import AppConfig


class RulelawConfig(AppConfig):
    name = "sifa.rulelaw"
    verbose_name = "法治建设与普法"
