from django.apps import AppConfig


class AuditChainConfig(AppConfig):
    name = "sifa.auditchain"
    label = "auditchain"
    verbose_name = "审计日志防篡改"

    def ready(self):
        from . import chain  # noqa: F401  (connects the sealing receiver)
