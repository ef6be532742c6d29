from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sifa.api"
    verbose_name = "数据接口"
