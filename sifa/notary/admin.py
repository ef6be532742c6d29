"""Entry screens of the notary line; every save and move goes through services."""

from __future__ import annotations

from django.contrib import admin

from sifa.core.admin_base import PipelineMovesMixin, ScopedAdmin, deadline_filter
from sifa.core.deadlines import DeadlineState, deadline_state, due_date

from .models import Notarization, NotaryConsultation, NotaryDocument

DeadlineFilter = deadline_filter(
    "出证期限状态",
    "issue_due",
    "closed_on",
    states=(DeadlineState.OVERDUE, DeadlineState.SOON, DeadlineState.OK, DeadlineState.DONE),
)


@admin.register(Notarization)
class NotarizationAdmin(PipelineMovesMixin, ScopedAdmin):
    def move_deadline(self, obj) -> str:
        return due_date(obj.accepted_on, "notary.issue", obj.region).explain()

    list_display = [
        "accepted_on",
        "category",
        "matter",
        "applicant_name",
        "status",
        "issue_due",
        "deadline_label",
        "certificate_no",
        "issued_on",
    ]
    list_filter = ["status", DeadlineFilter, "category"]
    search_fields = ["certificate_no", "applicant_name", "matter"]
    date_hierarchy = "accepted_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = [
        "deadline_text",
        "status",
        "issue_due",
        "certificate_no",
        "issued_on",
        "closed_on",
        "reason",
    ]
    change_form_template = "notary/admin/notarization_change_form.html"

    @admin.display(description="出证期限")
    def deadline_text(self, obj):
        if not obj.pk:
            return "—"
        state = deadline_state(obj.issue_due, done_on=obj.closed_on).label
        return f"{state}。{due_date(obj.accepted_on, 'notary.issue', obj.region).explain()}"

    @admin.display(description="期限状态")
    def deadline_label(self, obj):
        return deadline_state(obj.issue_due, done_on=obj.closed_on).label


@admin.register(NotaryConsultation)
class NotaryConsultationAdmin(ScopedAdmin):
    list_display = ["date", "topic", "region"]
    search_fields = ["topic", "visitor_name"]
    date_hierarchy = "date"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(NotaryDocument)
class NotaryDocumentAdmin(ScopedAdmin):
    list_display = ["date", "title", "applicant_name", "region"]
    search_fields = ["title", "applicant_name"]
    date_hierarchy = "date"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
