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
        from . import audit, checks  # noqa: F401

        audit.register_records()
