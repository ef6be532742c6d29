"""Entry screens of the records in a subject's file (classification, supervision, leave,
monitoring, rewards and penalties). Imported by admin.py, which Django autodiscovers."""

from __future__ import annotations

from django.contrib import admin

from sifa.core.admin_base import ScopedAdmin

from . import selectors, services
from .models import Classification, LeaveRequest, Monitoring, RewardPenalty, SupervisionEvent


class FileRecordAdmin(ScopedAdmin):
    """A record of a subject's file: region follows the subject; sealed files stay hidden."""

    exclude = ["region"]
    list_select_related = ["subject", "region"]
    search_fields = ["subject__name"]

    def get_queryset(self, request):
        return selectors.visible(request.user, admin.ModelAdmin.get_queryset(self, request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "subject":
            kwargs["queryset"] = selectors.subjects(request.user).exclude(received_on=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @staticmethod
    def validate_service(obj, *, user):
        """Region, seal and scope are checked while the form is validated."""
        if obj.subject_id:
            services.child_validate(obj, user=user)

    def delete_model(self, request, obj):
        services.child_delete(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.child_delete(obj, user=request.user)


@admin.register(Classification)
class ClassificationAdmin(FileRecordAdmin):
    list_display = ["subject", "level", "decided_on", "reason", "region"]
    list_filter = ["level"]
    date_hierarchy = "decided_on"
    save_service = staticmethod(services.classification_save)


@admin.register(SupervisionEvent)
class SupervisionEventAdmin(FileRecordAdmin):
    list_display = ["subject", "kind", "date", "note", "region"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    save_service = staticmethod(services.supervision_event_save)


@admin.register(LeaveRequest)
class LeaveRequestAdmin(FileRecordAdmin):
    list_display = [
        "subject",
        "leave_from",
        "leave_to",
        "days_label",
        "destination",
        "approver_level",
        "decision",
        "decided_on",
    ]
    list_filter = ["approver_level", "decision"]
    date_hierarchy = "leave_from"
    save_service = staticmethod(services.leave_request_save)

    @admin.display(description="天数")
    def days_label(self, obj):
        return obj.days


@admin.register(Monitoring)
class MonitoringAdmin(FileRecordAdmin):
    list_display = [
        "subject",
        "ground",
        "start_on",
        "end_on",
        "renewal_of",
        "approved_by",
        "approved_on",
        "removed_on",
    ]
    list_filter = ["ground"]
    date_hierarchy = "start_on"
    raw_id_fields = ["renewal_of"]
    save_service = staticmethod(services.monitoring_save)


@admin.register(RewardPenalty)
class RewardPenaltyAdmin(FileRecordAdmin):
    list_display = ["subject", "kind", "decided_on", "reason", "region"]
    list_filter = ["kind"]
    date_hierarchy = "decided_on"
    save_service = staticmethod(services.reward_penalty_save)
