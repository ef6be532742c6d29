from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "sifa.mediation"
    verbose_name = "人民调解"
