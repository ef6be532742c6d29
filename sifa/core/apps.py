from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "sifa.core.admin_site.SifaAdminSite"


class CoreConfig(AppConfig):
    default = True
    name = "sifa.core"
    verbose_name = "基础数据"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import audit, checks, deadlines, registry  # noqa: F401
        from .models import PeriodOverride

        registry.discover()

        audit.register_records()
        for signal in (post_save, post_delete):
            signal.connect(deadlines.forget_overrides, sender=PeriodOverride, weak=False)
