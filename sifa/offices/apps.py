from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "sifa.offices"
    verbose_name = "司法所建设"
