from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "sifa.returns"
    verbose_name = "统计报表"
