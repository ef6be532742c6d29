"""Entry screen of mediation cases: parties, moves, the art. 33 window."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet

from sifa.core import registry
from sifa.core.admin_base import ScopedAdmin, ScopedInline, deadline_filter
from sifa.core.deadlines import DeadlineState
from sifa.core.errors import RuleViolation

from .. import selectors, services
from ..models import (
    CaseParty,
    CaseStatus,
    MediationCase,
)
from .base import save_children

MSG_REMIND = (
    "有{n}件调解协议的司法确认申请期限即将届满（《人民调解法》第三十三条），请提醒当事人及时申请。"
)
MSG_SAVE_FIRST = "请先保存受理的案件，再办理后续环节。"
MSG_MOVE_BEFORE_RECEIVED = "办理日期不能早于受理日期。"
MSG_MOVE_FAILED = "案件信息已保存，但未能办理“{target}”：{reason}"
MOVE_CHOICES = [("", "—（不变更状态）")] + [
    (s.value, s.label) for s in CaseStatus if s != CaseStatus.ACCEPTED
]


class PartyFormSet(BaseInlineFormSet):
    """A move to 调解中 or 调解成功 is refused while a party refuses mediation (art. 17). The
    parties rule of every save (two parties; none refusing at acceptance) is the record type's
    declared child rule (records.py), which ScopedAdmin checks on these rows."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if self.data.get("move_to") not in (CaseStatus.MEDIATING, CaseStatus.SUCCEEDED):
            return
        refusing = [
            SimpleNamespace(name=f.cleaned_data.get("name"))
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("refuses_mediation")
        ]
        if refusing:
            raise ValidationError(
                services.MSG_PARTY_REFUSES_MOVE.format(names=services.party_names(refusing))
            )


class PartyInline(ScopedInline):
    model = CaseParty
    formset = PartyFormSet
    fields = ["name", "kind", "id_number", "phone", "refuses_mediation"]
    extra = 2


class MediationCaseForm(forms.ModelForm):
    move_to = forms.ChoiceField(label="办理", choices=MOVE_CHOICES, required=False)
    move_on = forms.DateField(
        label="办理日期", required=False, help_text="留空为今天；调解成功时也是协议默认生效日期。"
    )

    class Meta:
        model = MediationCase
        fields = [
            "case_number",
            "committee",
            "mediator",
            "received_on",
            "dispute_type",
            "amount_yuan",
            "summary",
            "agreement_form",
            "agreement_effective_on",
            "termination_reason",
            "confirmation_applied_on",
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what ModelForm.clean() returns
        target = data.get("move_to")
        if not target:
            return data
        if self.instance.pk is None:
            self.add_error("move_to", MSG_SAVE_FIRST)
            return data
        move_on, received_on = data.get("move_on"), data.get("received_on")
        if move_on and received_on and move_on < received_on:
            self.add_error("move_on", MSG_MOVE_BEFORE_RECEIVED)
            return data
        try:
            MediationCase.pipeline.check(self.instance, target)
        except RuleViolation as exc:
            self.add_error("move_to", exc.messages)
        return data

    def _post_clean(self):
        """With the case's data on the instance, the move is checked by the service's own
        rules (an agreement for 调解成功, a reason for 调解终止…): refused, it is a field error
        here, before anything is saved."""
        super()._post_clean()  # type: ignore[misc]  # private, not in the stubs
        target = self.cleaned_data.get("move_to")
        if not target or self.errors:
            return
        case = self.instance
        try:
            services.case_move_check(
                case,
                target,
                on=self.cleaned_data.get("move_on") or dt.date.today(),
                agreement_form=case.agreement_form,
                effective_on=case.agreement_effective_on,
                reason=case.termination_reason,
            )
        except RuleViolation as exc:
            errors = (
                exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
            )
            for name, messages_ in errors.items():
                self.add_error(name if name in self.fields else None, messages_)


ConfirmationStateFilter = deadline_filter(
    "司法确认申请期限",
    "confirmation_due_on",
    "confirmation_applied_on",
    "confirmation",
    with_due_only=True,
)


@admin.register(MediationCase)
class MediationCaseAdmin(ScopedAdmin):
    form = MediationCaseForm
    list_display = [
        "__str__",
        "received_on",
        "dispute_type",
        "committee",
        "mediator",
        "amount_yuan",
        "status",
        "closed_on",
        "parties_display",
        "confirmation_display",
    ]
    list_filter = ["status", "dispute_type", ConfirmationStateFilter]
    search_fields = ["case_number", "summary", "parties__name"]
    date_hierarchy = "received_on"
    list_select_related = ["committee", "mediator", "region"]
    readonly_fields = [
        "status",
        "started_on",
        "closed_on",
        "confirmation_due_on",
        "confirmation_display",
    ]
    inlines = [PartyInline]
    actions = ["start_mediation"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "case_number",
                    "committee",
                    "mediator",
                    "received_on",
                    "dispute_type",
                    "amount_yuan",
                    "summary",
                ]
            },
        ),
        (
            "办理",
            {
                "fields": [
                    "status",
                    "started_on",
                    "closed_on",
                    "move_to",
                    "move_on",
                    "agreement_form",
                    "agreement_effective_on",
                    "termination_reason",
                ]
            },
        ),
        (
            "司法确认（《人民调解法》第三十三条）",
            {"fields": ["confirmation_due_on", "confirmation_display", "confirmation_applied_on"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parties")

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            soon = selectors.confirmation_windows(request.user, DeadlineState.SOON).count()
            if soon:
                messages.warning(request, MSG_REMIND.format(n=soon))
        return super().changelist_view(request, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            kwargs["queryset"] = selectors.committees(request.user)
        elif db_field.name == "mediator":
            kwargs["queryset"] = selectors.members(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="当事人")
    def parties_display(self, obj):
        parts = []
        for p in obj.parties.all():
            parts.append(f"{p.name}（{p.masked_id_number}）" if p.id_number else p.name)
        return "、".join(parts)

    @admin.display(description="司法确认期限状态")
    def confirmation_display(self, obj):
        if obj is None or obj.pk is None or obj.confirmation_due_on is None:
            return "—"
        return obj.confirmation_state().label

    def save_formset(self, request, form, formset, change):
        save_children(request, formset, services.party_save, services.party_delete)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        target = form.cleaned_data.get("move_to")
        if target:
            case = form.instance
            step = registry.get(MediationCase).move_to(target)
            data = {
                "on": form.cleaned_data.get("move_on") or dt.date.today(),
                "agreement_form": case.agreement_form,
                "effective_on": case.agreement_effective_on,
                "reason": case.termination_reason,
            }
            try:
                step.perform(case, data, user=request.user)
            except RuleViolation as exc:  # the form checked the move; this is a late race
                label = CaseStatus(target).label
                messages.error(
                    request, MSG_MOVE_FAILED.format(target=label, reason="；".join(exc.messages))
                )

    @admin.action(description="开始调解（办理日期为今天）")
    def start_mediation(self, request, queryset):
        done = 0
        for case in queryset:
            try:
                services.case_start(case, on=dt.date.today(), user=request.user)
                done += 1
            except (RuleViolation, PermissionDenied) as exc:
                messages.error(
                    request, f"{case}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}"
                )
        if done:
            messages.success(request, f"已有{done}件案件开始调解。")
