from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "sifa.returns"
    verbose_name = "统计报表"

    def menu_items(self, request):
        """统计报表 in the top bar, for the staff whose lines have returns."""
        from sifa.core import access

        if not access.lines_of(request.user):
            return []
        return [{"label": "统计报表", "url": "/returns/", "group": "统计报告", "order": 20}]
