from django.apps import AppConfig


class LegalserviceConfig(AppConfig):
    name = "sifa.legalservice"
    verbose_name = "公共法律服务"
