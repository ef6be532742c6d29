"""Entry screens of committees, rooms, screening rounds and prevented disputes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages

from sifa.core import access
from sifa.core.admin_base import ScopedAdmin, ScopedInline
from sifa.core.lines import Line

from .. import selectors, services
from ..models import (
    SCREENING_MEASURE,
    SCREENING_TYPE,
    CommitteeMember,
    DisputeScreening,
    MediationCommittee,
    MediationRoom,
    PreventedDispute,
)
from .base import save_children


class MemberInline(ScopedInline):
    model = CommitteeMember
    fields = ["name", "gender", "role", "from_on", "to_on"]


@admin.register(MediationCommittee)
class MediationCommitteeAdmin(ScopedAdmin):
    list_display = [
        "name",
        "kind",
        "region",
        "term_start",
        "term_end",
        "member_count",
        "warnings_display",
    ]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = ["warnings_display"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description="现有委员")
    def member_count(self, obj):
        return len(obj.members_on(dt.date.today()))

    @admin.display(description="提示")
    def warnings_display(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return "；".join(selectors.committee_warnings(obj)) or "—"

    def save_formset(self, request, form, formset, change):
        save_children(request, formset, services.member_save, services.member_delete)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in selectors.committee_warnings(form.instance):
            messages.warning(request, f"{form.instance}：{warning}")


# --- rooms and prevented disputes --------------------------------------------------------------
class BrandedFilter(admin.SimpleListFilter):
    title = "品牌调解室"
    parameter_name = "branded"

    def lookups(self, request, model_admin):
        return [("yes", "品牌调解室"), ("no", "普通调解室")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(brand_name="")
        if self.value() == "no":
            return queryset.filter(brand_name="")
        return queryset


@admin.register(MediationRoom)
class MediationRoomAdmin(ScopedAdmin):
    list_display = ["name", "brand_name", "committee", "region", "opened_on", "closed_on"]
    list_filter = [BrandedFilter]
    search_fields = ["name", "brand_name"]
    list_select_related = ["region", "committee"]
    autocomplete_fields = ["region"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            kwargs["queryset"] = selectors.committees(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScreeningForm(forms.ModelForm):
    disputes_found = forms.IntegerField(label="排查发现纠纷数", min_value=0, initial=0)

    class Meta:
        model = DisputeScreening
        fields = ["date", "region", "unit", "title", "disputes_found", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sifa.core.models import ActivityType

        self.instance.type = ActivityType.objects.filter(code=SCREENING_TYPE).first()
        self.fields["title"].required = False
        self.fields["title"].help_text = "留空则为“某村（镇）矛盾纠纷排查”。"
        if self.instance.pk:
            self.initial["disputes_found"] = self.instance.disputes_found

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what ModelForm.clean() returns
        region = data.get("region")
        if not data.get("title") and region is not None:
            data["title"] = f"{region.name}矛盾纠纷排查"
        self.instance.quantities = {SCREENING_MEASURE: data.get("disputes_found") or 0}
        return data


@admin.register(DisputeScreening)
class DisputeScreeningAdmin(ScopedAdmin):
    form = ScreeningForm
    list_display = ["date", "title", "found_display", "region", "unit"]
    list_filter = [("date", admin.DateFieldListFilter)]
    search_fields = ["title"]
    date_hierarchy = "date"
    list_select_related = ["region", "unit"]
    autocomplete_fields = ["region"]

    # Activity's line is per row; this screen belongs to the mediation line only.
    def has_view_permission(self, request, obj=None):
        user = request.user
        return access.role_of(user) != "viewer" and Line.MEDIATION in access.lines_of(user)

    def has_add_permission(self, request):
        return Line.MEDIATION in access.writable_lines(request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request) and super().has_change_permission(request, obj)

    @admin.display(description="发现纠纷数")
    def found_display(self, obj):
        return obj.disputes_found


@admin.register(PreventedDispute)
class PreventedDisputeAdmin(ScopedAdmin):
    list_display = ["date", "dispute_type", "summary", "region"]
    list_filter = ["dispute_type"]
    search_fields = ["summary"]
    date_hierarchy = "date"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    raw_id_fields = ["screening"]
