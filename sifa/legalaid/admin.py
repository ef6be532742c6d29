"""Entry screens of the legalaid line; every save and move goes through services."""

from __future__ import annotations

from django.contrib import admin

from sifa.core.admin_base import PipelineMovesMixin, ScopedAdmin
from sifa.core.deadlines import DeadlineState, deadline_state
from sifa.core.idnumber import mask
from sifa.core.models import Unit

from . import forms, selectors
from .models import (
    HANDLER_KINDS,
    AidApplication,
    AidCase,
    AidConsultation,
    AidDocument,
    ApplicationStatus,
    PleaHelp,
)


class DeadlineFilter(admin.SimpleListFilter):
    title = "期限状态"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        states = (DeadlineState.OVERDUE, DeadlineState.SOON, DeadlineState.OK, DeadlineState.DONE)
        return [(s.value, s.label) for s in states]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == DeadlineState.DONE:
            return queryset.filter(
                status__in=[ApplicationStatus.REFUSED, ApplicationStatus.ASSIGNED]
            )
        return queryset.filter(selectors.current_deadline_q(value))


@admin.register(AidApplication)
class AidApplicationAdmin(PipelineMovesMixin, ScopedAdmin):
    def move_deadline(self, obj) -> str:
        running = obj.running_deadline()
        return running.explain() if running else ""

    list_display = [
        "received_on",
        "applicant_name",
        "id_masked",
        "case_type",
        "status",
        "review_due",
        "assign_due",
        "deadline_label",
        "region",
    ]
    list_filter = ["status", DeadlineFilter, "case_type"]
    search_fields = ["applicant_name", "id_number", "matter"]
    date_hierarchy = "received_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = [
        "deadline_text",
        "status",
        "review_due",
        "decided_on",
        "refusal_reason",
        "assign_due",
        "assigned_on",
    ]
    change_form_template = "legalaid/admin/application_change_form.html"

    @admin.display(description="身份证号")
    def id_masked(self, obj):
        return mask(obj.id_number)

    @admin.display(description="办理期限")
    def deadline_text(self, obj):
        running = obj.running_deadline() if obj.pk else None
        if running is None:
            return DeadlineState.DONE.label if obj.pk else "—"
        return f"{deadline_state(running.due).label}。{running.explain()}"

    @admin.display(description="期限状态")
    def deadline_label(self, obj):
        if obj.current_due is None:
            return DeadlineState.DONE.label
        return deadline_state(obj.current_due).label


@admin.register(AidCase)
class AidCaseAdmin(ScopedAdmin):
    form = forms.AidCaseForm
    list_display = [
        "case_number",
        "assigned_on",
        "case_type",
        "recipient_name",
        "id_masked",
        "handler",
        "lawyer",
        "agri",
        "groups",
        "closed_on",
        "region",
    ]
    list_filter = ["case_type", "agri", "handler", ("closed_on", admin.EmptyFieldListFilter)]
    search_fields = ["case_number", "recipient_name", "recipient_id_number", "lawyer", "summary"]
    date_hierarchy = "assigned_on"
    list_select_related = ["region", "handler"]
    autocomplete_fields = ["region"]
    raw_id_fields = ["application"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handler":
            kwargs["queryset"] = Unit.objects.filter(kind__in=HANDLER_KINDS)
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="身份证号")
    def id_masked(self, obj):
        return mask(obj.recipient_id_number) if obj.recipient_id_number else "—"

    @admin.display(description="受援人群体")
    def groups(self, obj):
        return obj.groups_display or "—"


class DatedRecordAdmin(ScopedAdmin):
    date_hierarchy = "date"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(PleaHelp)
class PleaHelpAdmin(DatedRecordAdmin):
    list_display = ["date", "lawyer", "stage", "region"]
    list_filter = ["stage"]
    search_fields = ["lawyer", "suspect_name"]


@admin.register(AidConsultation)
class AidConsultationAdmin(DatedRecordAdmin):
    list_display = ["date", "channel", "topic", "region"]
    list_filter = ["channel"]
    search_fields = ["topic", "visitor_name"]


@admin.register(AidDocument)
class AidDocumentAdmin(DatedRecordAdmin):
    list_display = ["date", "kind", "applicant_name", "region"]
    list_filter = ["kind"]
    search_fields = ["applicant_name", "note"]
