"""Entry screens of the rule-of-law and publicity line (thin: rules live in services)."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from sifa.core import access
from sifa.core.admin_base import ScopedAdmin
from sifa.core.lines import Line
from sifa.core.models import ActivityType, Unit, UnitKind

from . import selectors, services
from .models import (
    IssuedDocument,
    LawExamSession,
    LegalLiterate,
    LiteracyStatus,
    PublicityDuty,
    RulelawActivity,
)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ScopedAdmin):
    list_display = ["issued_on", "title", "number", "kind", "issuer", "region"]
    list_filter = ["kind", "issuer", ("issued_on", admin.DateFieldListFilter)]
    search_fields = ["title", "number"]
    date_hierarchy = "issued_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


class ActiveOnTodayFilter(admin.SimpleListFilter):
    title = "当前是否在册"
    parameter_name = "active_now"

    def lookups(self, request, model_admin):
        return [("yes", "在册"), ("no", "已退出或尚未聘任")]

    def queryset(self, request, queryset):
        q = LegalLiterate.active_on_q(dt.date.today())
        if self.value() == "yes":
            return queryset.filter(q)
        if self.value() == "no":
            return queryset.exclude(q)
        return queryset


@admin.register(LegalLiterate)
class LegalLiterateAdmin(ScopedAdmin):
    list_display = ["name", "region", "township", "since", "status", "left_on"]
    list_filter = [ActiveOnTodayFilter, "status", ("since", admin.DateFieldListFilter)]
    search_fields = ["name", "region__name", "region__parent__name"]
    date_hierarchy = "since"
    list_select_related = ["region", "region__parent"]
    autocomplete_fields = ["region"]
    change_list_template = "admin/rulelaw/legalliterate/change_list.html"
    actions = ["mark_left_today"]

    @admin.display(description="乡镇（街道）")
    def township(self, obj):
        return obj.region.parent

    @admin.action(description="办理退出（退出日期为今天）")
    def mark_left_today(self, request, queryset):
        done = 0
        for obj in queryset.filter(status=LiteracyStatus.ACTIVE):
            services.legal_literate_leave(obj, on=dt.date.today(), user=request.user)
            done += 1
        self.message_user(request, f"已为{done}人办理退出。")

    def get_urls(self):
        return [
            path(
                "coverage/",
                self.admin_site.admin_view(self.coverage_view),
                name="rulelaw_legalliterate_coverage",
            ),
            *super().get_urls(),
        ]

    def coverage_view(self, request):
        """Every village in scope with its number of 法律明白人; villages without one first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            on = dt.date.fromisoformat(request.GET.get("on", ""))
        except ValueError:
            on = dt.date.today()
        rows = selectors.literate_coverage(request.user, on=on)
        only_missing = request.GET.get("missing") == "1"
        missing = [r for r in rows if not r.covered]
        context = {
            **self.admin_site.each_context(request),
            "title": "法律明白人覆盖情况",
            "opts": self.model._meta,
            "on": on,
            "rows": missing
            if only_missing
            else sorted(rows, key=lambda r: (r.covered, r.village.code)),
            "total": len(rows),
            "covered": len(rows) - len(missing),
            "missing": len(missing),
            "only_missing": only_missing,
        }
        return TemplateResponse(request, "rulelaw/coverage.html", context)


@admin.register(LawExamSession)
class LawExamSessionAdmin(ScopedAdmin):
    list_display = [
        "held_on",
        "session",
        "invited",
        "sat",
        "passed",
        "participation",
        "pass_rate_display",
        "region",
    ]
    list_filter = [("held_on", admin.DateFieldListFilter)]
    search_fields = ["session"]
    date_hierarchy = "held_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]

    @admin.display(description="参考率")
    def participation(self, obj):
        rate = obj.participation_rate
        return "—" if rate is None else f"{rate:g}％"

    @admin.display(description="及格率")
    def pass_rate_display(self, obj):
        rate = obj.pass_rate
        return "—" if rate is None else f"{rate:g}％"


@admin.register(PublicityDuty)
class PublicityDutyAdmin(ScopedAdmin):
    list_display = ["year", "agency", "revised_on", "short_duties"]
    list_filter = ["year"]
    search_fields = ["agency__name", "duties", "laws"]
    list_select_related = ["agency"]
    autocomplete_fields = ["region"]
    actions = ["carry_forward"]

    @admin.action(description="以所选年度清单为基础生成下一年度清单")
    def carry_forward(self, request, queryset):
        years = sorted(set(queryset.values_list("year", flat=True)))
        if len(years) != 1:
            self.message_user(request, "请只选择同一年度的清单。", level=messages.ERROR)
            return
        created = services.publicity_duties_carry_forward(
            from_year=years[0], to_year=years[0] + 1, user=request.user
        )
        self.message_user(request, f"已生成{years[0] + 1}年度清单{len(created)}条，请逐条修订。")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = Unit.objects.filter(kind=UnitKind.AGENCY)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="普法责任")
    def short_duties(self, obj):
        return obj.duties if len(obj.duties) <= 40 else obj.duties[:40] + "…"


@admin.register(RulelawActivity)
class RulelawActivityAdmin(ScopedAdmin):
    list_display = [
        "date",
        "title",
        "type",
        "theme",
        "attendees",
        "consultations",
        "materials",
        "region",
    ]
    list_filter = ["type", ("date", admin.DateFieldListFilter)]
    search_fields = ["title", "theme"]
    date_hierarchy = "date"
    list_select_related = ["type", "region"]
    autocomplete_fields = ["region"]
    fields = ["type", "region", "unit", "date", "end_date", "title", "theme", "quantities", "note"]

    def has_view_permission(self, request, obj=None):
        return access.role_of(request.user) != "viewer" and Line.RULELAW in access.lines_of(
            request.user
        )

    def has_add_permission(self, request):
        return Line.RULELAW in access.writable_lines(request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request) and super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "type":
            kwargs["queryset"] = ActivityType.objects.filter(line=Line.RULELAW, active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="参加人数")
    def attendees(self, obj):
        return obj.quantity("attendees")

    @admin.display(description="解答咨询")
    def consultations(self, obj):
        return obj.quantity("consultations")

    @admin.display(description="发放资料")
    def materials(self, obj):
        return obj.quantity("materials")
