from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "sifa.enforcement"
    verbose_name = "行政执法监督"
