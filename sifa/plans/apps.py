from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sifa.plans"
    verbose_name = "工作计划"
