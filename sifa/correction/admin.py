"""Entry screens of the correction line. Reads go through selectors (scope + sealed files),
writes through services; opening a subject's file is written to the audit log."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from sifa.core import registry
from sifa.core.admin_base import ScopedAdmin, ScopedInline, deadline_filter
from sifa.core.audit import log_access
from sifa.core.client_ip import client_ip
from sifa.core.idnumber import mask

from . import selectors, services
from .models import (
    Assessment,
    Subject,
    TeamMember,
)

AssessmentDeadlineFilter = deadline_filter("期限状态", "due_on", "finished_on")


IntakeDeadlineFilter = deadline_filter("报到接收期限", "intake_due", "received_on", "intake")


class LateIntakeFilter(admin.SimpleListFilter):
    title = "逾期接收"
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("1", "逾期接收（超过判决生效后十日）")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            from django.db.models import F

            return queryset.filter(received_on__gt=F("intake_due"))
        return queryset


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdmin):
    list_display = [
        "person_name",
        "commissioner",
        "expedited",
        "received_on",
        "due_on",
        "finished_on",
        "opinion",
        "deadline_label",
        "region",
    ]
    list_filter = [AssessmentDeadlineFilter, "commissioner", "expedited", "opinion"]
    search_fields = ["person_name", "commissioner_name"]
    date_hierarchy = "received_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = ["due_on"]

    @admin.display(description="期限状态")
    def deadline_label(self, obj):
        return obj.deadline_state.label


# --- subjects ---------------------------------------------------------------------------------
class TeamFormSet(forms.BaseInlineFormSet):
    """Art. 25 is checked on the team as a whole, so the order of entry does not matter."""

    def clean(self):
        super().clean()
        genders = [
            f.cleaned_data.get("gender")
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        subject = self.instance
        gender = self.data.get("gender") or subject.gender
        probe = Subject(gender=gender)
        if services.team_lacks_woman(probe, [g for g in genders if g]):
            raise ValidationError(services.MSG_TEAM_NEEDS_WOMAN)


class TeamMemberInline(ScopedInline):
    model = TeamMember
    formset = TeamFormSet
    fields = ["name", "gender", "role", "phone"]
    extra = 0
    verbose_name_plural = "矫正小组（女性社区矫正对象的矫正小组应有女性成员）"

    def get_queryset(self, request):
        return selectors.visible(request.user, super().get_queryset(request))


MSG_SEALED_ID_HELP = (
    "档案已封存，身份证号打码显示：{masked}。如需更正，请填写完整的新号码；留空则保持不变。"
)


def sealed_id_form(form_class, obj: Subject):
    """The edit form of a sealed minor's file: the ID number is never sent to the page in full;
    the field starts empty and, left empty, keeps the stored number."""

    class SealedIdForm(form_class):  # a form class made at runtime
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields.get("id_number")
            if field is not None:
                field.required = False
                field.help_text = MSG_SEALED_ID_HELP.format(masked=mask(obj.id_number))
                self.initial["id_number"] = ""

        def clean_id_number(self):
            return self.cleaned_data.get("id_number") or obj.id_number

    return SealedIdForm


@admin.register(Subject)
class SubjectAdmin(ScopedAdmin):
    change_form_template = "correction/admin_subject_change_form.html"
    list_display = [
        "name_label",
        "gender",
        "masked_id_number",
        "correction_type",
        "region",
        "judgment_effective_on",
        "intake_due",
        "received_on",
        "status",
        "intake_label",
        "ended_on",
    ]
    list_filter = [
        "status",
        "correction_type",
        IntakeDeadlineFilter,
        LateIntakeFilter,
        "gender",
        "end_reason",
    ]
    search_fields = ["name", "=id_number"]
    date_hierarchy = "received_on"
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = [
        "status",
        "intake_due",
        "received_on",
        "ended_on",
        "end_reason",
        "is_minor",
        "move_links",
    ]
    fieldsets = [
        (None, {"fields": ["name", "gender", "id_number", "birth_date", "region"]}),
        (
            "判决与矫正期",
            {
                "fields": [
                    "correction_type",
                    "offence_on",
                    "judgment_effective_on",
                    "period_start",
                    "period_end",
                ]
            },
        ),
        (
            "执行情况",
            {
                "fields": [
                    "status",
                    "intake_due",
                    "received_on",
                    "ended_on",
                    "end_reason",
                    "is_minor",
                    "move_links",
                    "note",
                ]
            },
        ),
    ]
    inlines = [TeamMemberInline]

    @admin.display(description="姓名", ordering="name")
    def name_label(self, obj):
        from django.utils.html import format_html

        if obj.is_minor:
            return format_html(
                '{} <span class="badge sealed" title="未成年人档案，已依法封存">封存</span>',
                obj.name,
            )
        return obj.name

    @admin.display(description="身份证号")
    def masked_id_number(self, obj):
        return mask(obj.id_number)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if obj is not None and obj.is_minor:
            return sealed_id_form(form_class, obj)
        return form_class

    @admin.display(description="报到期限状态")
    def intake_label(self, obj):
        if obj.intake_late:
            return "逾期接收"
        return obj.intake_state.label

    @admin.display(description="办理")
    def move_links(self, obj):
        from django.utils.html import format_html_join

        if obj is None or obj.pk is None:
            return "—"
        moves = [m for m in registry.get(Subject).moves if m.available(None, obj)]
        if not moves:
            return "已办结"
        return format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            (
                (reverse("admin:correction_subject_move", args=[obj.pk, m.name]), m.label)
                for m in moves
            ),
        )

    # --- every view of a file is audited ---------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None and obj.is_minor:
            from .views import MSG_SEALED_BANNER

            extra_context = {**(extra_context or {}), "sealed_banner": MSG_SEALED_BANNER}
        if request.method == "GET":
            log_access(
                obj,
                user=request.user,
                remote_addr=client_ip(request),
                what="查阅社区矫正对象档案",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        log_access(
            obj,
            user=request.user,
            remote_addr=client_ip(request),
            what="查阅社区矫正对象档案历史",
        )
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in services.subject_warnings(obj):
            messages.warning(request, warning)

    def save_formset(self, request, form, formset, change):
        if formset.model is not TeamMember:
            return super().save_formset(request, form, formset, change)
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        new = [f.instance for f in kept if f.instance.pk is None]
        members = [f.save(commit=False) for f in kept]
        services.team_set(form.instance, members, user=request.user)
        # What the admin's change message reads after a formset is saved.
        formset.new_objects = new
        formset.changed_objects = [
            (f.instance, f.changed_data) for f in kept if f.instance not in new and f.has_changed()
        ]
        formset.deleted_objects = [
            f.instance for f in formset.initial_forms if (f.cleaned_data or {}).get("DELETE")
        ]

    # --- pipeline moves ------------------------------------------------------------------------
    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<str:move>/",
                self.admin_site.admin_view(self.move_view),
                name="correction_subject_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, move):
        step = registry.get(Subject).move(move)
        if step is None:
            raise Http404("记录不存在。")
        obj = self.get_object(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        title = step.label
        form = step.make_form(request.POST or None, initial={"on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                step.perform(obj, form.cleaned_data, user=request.user)
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, f"已{title}。")
                for warning in services.subject_warnings(obj):
                    messages.warning(request, warning)
                return HttpResponseRedirect(
                    reverse("admin:correction_subject_change", args=[obj.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}：{obj}",
            "form": form,
            "object": obj,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "correction/move.html", context)


from . import admin_files  # noqa: E402, F401  (registers the file records' screens)
