from django.apps import AppConfig


class DataioConfig(AppConfig):
    name = "sifa.dataio"
    verbose_name = "数据导入导出"
