"""Entry screens of the notary line; every save and move goes through services."""

from __future__ import annotations

from django.contrib import admin

from sifa.core.admin_base import PipelineMovesMixin, ScopedAdmin
from sifa.core.deadlines import DeadlineState, deadline_state, due_date, state_q

from . import forms, services
from .models import Notarization, NotaryConsultation, NotaryDocument, Status

# move name → (target status, button label, form)
MOVES = {
    "issue": (Status.ISSUED, "出具公证书", forms.IssueForm),
    "refuse": (Status.REFUSED, "不予办理", forms.ReasonForm),
    "terminate": (Status.TERMINATED, "终结公证", forms.ReasonForm),
}


class DeadlineFilter(admin.SimpleListFilter):
    title = "出证期限状态"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        states = (DeadlineState.OVERDUE, DeadlineState.SOON, DeadlineState.OK, DeadlineState.DONE)
        return [(s.value, s.label) for s in states]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(state_q("issue_due", "closed_on", self.value()))


def _run_move(move: str, obj, data: dict, user):
    if move == "issue":
        return services.notarization_issue(
            obj, on=data["on"], certificate_no=data["certificate_no"], user=user
        )
    return services.notarization_refuse(
        obj, on=data["on"], reason=data["reason"], user=user, terminate=move == "terminate"
    )


@admin.register(Notarization)
class NotarizationAdmin(PipelineMovesMixin, ScopedAdmin):
    moves = MOVES

    def run_move(self, name, obj, data, user):
        return _run_move(name, obj, data, user)

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
