from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "sifa.workbench"
    verbose_name = "工作台"

    def menu_items(self, request):
        """数据看板 for the staff whose lines it shows (not 上级查看: figures page instead)."""
        from django.urls import reverse

        from sifa.core import access

        if not access.lines_of(request.user):
            return []
        return [
            {
                "label": "数据看板",
                "url": reverse("workbench:dashboard"),
                "group": "统计报告",
                "order": 0,
            }
        ]

    def home_panels(self, request):
        """The home page's key-figures panel (core.views.home asks every app for panels)."""
        import datetime as dt

        from django.template.loader import render_to_string

        from sifa.core import access

        from .keyfigures import key_figures
        from .views import default_year

        if access.role_of(request.user) == "viewer":
            return []
        today = dt.date.today()
        year = default_year()
        end = today if year == today.year else dt.date(year, 12, 31)
        rows = key_figures(request.user, end=end)
        if not rows:
            return []
        html = render_to_string("workbench/keyfigures.html", {"rows": rows, "end": end})
        return [
            {
                "title": f"主要数字（{end.year}年1月1日至{end.month}月{end.day}日，与上年同期比）",
                "html": html,
            }
        ]
