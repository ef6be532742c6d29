from django.apps import AppConfig


class NormdocsConfig(AppConfig):
    name = "sifa.normdocs"
    verbose_name = "规范性文件"
