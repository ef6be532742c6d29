from django.apps import AppConfig


class LegalaidConfig(AppConfig):
    name = "sifa.legalaid"
    verbose_name = "法律援助"
