from auditlog.models import LogEntry
from django.contrib import admin

from . import access
from .admin_base import ScopedAdmin
from .models import Activity, ActivityType, CountyProfile, Measure, PeriodOverride, Region, Unit


class AdminOnly(admin.ModelAdmin):
    """Reference data: the administrator edits, the other staff roles read."""

    def has_module_permission(self, request):
        return access.role_of(request.user) in ("admin", "leader", "section", "office")

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

    def get_search_results(self, request, queryset, search_term):
        """Autocomplete offers a township clerk only the regions of the township."""
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        region = access.user_region(request.user)
        if region is not None:
            queryset = queryset.filter(code__startswith=region.prefix)
        return queryset, distinct


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


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ["date", "title", "type", "theme", "region"]
    list_filter = ["type__line", "type", ("date", admin.DateFieldListFilter)]
    search_fields = ["title", "theme"]
    date_hierarchy = "date"
    list_select_related = ["type", "region"]
    autocomplete_fields = ["region"]

    def has_view_permission(self, request, obj=None):
        return bool(access.lines_of(request.user)) and access.role_of(request.user) != "viewer"


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
