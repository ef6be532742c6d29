"""Entry screens of the normative-documents line (thin: rules live in services)."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from sifa.core.admin_base import ScopedAdmin, ScopedInline, deadline_filter
from sifa.core.services import record_delete

from . import selectors, services
from .models import (
    CleanupItem,
    CleanupRound,
    DraftingHearing,
    FilingState,
    LegalityReview,
    LegislativeComment,
    NormdocConsultation,
)

STATE_COLOURS = {"overdue": "#b00", "soon": "#c60", "late": "#b00"}


FilingDeadlineFilter = deadline_filter("备案期限状态", "filing_due", "filed_on")


class FilingStateFilter(admin.SimpleListFilter):
    title = "备案情况"
    parameter_name = "filing"

    def lookups(self, request, model_admin):
        return FilingState.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value:
            return queryset.filter(selectors.filing_state_q(value))
        return queryset


ReplyDeadlineFilter = deadline_filter("反馈期限状态", "reply_due", "replied_on")


def _state_html(label: str, key: str):
    colour = STATE_COLOURS.get(key)
    if colour:
        return format_html('<strong style="color:{}">{}</strong>', colour, label)
    return label


@admin.register(LegalityReview)
class LegalityReviewAdmin(ScopedAdmin):
    list_display = [
        "title",
        "drafting_agency",
        "submitted_on",
        "reviewed_on",
        "opinion",
        "published_on",
        "filing_due",
        "filed_on",
        "status",
        "filing_state_display",
        "deadline_display",
    ]
    list_filter = [
        FilingStateFilter,
        FilingDeadlineFilter,
        "status",
        "opinion",
        ("reviewed_on", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "number", "drafting_agency"]
    date_hierarchy = "submitted_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = [
        "status",
        "filing_due",
        "filing_state_display",
        "deadline_display",
        "deadline_explain",
    ]
    fields = [
        "region",
        "title",
        "drafting_agency",
        "number",
        "submitted_on",
        "reviewed_on",
        "opinion",
        "published_on",
        "filed_on",
        "note",
        "status",
        "filing_due",
        "filing_state_display",
        "deadline_display",
        "deadline_explain",
    ]

    @admin.display(description="备案情况")
    def filing_state_display(self, obj):
        state = obj.filing_state()
        return _state_html(state.label, state.value)

    @admin.display(description="期限状态")
    def deadline_display(self, obj):
        state = obj.deadline_state()
        return _state_html(state.label, state.value)

    @admin.display(description="备案期限计算")
    def deadline_explain(self, obj):
        if not obj or not obj.published_on:
            return "文件发布后自动计算备案期限。"
        from sifa.core.deadlines import due_date

        return due_date(obj.published_on, "normdocs.filing", obj.region).explain()


@admin.register(NormdocConsultation)
class NormdocConsultationAdmin(ScopedAdmin):
    list_display = ["received_on", "asker", "subject"]
    list_filter = [("received_on", admin.DateFieldListFilter)]
    search_fields = ["asker", "subject"]
    date_hierarchy = "received_on"
    autocomplete_fields = ["region"]


@admin.register(LegislativeComment)
class LegislativeCommentAdmin(ScopedAdmin):
    list_display = [
        "draft_title",
        "requested_by",
        "received_on",
        "reply_due",
        "replied_on",
        "deadline_display",
    ]
    list_filter = [ReplyDeadlineFilter, ("replied_on", admin.DateFieldListFilter)]
    search_fields = ["draft_title", "requested_by"]
    date_hierarchy = "received_on"
    autocomplete_fields = ["region"]

    @admin.display(description="期限状态")
    def deadline_display(self, obj):
        state = obj.deadline_state()
        return _state_html(state.label, state.value)


@admin.register(DraftingHearing)
class DraftingHearingAdmin(ScopedAdmin):
    list_display = ["held_on", "title", "organiser", "attendees"]
    list_filter = [("held_on", admin.DateFieldListFilter)]
    search_fields = ["title", "organiser"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["region"]


class CleanupItemInline(ScopedInline):
    model = CleanupItem
    fields = ["kind", "title", "number", "recommendation", "reason"]
    extra = 3

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=True)


@admin.register(CleanupRound)
class CleanupRoundAdmin(ScopedAdmin):
    list_display = ["title", "started_on", "concluded_on", "documents", "agreements", "lapse_count"]
    list_filter = [("concluded_on", admin.DateFieldListFilter)]
    search_fields = ["title", "items__title"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["region"]
    inlines = [CleanupItemInline]
    actions = ["conclude_today"]

    @admin.display(description="规范性文件")
    def documents(self, obj):
        return obj.items.filter(kind="document").count()

    @admin.display(description="政府协议")
    def agreements(self, obj):
        return obj.items.filter(kind="agreement").count()

    @admin.display(description="建议失效")
    def lapse_count(self, obj):
        return obj.items.filter(recommendation="lapse").count()

    def save_model(self, request, obj, form, change):
        """A conclusion date entered on the form is applied after the items are saved, through
        the conclude service (a concluded round takes no new items)."""
        before = None
        if obj.pk:
            before = (
                CleanupRound.all_objects.filter(pk=obj.pk)
                .values_list("concluded_on", flat=True)
                .first()
            )
        request._cleanup_conclude_on = None
        if obj.concluded_on and before is None:
            request._cleanup_conclude_on, obj.concluded_on = obj.concluded_on, None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        on = getattr(request, "_cleanup_conclude_on", None)
        if on:
            try:
                services.cleanup_round_conclude(form.instance, on=on, user=request.user)
            except ValidationError as exc:
                messages.error(request, "未能办结：" + "；".join(exc.messages))

    def save_formset(self, request, form, formset, change):
        """Items go through the service too; a removed item is soft-deleted."""
        items = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_delete(obj, user=request.user)
        for obj in items:
            obj.round = form.instance
            services.cleanup_item_save(obj, user=request.user)

    @admin.action(description="办结所选清理（办结日期为今天）")
    def conclude_today(self, request, queryset):
        for obj in queryset:
            try:
                services.cleanup_round_conclude(obj, on=dt.date.today(), user=request.user)
            except ValidationError as exc:
                messages.error(request, f"{obj}：{'；'.join(exc.messages)}")
