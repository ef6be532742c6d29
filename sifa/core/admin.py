from auditlog.models import LogEntry
from django.contrib import admin

from . import access
from .models import ActivityType, CountyProfile, Measure, PeriodOverride, Region, Unit


class AdminOnly(admin.ModelAdmin):
    """Reference data (catalogue, county settings): the system administrator edits it. The
    admin serves no business account (`admin_site.SifaAdminSite.has_permission`); the other
    two administrators do not need it."""

    def has_module_permission(self, request):
        return access.role_of(request.user) == "admin"

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return access.role_of(request.user) == "admin"

    def has_change_permission(self, request, obj=None):
        return access.role_of(request.user) == "admin"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(AdminOnly):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    ordering = ["code"]
    list_select_related = ["parent"]  # one query for the list, not one per row


@admin.register(Unit)
class UnitAdmin(AdminOnly):
    list_display = ["name", "short_name", "kind", "region", "opened_on", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(CountyProfile)
class CountyProfileAdmin(AdminOnly):
    list_display = ["county_name", "city_name", "province_short", "party_congress", "county_slogan"]


@admin.register(PeriodOverride)
class PeriodOverrideAdmin(AdminOnly):
    list_display = ["code", "days", "working_days", "region", "note"]


@admin.register(Measure)
class MeasureAdmin(AdminOnly):
    list_display = ["code", "name", "unit"]


@admin.register(ActivityType)
class ActivityTypeAdmin(AdminOnly):
    list_display = ["code", "name", "line", "needs_theme", "active"]
    list_filter = ["line", "active"]
    filter_horizontal = ["measures"]


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The audit log: readable by the security auditor (安全审计员) only, editable by nobody."""

    list_display = ["timestamp", "actor", "remote_addr", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor__username"]
    date_hierarchy = "timestamp"

    def has_module_permission(self, request):
        return access.role_of(request.user) == "auditor"

    def has_view_permission(self, request, obj=None):
        return access.role_of(request.user) == "auditor"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
