from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sifa.reports"
    verbose_name = "统计与报告"

    def menu_items(self, request):
        """统计数字 for every business role (上级查看 included); 报告中心 for the staff."""
        from django.urls import reverse

        from sifa.core import access

        from .views import can_read_figures

        items = []
        if can_read_figures(request.user):
            items.append(
                {
                    "label": "统计数字",
                    "url": reverse("reports:figures"),
                    "group": "统计报告",
                    "order": 10,
                }
            )
        if access.lines_of(request.user):
            items.append(
                {
                    "label": "报告中心",
                    "url": reverse("reports:centre"),
                    "group": "统计报告",
                    "order": 30,
                }
            )
        return items
