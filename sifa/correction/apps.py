from django.apps import AppConfig


class CorrectionConfig(AppConfig):
    name = "sifa.correction"
    verbose_name = "社区矫正"

    def menu_items(self, request):
        """The list of subjects, each row opening the subject's file: for whoever may read the
        line's personal data (correction staff, the township offices, the leader)."""
        from django.urls import reverse

        from .views import may_list

        if not may_list(request.user):
            return []
        url = reverse("correction:subject_list")
        return [{"label": "社区矫正对象", "url": url, "group": "业务办理", "order": 60}]

    def home_panels(self, request):
        """The workbench panel: assessments and intakes past or near their deadlines."""
        from django.utils.html import format_html, format_html_join

        from sifa.core import access
        from sifa.core.lines import Line

        from . import selectors

        user = request.user
        if Line.CORRECTION not in access.lines_of(user) or access.role_of(user) == "viewer":
            return []
        from sifa.core.deadlines import DeadlineState
        from sifa.core.due import deadline_list_url

        from .models import Assessment, Subject

        overdue, soon = DeadlineState.OVERDUE, DeadlineState.SOON
        rows = [
            (
                "调查评估已超期",
                selectors.assessments(user, state="overdue").count(),
                deadline_list_url(Assessment, overdue),
            ),
            (
                "调查评估即将到期",
                selectors.assessments(user, state="soon").count(),
                deadline_list_url(Assessment, soon),
            ),
            (
                "逾期未报到接收",
                selectors.intakes_overdue(user).count(),
                deadline_list_url(Subject, overdue),
            ),
        ]
        html = format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}：{} 件</a></li>',
                ((url, label, n) for label, n, url in rows),
            ),
        )
        return [{"title": "社区矫正期限提醒", "html": html}]
