from django.apps import AppConfig


class LegalserviceConfig(AppConfig):
    name = "sifa.legalservice"
    verbose_name = "公共法律服务"

    def ready(self):
        # Platforms are core Units (not Records), so core does not register them for history.
        from auditlog.registry import auditlog

        from sifa.core.audit import EXCLUDED_FIELDS

        from .models import Platform

        if not auditlog.contains(Platform):
            auditlog.register(Platform, exclude_fields=EXCLUDED_FIELDS)
