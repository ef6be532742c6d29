from django.apps import AppConfig


class CorrectionConfig(AppConfig):
    name = "sifa.correction"
    verbose_name = "社区矫正"
