from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    name = "sifa.reconsideration"
    verbose_name = "行政复议"
