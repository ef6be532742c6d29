"""Entry screens of the enforcement line; every save goes through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper

from sifa.core import access
from sifa.core.admin_base import ScopedAdmin, ScopedInline
from sifa.core.dates import ymd
from sifa.core.idnumber import mask
from sifa.core.models import Unit, UnitKind

from .models import (
    Certificate,
    CertificateState,
    EnforcementAgency,
    Officer,
    SpecialInspection,
    ThreeSystemsEvaluation,
    certificate_state_q,
    certified_q,
    in_service_q,
    with_replaced,
)


class CertificateStateFilter(admin.SimpleListFilter):
    title = "有效期状态"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return CertificateState.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value in CertificateState.values:
            return queryset.filter(certificate_state_q(value, dt.date.today()))
        return queryset


class ServiceFilter(admin.SimpleListFilter):
    title = "在岗情况"
    parameter_name = "service"

    def lookups(self, request, model_admin):
        return [("in", "在岗"), ("left", "已离岗"), ("uncertified", "在岗但未持有效证件")]

    def queryset(self, request, queryset):
        today = dt.date.today()
        if self.value() == "in":
            return queryset.filter(in_service_q(today))
        if self.value() == "left":
            return queryset.exclude(in_service_q(today))
        if self.value() == "uncertified":
            return queryset.filter(in_service_q(today)).exclude(certified_q(today))
        return queryset


@admin.register(EnforcementAgency)
class EnforcementAgencyAdmin(ScopedAdmin):
    list_display = ["__str__", "kind", "officers_in_service"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "unit__short_name"]
    list_select_related = ["unit"]
    fields = ["unit", "kind", "powers", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(kind=UnitKind.AGENCY)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="在岗执法人员")
    def officers_in_service(self, obj):
        return obj.officers.filter(in_service_q(dt.date.today())).count()


class CertificateInline(ScopedInline):
    """The officer's certificates, read-only here (issued through the certificate screen)."""

    model = Certificate
    fields = readonly_fields = ("number", "kind", "issued_on", "expires_on", "revoked_on")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgencyFilter(admin.RelatedFieldListFilter):
    """The agencies with their units in one query (an agency is named after its unit)."""

    def field_choices(self, field, request, model_admin):
        agencies = EnforcementAgency.objects.select_related("unit").order_by("unit__name")
        return [(a.pk, str(a)) for a in agencies]


@admin.register(Officer)
class OfficerAdmin(ScopedAdmin):
    list_display = ["name", "masked_id", "agency", "post", "hired_on", "left_on", "certified"]
    list_filter = [ServiceFilter, ("agency", AgencyFilter)]
    search_fields = ["name", "=id_number"]
    date_hierarchy = "hired_on"
    list_select_related = ["agency__unit"]
    autocomplete_fields = ["agency"]
    fields = ["agency", "name", "id_number", "post", "hired_on", "left_on", "certification"]
    readonly_fields = ["certification"]
    inlines = [CertificateInline]

    @admin.display(description="身份证号")
    def masked_id(self, obj):
        return mask(obj.id_number)

    def get_queryset(self, request):
        today = dt.date.today()
        return (
            super()
            .get_queryset(request)
            .annotate(
                certified_today=ExpressionWrapper(certified_q(today), output_field=BooleanField())
            )
        )

    @admin.display(description="持证情况")
    def certification(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        today = dt.date.today()
        if not obj.in_service(today):
            return "已离岗"
        cert = obj.valid_certificate(today)
        if cert is None:
            return "未持有效执法证件"
        return f"持证（{cert.number}，有效期至{ymd(cert.expires_on)}，{cert.state(today).label}）"

    @admin.display(description="持证", boolean=True)
    def certified(self, obj):
        if not obj.in_service(dt.date.today()):
            return None
        return obj.certified_today


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    list_display = [
        "number",
        "officer",
        "kind",
        "issued_on",
        "expires_on",
        "revoked_on",
        "state_label",
    ]
    list_filter = [CertificateStateFilter, "kind", ("issued_on", admin.DateFieldListFilter)]
    search_fields = ["number", "officer__name", "=officer__id_number"]
    date_hierarchy = "issued_on"
    list_select_related = ["officer"]
    autocomplete_fields = ["officer"]
    fields = [
        "officer",
        "number",
        "kind",
        "issued_on",
        "expires_on",
        "revoked_on",
        "note",
        "state_label",
    ]
    readonly_fields = ["state_label"]

    def get_queryset(self, request):
        return with_replaced(super().get_queryset(request))

    @admin.display(description="有效期状态")
    def state_label(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return obj.state().label


@admin.register(ThreeSystemsEvaluation)
class ThreeSystemsEvaluationAdmin(ScopedAdmin):
    list_display = [
        "year",
        "agency",
        "publicity_score",
        "recording_score",
        "legal_review_score",
        "average_score",
        "evaluated_on",
    ]
    list_filter = ["year", ("agency", AgencyFilter)]
    search_fields = ["agency__unit__name"]
    list_select_related = ["agency__unit"]
    autocomplete_fields = ["agency"]
    fields = [
        "agency",
        "year",
        "evaluated_on",
        "publicity_score",
        "recording_score",
        "legal_review_score",
        "problems",
    ]

    @admin.display(description="平均分")
    def average_score(self, obj):
        return obj.average


@admin.register(SpecialInspection)
class SpecialInspectionAdmin(ScopedAdmin):
    list_display = ["date", "end_date", "title", "theme", "agencies_checked"]
    search_fields = ["title", "theme"]
    date_hierarchy = "date"
    fields = ["region", "title", "theme", "date", "end_date", "unit", "quantities", "note"]
    autocomplete_fields = ["region"]

    @admin.display(description="检查单位数")
    def agencies_checked(self, obj):
        return obj.quantity("agencies_checked")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("quantities", {"agencies_checked": 1})
        return initial

    def has_view_permission(self, request, obj=None):
        return access.role_of(request.user) != "viewer" and (
            SpecialInspection.line_q(access.lines_of(request.user)) is not None
            and "enforcement" in access.lines_of(request.user)
        )

    def has_add_permission(self, request):
        return "enforcement" in access.writable_lines(request.user)
