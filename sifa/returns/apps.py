from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "sifa.returns"
    verbose_name = "统计报表"

    def ready(self):
        """The administrator's figures join the indicator registry; a save rebuilds it."""
        from django.db.models.signals import post_delete, post_save

        from sifa.core.indicators import extend_registry

        from . import figures
        from .models import FigureDefinition

        extend_registry(figures.with_user_figures)
        post_save.connect(figures.forget, sender=FigureDefinition, dispatch_uid="user-figure-saved")
        post_delete.connect(
            figures.forget, sender=FigureDefinition, dispatch_uid="user-figure-deleted"
        )

    def menu_items(self, request):
        """统计报表 in the top bar, for the staff whose lines have returns and for the figures-only
        readers (上级查看, city and provincial bureaus)."""
        from sifa.core import access

        from .views import figures_only

        if not access.lines_of(request.user) and not figures_only(request.user):
            return []
        return [{"label": "统计报表", "url": "/returns/", "group": "统计报告", "order": 20}]

    def home_panels(self, request):
        """待报送的统计报表 on a township office's home page: last quarter's, late ones marked."""
        import datetime as dt

        from django.template.loader import render_to_string

        from .services import owed

        rows = owed(request.user, dt.date.today())
        if not rows:
            return []
        html = render_to_string("returns/owed.html", {"rows": rows})
        return [{"title": "待报送的统计报表", "html": html}]
