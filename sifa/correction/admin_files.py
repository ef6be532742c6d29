"""Entry screens of the records in a subject's file (classification, supervision, leave,
monitoring, rewards and penalties). Imported by admin.py, which Django autodiscovers."""

from __future__ import annotations

from django.contrib import admin

from sifa.core.admin_base import ScopedAdmin

from . import selectors, services
from .models import Classification, LeaveRequest, Monitoring, RewardPenalty, SupervisionEvent


class FileRecordAdmin(ScopedAdmin):
    """A record of a subject's file: region follows the subject; sealed files stay hidden (the
    sealed rule and the form-time checks are the record types' own, in records.py)."""

    exclude = ["region"]
    list_select_related = ["subject", "region"]
    search_fields = ["subject__name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "subject":
            kwargs["queryset"] = selectors.subjects(request.user).exclude(received_on=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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


@admin.register(SupervisionEvent)
class SupervisionEventAdmin(FileRecordAdmin):
    list_display = ["subject", "kind", "date", "note", "region"]
    list_filter = ["kind"]
    date_hierarchy = "date"


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


@admin.register(RewardPenalty)
class RewardPenaltyAdmin(FileRecordAdmin):
    list_display = ["subject", "kind", "decided_on", "reason", "region"]
    list_filter = ["kind"]
    date_hierarchy = "decided_on"
