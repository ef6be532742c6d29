"""Entry screens of the plans line: plan items with their progress notes and status moves."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from sifa.core import access, registry
from sifa.core.admin_base import ScopedAdmin, ScopedInline, deadline_filter
from sifa.core.deadlines import deadline_state
from sifa.core.models import Region, RegionLevel
from sifa.core.services import record_delete

from . import services
from .models import PlanItem, PlanProgress, PlanStatus

DeadlineStateFilter = deadline_filter("期限状态", "deadline", "closed_on", "deadline_state")


class PlanProgressInline(ScopedInline):
    model = PlanProgress
    fields = ["date", "text"]
    extra = 1

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))


@admin.register(PlanItem)
class PlanItemAdmin(ScopedAdmin):
    list_display = [
        "year",
        "order",
        "heading",
        "short_text",
        "responsible",
        "deadline",
        "status",
        "deadline_state_label",
    ]
    list_display_links = ["year", "order", "heading"]
    list_filter = ["year", "status", DeadlineStateFilter, "section_line"]
    search_fields = ["heading", "text", "section_text"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = ["status", "started_on", "closed_on"]
    fields = [
        "year",
        "order",
        "heading",
        "text",
        "section_line",
        "section_text",
        "deadline",
        "region",
        "status",
        "started_on",
        "closed_on",
    ]
    inlines = [PlanProgressInline]
    actions = ["start_items", "complete_items", "cancel_items"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("year", dt.date.today().year + 1)
        if "region" not in initial:
            county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
            if county is not None:
                initial["region"] = county.pk
        return initial

    @admin.display(description="工作内容")
    def short_text(self, obj) -> str:
        return obj.text if len(obj.text) <= 40 else obj.text[:40] + "……"

    @admin.display(description="责任股室")
    def responsible(self, obj) -> str:
        return obj.responsible

    @admin.display(description="期限状态")
    def deadline_state_label(self, obj) -> str:
        return deadline_state(obj.deadline, done_on=obj.closed_on).label

    def save_formset(self, request, form, formset, change):
        """Progress notes are written through the service, deletions are soft."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_delete(obj, user=request.user)
        for obj in instances:
            obj.item = form.instance
            services.plan_progress_save(obj, user=request.user)

    def _move(self, request, queryset, target: str):
        today = dt.date.today()
        step = registry.get(PlanItem).move_to(target)
        done = 0
        for item in queryset:
            try:
                step.perform(item, {"on": today}, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{item}：{text}", messages.ERROR)
        if done:
            label = PlanStatus(target).label
            self.message_user(request, f"已将{done}项计划事项变更为“{label}”。", messages.SUCCESS)

    @admin.action(description="开始推进所选事项")
    def start_items(self, request, queryset):
        self._move(request, queryset, PlanStatus.IN_PROGRESS)

    @admin.action(description="将所选事项标记为已完成")
    def complete_items(self, request, queryset):
        self._move(request, queryset, PlanStatus.DONE)

    @admin.action(description="取消所选事项")
    def cancel_items(self, request, queryset):
        self._move(request, queryset, PlanStatus.CANCELLED)
