"""Entry screens of the offices line; every save goes through services."""

from typing import TYPE_CHECKING

from django.contrib import admin

from sifa.core.admin_base import ScopedAdmin
from sifa.core.models import Unit, UnitKind

from .models import BuildingProject, OfficeStaff

if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin  # what the mixin is mixed into
else:
    _AdminBase = object


class OfficeChoiceMixin(_AdminBase):
    """The office field offers judicial offices only (and, for a 司法所 account, its own)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "office" and formfield is not None:
            base = formfield.queryset if formfield.queryset is not None else Unit.objects.all()
            formfield.queryset = base.filter(kind=UnitKind.JUDICIAL_OFFICE)
        return formfield


class CompletionFilter(admin.SimpleListFilter):
    title = "建设进度"
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [("open", "在建"), ("done", "已竣工")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(completed_on__isnull=True)
        if self.value() == "done":
            return queryset.filter(completed_on__isnull=False)
        return queryset


@admin.register(OfficeStaff)
class OfficeStaffAdmin(OfficeChoiceMixin, ScopedAdmin):
    list_display = ["name", "office", "post", "since", "until"]
    list_filter = ["post", "office"]
    search_fields = ["name", "office__name"]
    list_select_related = ["office"]
    fields = ["office", "name", "post", "since", "until"]


@admin.register(BuildingProject)
class BuildingProjectAdmin(OfficeChoiceMixin, ScopedAdmin):
    list_display = ["__str__", "office", "kind", "investment_yuan", "started_on", "completed_on"]
    list_filter = [CompletionFilter, "kind", "office"]
    search_fields = ["title", "office__name"]
    date_hierarchy = "started_on"
    list_select_related = ["office"]
    fields = ["office", "kind", "title", "investment_yuan", "started_on", "completed_on", "note"]
