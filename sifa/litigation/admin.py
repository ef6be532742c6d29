"""Entry screens of the litigation line: cases with their answer/appeal deadlines, and hearings
with who appeared for the agency."""

from __future__ import annotations

from django.contrib import admin

from sifa.core.admin_base import ScopedAdmin, ScopedInline, deadline_filter
from sifa.core.deadlines import deadline_state, due_date

from . import selectors
from .models import ANSWER, APPEAL_JUDGMENT, APPEAL_RULING, Hearing, LitigationCase, Outcome

DeadlineStateFilter = deadline_filter("期限状态", "current_due")


class HeadAppearedFilter(admin.SimpleListFilter):
    title = "负责人出庭"
    parameter_name = "head"

    def lookups(self, request, model_admin):
        return [("yes", "负责人出庭"), ("no", "负责人未出庭")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(head_role="absent")
        if self.value() == "no":
            return queryset.filter(head_role="absent")
        return queryset


class HearingInline(ScopedInline):
    model = Hearing
    fields = readonly_fields = ("held_on", "head_role", "head_name", "staff_names", "lawyer_names")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LitigationCase)
class LitigationCaseAdmin(ScopedAdmin):
    list_display = [
        "__str__",
        "plaintiff",
        "defendant",
        "court",
        "instance",
        "served_on",
        "answer_due",
        "answered_on",
        "outcome",
        "due_now_display",
        "deadline_state_display",
    ]
    list_filter = [
        DeadlineStateFilter,
        "instance",
        "outcome",
        ("served_on", admin.DateFieldListFilter),
    ]
    search_fields = ["case_number", "number", "plaintiff", "defendant__name", "court", "cause"]
    date_hierarchy = "served_on"
    list_select_related = ["defendant", "region"]
    autocomplete_fields = ["region"]
    raw_id_fields = ["defendant"]
    readonly_fields = ["answer_due", "appeal_due", "deadline_explanation"]
    inlines = [HearingInline]

    def get_queryset(self, request):
        return selectors.cases(request.user)

    @admin.display(description="当前期限")
    def due_now_display(self, obj):
        what, due, done = obj.due_now()
        return f"{what} {due}" if due and not done else "—"

    @admin.display(description="期限状态")
    def deadline_state_display(self, obj):
        _what, due, done = obj.due_now()
        return deadline_state(due, done_on=done).label

    @admin.display(description="期限计算")
    def deadline_explanation(self, obj):
        if not obj.served_on:
            return "—"
        region = obj.region if obj.region_id else None
        lines = [f"答辩举证：{due_date(obj.served_on, ANSWER.code, region).explain()}"]
        if obj.appealable and obj.outcome_served_on:
            code = APPEAL_JUDGMENT if Outcome(obj.outcome).is_judgment else APPEAL_RULING
            lines.append(f"上诉：{due_date(obj.outcome_served_on, code.code, region).explain()}")
        what, due, done = obj.due_now()
        if due:
            lines.append(f"当前期限（{what}）：{deadline_state(due, done_on=done).label}")
        return "\n".join(lines)


@admin.register(Hearing)
class HearingAdmin(ScopedAdmin):
    list_display = ["held_on", "case", "head_role", "head_name", "staff_names", "lawyer_names"]
    list_filter = [HeadAppearedFilter, "head_role", ("held_on", admin.DateFieldListFilter)]
    search_fields = [
        "case__case_number",
        "case__number",
        "case__plaintiff",
        "head_name",
        "staff_names",
    ]
    date_hierarchy = "held_on"
    list_select_related = ["case", "case__defendant"]
    raw_id_fields = ["case"]
    exclude = ["region"]

    def get_queryset(self, request):
        return selectors.hearings(request.user)
