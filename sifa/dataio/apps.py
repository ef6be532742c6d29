from django.apps import AppConfig


class DataioConfig(AppConfig):
    name = "sifa.dataio"
    verbose_name = "数据导入导出"

    def ready(self):
        from sifa.auditchain import chain
        from sifa.core import audit

        from .history import check_batch_digest, created_by_import

        audit.CREATION_SOURCES.append(created_by_import)
        chain.DIGEST_CHECKS["rows_sha256"] = check_batch_digest

    def menu_items(self, request):
        """The import page, for those who may import (a clerk of some line)."""
        from django.urls import reverse

        from sifa.core import access

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not access.writable_lines(user):
            return []
        return [
            {"label": "数据导入", "url": reverse("dataio:import"), "group": "业务办理", "order": 90}
        ]
