"""Entry screens of the legalservice line: platforms, advisor contracts and their services."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from sifa.core import access
from sifa.core.admin_base import ScopedAdmin
from sifa.core.models import RegionLevel, Unit, UnitKind

from .models import PLATFORM_KIND_CHOICES, AdvisorContract, AdvisorService, Platform


class PlatformForm(forms.ModelForm):
    kind = forms.ChoiceField(label="平台类型", choices=PLATFORM_KIND_CHOICES)

    class Meta:
        model = Platform
        fields = [
            "name",
            "short_name",
            "kind",
            "region",
            "opened_on",
            "closed_on",
            "phone",
            "address",
        ]


class InOperationFilter(admin.SimpleListFilter):
    title = "运行状态"
    parameter_name = "operating"

    def lookups(self, request, model_admin):
        return [("yes", "运行中"), ("no", "已撤销")]

    def queryset(self, request, queryset):
        import datetime as dt

        today = dt.date.today()
        if self.value() == "yes":
            return queryset.in_operation(today)
        if self.value() == "no":
            return queryset.filter(closed_on__lte=today)
        return queryset


@admin.register(Platform)
class PlatformAdmin(ScopedAdmin):
    """Platforms are units: closing one means entering its closing date, never deleting it."""

    form = PlatformForm
    list_display = ["name", "kind", "region", "opened_on", "closed_on"]
    list_filter = ["kind", InOperationFilter]
    search_fields = ["name", "short_name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdvisorContract)
class AdvisorContractAdmin(ScopedAdmin):
    list_display = ["region", "lawyer", "law_firm", "starts_on", "ends_on"]
    list_filter = ["law_firm", ("ends_on", admin.DateFieldListFilter)]
    search_fields = ["lawyer", "region__name"]
    date_hierarchy = "starts_on"
    list_select_related = ["region", "law_firm"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "law_firm":
            # Law firms are reference data: any firm may serve any village.
            kwargs["queryset"] = Unit.objects.filter(kind=UnitKind.LAW_FIRM)
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region":
            field.queryset = field.queryset.filter(level=RegionLevel.VILLAGE)
            field.label = "村（社区）"
        return field


@admin.register(AdvisorService)
class AdvisorServiceAdmin(ScopedAdmin):
    list_display = ["date", "region", "kind", "people_served", "contract"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["region__name", "contract__lawyer", "note"]
    date_hierarchy = "date"
    list_select_related = ["region", "contract", "contract__region"]  # the contract's str
    exclude = ["region"]  # the contract's village

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contract":
            kwargs["queryset"] = access.scope(
                request.user, AdvisorContract.objects.select_related("region")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
