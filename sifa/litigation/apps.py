from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "sifa.litigation"
    verbose_name = "行政应诉"
