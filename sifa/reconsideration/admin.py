"""Entry screens of the reconsideration line: the case list with its deadline states, the
detail page, and the 办理 page through which every pipeline move goes (services only)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from sifa.core import registry
from sifa.core.admin_base import ScopedAdmin, deadline_filter
from sifa.core.deadlines import deadline_state

from . import selectors, services
from .models import (
    CloseKind,
    Procedure,
    ReconsiderationCase,
    Status,
    SuspensionGround,
    TerminationGround,
    deemed_accepted_q,
)
from .records import CASE_MOVES

DeadlineStateFilter = deadline_filter("期限状态", "current_due")


class DeemedAcceptedFilter(admin.SimpleListFilter):
    title = "视为受理"
    parameter_name = "deemed"

    def lookups(self, request, model_admin):
        return [("yes", "视为受理"), ("no", "非视为受理")]

    def queryset(self, request, queryset):
        deemed = deemed_accepted_q(dt.date.today()) | Q(deemed_accepted=True)
        if self.value() == "yes":
            return queryset.filter(deemed)
        if self.value() == "no":
            return queryset.exclude(deemed)
        return queryset


# The 办理 page's choice of step: the record type's declared moves (records.py).
ACTIONS = [(m.name, m.label) for m in CASE_MOVES]


class ProcessForm(forms.Form):
    action = forms.ChoiceField(label="办理事项", choices=ACTIONS)
    on = forms.DateField(label="办理日期", initial=dt.date.today)
    procedure = forms.ChoiceField(label="审理程序", choices=Procedure.choices, required=False)
    text = forms.CharField(
        label="补正事项 / 不予受理理由 / 延期理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    extension_days = forms.IntegerField(label="延长天数", required=False, min_value=1)
    extension_approver = forms.CharField(label="延期批准人", required=False)
    suspension_ground = forms.ChoiceField(
        label="中止事由", required=False, choices=[("", "—"), *SuspensionGround.choices]
    )
    close_kind = forms.ChoiceField(
        label="结案方式", required=False, choices=[("", "—"), *CloseKind.choices]
    )
    termination_ground = forms.ChoiceField(
        label="终止事由", required=False, choices=[("", "—"), *TerminationGround.choices]
    )
    summary = forms.CharField(
        label="决定要旨", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def run_action(case, data, *, user):
    """Take the chosen 办理 step through its declared move."""
    move = registry.get(ReconsiderationCase).move(data["action"])
    assert move is not None, "the form offers declared moves only"
    return move.perform(case, data, user=user)


FORM_FIELD_OF = {
    "correction_items": "text",
    "rejection_reason": "text",
    "extension_reason": "text",
    "extension_approver": "extension_approver",
    "extension_days": "extension_days",
    "suspension_ground": "suspension_ground",
    "close_kind": "close_kind",
    "termination_ground": "termination_ground",
    "procedure": "procedure",
    "on": "on",
}


@admin.register(ReconsiderationCase)
class ReconsiderationCaseAdmin(ScopedAdmin):
    change_form_template = "reconsideration/change_form.html"
    list_display = [
        "__str__",
        "applicant_name",
        "respondent",
        "category",
        "received_on",
        "status_label",
        "due_now_display",
        "deadline_state_display",
        "late_flag",
    ]
    list_filter = [
        "status",
        DeemedAcceptedFilter,
        DeadlineStateFilter,
        "category",
        "applicant_type",
        "procedure",
        "close_kind",
        "published_online",
        ("received_on", admin.DateFieldListFilter),
    ]
    search_fields = ["case_number", "applicant_name", "respondent__name", "act_description"]
    date_hierarchy = "received_on"
    list_select_related = ["respondent", "region"]
    autocomplete_fields = ["region"]
    raw_id_fields = ["respondent"]
    fields = [
        "region",
        "case_number",
        "applicant_name",
        "applicant_type",
        "respondent",
        "category",
        "act_description",
        "act_known_on",
        "received_on",
        "decision_summary",
        "published_online",
        "published_on",
    ]
    readonly_fields = [
        "status_label",
        "late_warning",
        "deadline_explanation",
        "acceptance_due",
        "correction_notice_on",
        "correction_items",
        "correction_reply_due",
        "corrected_on",
        "abandoned_on",
        "rejected_on",
        "rejection_reason",
        "accepted_on",
        "deemed_accepted",
        "procedure",
        "decision_due",
        "extended_on",
        "extension_days",
        "extension_approver",
        "extension_reason",
        "suspended_on",
        "suspension_ground",
        "suspended_days",
        "suspension_limit_on",
        "closed_on",
        "close_kind",
        "termination_ground",
    ]
    actions = ["apply_deemed", "accept_ordinary", "accept_simple"]

    def get_queryset(self, request):
        return selectors.cases(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    # --- computed columns ----------------------------------------------------------------
    @admin.display(description="状态")
    def status_label(self, obj):
        return obj.effective_status_label()

    @admin.display(description="当前期限")
    def due_now_display(self, obj):
        return obj.due_now() or "—"

    @admin.display(description="期限状态")
    def deadline_state_display(self, obj):
        state = deadline_state(obj.due_now())
        return format_html('<span class="deadline-{}">{}</span>', state.value, state.label)

    @admin.display(description="逾期申请", boolean=True)
    def late_flag(self, obj):
        return bool(obj.late_warning)

    @admin.display(description="期限计算")
    def deadline_explanation(self, obj):
        parts = []
        for title, dl in (
            ("受理审查", obj.acceptance_deadline()),
            ("作出决定", obj.decision_deadline()),
        ):
            if dl is not None:
                parts.append(f"{title}：{dl.explain()}")
        state = deadline_state(obj.due_now())
        parts.append(f"期限状态：{state.label}")
        return "\n".join(parts)

    # --- moves -------------------------------------------------------------------------------
    @admin.action(description="按今天办理到期事项（视为受理、视为放弃、中止满期终止）")
    def apply_deemed(self, request, queryset):
        done = (
            services.apply_deemed_acceptance(user=request.user)
            + services.apply_deemed_abandonment(user=request.user)
            + services.apply_suspension_terminations(user=request.user)
        )
        self.message_user(request, f"已办理{len(done)}件。")

    def _accept(self, request, queryset, procedure):
        for case in queryset:
            try:
                services.case_accept(
                    case, on=dt.date.today(), procedure=procedure, user=request.user
                )
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{case}：{'；'.join(_messages(exc))}", messages.ERROR)

    @admin.action(description="受理（普通程序，今天）")
    def accept_ordinary(self, request, queryset):
        self._accept(request, queryset, Procedure.ORDINARY)

    @admin.action(description="受理（简易程序，今天）")
    def accept_simple(self, request, queryset):
        self._accept(request, queryset, Procedure.SIMPLE)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/process/",
                self.admin_site.admin_view(self.process_view),
                name="reconsideration_reconsiderationcase_process",
            ),
            *super().get_urls(),
        ]

    def process_view(self, request, object_id):
        case = selectors.case_get(request.user, object_id)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        form = ProcessForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                run_action(case, form.cleaned_data, user=request.user)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, "已办理。")
                return redirect(
                    reverse("admin:reconsideration_reconsiderationcase_change", args=[case.pk])
                )
            case.refresh_from_db()
        context = {
            **self.admin_site.each_context(request),
            "title": f"办理：{case}",
            "case": case,
            "form": form,
            "opts": self.model._meta,
            "status": case.effective_status_label(),
            "available": [Status(s).label for s in case.pipeline.available(case.status)],
        }
        return TemplateResponse(request, "reconsideration/process.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "process_url": reverse(
                "admin:reconsideration_reconsiderationcase_process", args=[object_id]
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)


def _messages(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)]


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.message_dict.items():
            form.add_error(FORM_FIELD_OF.get(name), errs)
    else:
        form.add_error(None, exc.messages)
