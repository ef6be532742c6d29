"""Entry screens of the notary line; every save and move goes through services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from sifa.core.admin_base import ScopedAdmin
from sifa.core.deadlines import DeadlineState, deadline_state, due_date, state_q
from sifa.core.errors import RuleViolation

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
class NotarizationAdmin(ScopedAdmin):
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
    save_service = staticmethod(services.notarization_save)
    validate_service = staticmethod(services.notarization_validate)

    @admin.display(description="出证期限")
    def deadline_text(self, obj):
        if not obj.pk:
            return "—"
        state = deadline_state(obj.issue_due, done_on=obj.closed_on).label
        return f"{state}。{due_date(obj.accepted_on, 'notary.issue', obj.region).explain()}"

    @admin.display(description="期限状态")
    def deadline_label(self, obj):
        return deadline_state(obj.issue_due, done_on=obj.closed_on).label

    def get_urls(self):
        view = self.admin_site.admin_view(self.move_view)
        return [
            path("<path:object_id>/move/<str:move>/", view, name="notary_notarization_move"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        moves = []
        if obj is not None and self.has_change_permission(request, obj):
            available = Notarization.pipeline.available(obj.status)
            moves = [
                (reverse("admin:notary_notarization_move", args=[obj.pk, name]), label)
                for name, (target, label, _f) in MOVES.items()
                if target in available
            ]
        extra = {**(extra_context or {}), "moves": moves}
        return super().change_view(request, object_id, form_url, extra)

    def move_view(self, request, object_id, move):
        obj = self.get_object(request, unquote(object_id))  # 404 outside the user's scope
        if move not in MOVES:
            raise Http404("没有这项操作。")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        _target, label, form_class = MOVES[move]
        form = form_class(request.POST or None)
        back = reverse("admin:notary_notarization_change", args=[obj.pk])
        if request.method == "POST" and form.is_valid():
            try:
                _run_move(move, obj, form.cleaned_data, request.user)
            except RuleViolation as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, f"已办理“{label}”。")
                return HttpResponseRedirect(back)
        deadline = due_date(obj.accepted_on, "notary.issue", obj.region).explain()
        context = {
            **self.admin_site.each_context(request),
            "title": label,
            "object": obj,
            "form": form,
            "opts": self.model._meta,
            "back_url": back,
            "deadline": deadline,
        }
        return TemplateResponse(request, "notary/admin/move.html", context)


@admin.register(NotaryConsultation)
class NotaryConsultationAdmin(ScopedAdmin):
    list_display = ["date", "topic", "region"]
    search_fields = ["topic", "visitor_name"]
    date_hierarchy = "date"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    save_service = staticmethod(services.consultation_save)
    validate_service = staticmethod(services.record_validate)


@admin.register(NotaryDocument)
class NotaryDocumentAdmin(ScopedAdmin):
    list_display = ["date", "title", "applicant_name", "region"]
    search_fields = ["title", "applicant_name"]
    date_hierarchy = "date"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    save_service = staticmethod(services.document_save)
    validate_service = staticmethod(services.record_validate)
