"""Entry screens of the team line: the typed activities by group, and the line's records."""

from __future__ import annotations

from django.contrib import admin

from sifa.core import access
from sifa.core.admin_base import ScopedAdmin
from sifa.core.lines import Line
from sifa.core.models import Region, RegionLevel

from .forms import activity_form
from .models import (
    Donation,
    FirstSecretary,
    HouseholdVisit,
    Incident,
    RuralActivity,
    TeamBuildingActivity,
    VillageProject,
)


class TeamAdmin(ScopedAdmin):
    """Writes need the team line; the county is offered as the region of bureau-wide records."""

    default_to_county = True

    def has_add_permission(self, request):
        return Line.TEAM in access.writable_lines(request.user)

    def has_change_permission(self, request, obj=None):
        if Line.TEAM not in access.writable_lines(request.user):
            return False
        return super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self.default_to_county and "region" not in initial:
            county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
            if county is not None:
                initial["region"] = county.pk
        return initial


class ActivityGroupAdmin(TeamAdmin):
    list_display = ["date", "title", "type", "region", "quantities_text"]
    list_filter = [("type", admin.RelatedOnlyFieldListFilter), ("date", admin.DateFieldListFilter)]
    search_fields = ["title", "theme", "note"]
    date_hierarchy = "date"
    list_select_related = ["type", "region"]
    autocomplete_fields = ["region"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("type__measures")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = activity_form(self.model)
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description="数量")
    def quantities_text(self, obj) -> str:
        names = {m.code: m.name for m in obj.type.measures.all()}
        return "；".join(f"{names.get(k, k)} {v}" for k, v in (obj.quantities or {}).items())


@admin.register(TeamBuildingActivity)
class TeamBuildingActivityAdmin(ActivityGroupAdmin):
    pass


@admin.register(RuralActivity)
class RuralActivityAdmin(ActivityGroupAdmin):
    pass


@admin.register(HouseholdVisit)
class HouseholdVisitAdmin(ActivityGroupAdmin):
    pass


@admin.register(Donation)
class DonationAdmin(TeamAdmin):
    list_display = ["date", "kind", "amount_yuan", "region", "note"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["note"]
    date_hierarchy = "date"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


class VillageLimitedAdmin(TeamAdmin):
    """`region` is a village (帮扶村 / 第一书记所在村)."""

    default_to_county = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region":
            field.queryset = field.queryset.filter(level=RegionLevel.VILLAGE)
        elif db_field.name == "township":
            field.queryset = field.queryset.filter(level=RegionLevel.TOWNSHIP)
        return field


@admin.register(VillageProject)
class VillageProjectAdmin(VillageLimitedAdmin):
    list_display = ["name", "region", "investment_yuan", "started_on", "completed_on"]
    list_filter = [("completed_on", admin.DateFieldListFilter)]
    search_fields = ["name", "region__name"]
    date_hierarchy = "started_on"
    list_select_related = ["region"]


@admin.register(FirstSecretary)
class FirstSecretaryAdmin(VillageLimitedAdmin):
    list_display = ["person", "township", "region", "started_on", "ended_on"]
    search_fields = ["person", "region__name", "township__name"]
    date_hierarchy = "started_on"
    list_select_related = ["township", "region"]
    fields = ["person", "township", "region", "started_on", "ended_on", "note"]


@admin.register(Incident)
class IncidentAdmin(TeamAdmin):
    list_display = ["occurred_on", "kind", "region"]
    list_filter = ["kind", ("occurred_on", admin.DateFieldListFilter)]
    search_fields = ["description"]
    date_hierarchy = "occurred_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
