"""ScopedAdmin: the base of every record type's entry screens.

- lists and detail pages show only what the user may see (core.access.scope); a record outside
  the scope answers 404 like a missing one;
- add/change/delete follow the role (core.access); 局领导 reads only;
- every save goes through the save its record type declares in the registry
  (`sifa.core.registry`), so the entry screen obeys the same rules as the import and the API;
  rule violations come back as field errors; the children rules the type declares (a case's
  parties) are checked on the inline rows before anything is written;
- delete is a soft delete; the history page shows the audit trail and the case timeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse

from . import access, registry
from .audit import history_rows, timeline_rows
from .models import Region, Unit
from .services import record_delete, record_save


class ScopedAdmin(admin.ModelAdmin):
    """Base admin for business records (subclasses of core.models.Record)."""

    list_per_page = 50
    show_full_result_count = False

    @property
    def record_type(self) -> registry.RecordType | None:
        return registry.find(self.model)

    # --- reading -------------------------------------------------------------------------
    def get_queryset(self, request):
        return registry.visible(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("记录不存在。")
        if not registry.shows_in_full(self.model, request.user) and not self.has_change_permission(
            request, obj
        ):
            # A reader whose work does not need them (a leader, a read-only office) sees ID and
            # phone numbers masked, as on lists and exports; only a reader who cannot save.
            for name in registry.sensitive_fields(self.model):
                value = getattr(obj, name, None)
                if isinstance(value, str):
                    setattr(obj, name, registry.present(self.model, name, value, request.user))
        return obj

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        """A list page of an audited type (a correction subject's file) writes one access row
        naming the records it shows."""
        response = super().changelist_view(request, extra_context)
        rt = self.record_type
        cl = getattr(response, "context_data", {}).get("cl") if rt is not None else None
        if cl is not None and rt is not None and rt.audited_reads:
            rt.log_reads(
                request.user,
                [obj.pk for obj in cl.result_list],
                remote_addr=request.META.get("REMOTE_ADDR"),
                what="查阅记录列表",
            )
        return response

    def has_view_permission(self, request, obj=None):
        return access.role_of(request.user) != "viewer" and (
            self.model.line_q(access.lines_of(request.user)) is not None
        )

    def has_add_permission(self, request):
        return access.can_write(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        if not access.can_write(request.user, self.model):
            return False
        if obj is not None:
            try:
                access.ensure_can_write(request.user, obj)
            except PermissionDenied:
                return False
        return True

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.required:
            formfield.error_messages["required"] = registry.MSG_REQUIRED  # as on every door
        return formfield

    # --- choices limited to the user's region ----------------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        region = access.user_region(request.user)
        if region is not None:
            if db_field.related_model is Region:
                kwargs["queryset"] = Region.objects.under(region)
            elif db_field.related_model is Unit:
                kwargs["queryset"] = Unit.objects.filter(region__code__startswith=region.prefix)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        region = access.user_region(request.user)
        if region is not None:
            initial.setdefault("region", region.pk)
        return initial

    # --- writing through services ------------------------------------------------------------
    def _save(self, request, obj):
        rt = self.record_type
        service = rt.save_service() if rt is not None else record_save
        return service(obj, user=request.user)

    def get_formsets_with_inlines(self, request, obj=None):
        """Inline formsets of declared children check the children rules (registry.Child)."""
        rt = self.record_type
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            child = rt.child(formset.model) if rt is not None else None
            if child is not None:
                formset = _children_checked(formset, rt, child)
            yield formset, inline

    def save_model(self, request, obj, form, change):
        self._save(request, obj)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        try:
            return super()._changeform_view(  # type: ignore[misc]  # private, not in the stubs
                request, object_id, form_url, extra_context
            )
        except PermissionDenied as exc:
            if str(exc):
                messages.error(request, str(exc))
            raise

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        admin_self = self

        class ServiceValidatedForm(form_class):  # type: ignore[misc, valid-type]  # made at runtime
            """Runs the service's rules at validation time so errors land on the fields."""

            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                rt = admin_self.record_type
                check = rt.validate if rt is not None else None
                if check is None:
                    return
                try:
                    check(self.instance, user=request.user)
                except ValidationError as exc:
                    self._update_errors(exc)
                except PermissionDenied as exc:
                    self.add_error(None, str(exc) or access.MSG_NO_WRITE)

        return ServiceValidatedForm

    def delete_model(self, request, obj):
        record_delete(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_delete(obj, user=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if (delete_selected := actions.get("delete_selected")) is not None:
            func, name, _ = delete_selected
            actions["delete_selected"] = (func, name, "删除所选记录（保留历史）")
        return actions

    # --- history -----------------------------------------------------------------------------
    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"“{obj}”的办理经过与修改历史",
            "object": obj,
            "opts": self.model._meta,
            "history_rows": history_rows(obj, request.user),
            "events": timeline_rows(obj),
        }
        return TemplateResponse(request, "core/history.html", context)


def _children_checked(formset_class, rt, child):
    """`formset_class` whose clean() runs `child`'s rules on the rows the form will keep."""

    class ChildrenCheckedFormSet(formset_class):  # type: ignore[misc, valid-type]  # made at runtime
        def clean(self):
            super().clean()
            if any(self.errors):
                return
            rows = [
                f.instance
                for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            creating = self.instance is None or self.instance._state.adding
            problems = child.problems(self.instance, rows, creating=creating)
            if problems:
                raise ValidationError(problems)

    ChildrenCheckedFormSet.__name__ = formset_class.__name__
    return ChildrenCheckedFormSet


class ScopedInline(admin.TabularInline):
    """Child rows edited inside a record's form follow the parent record's rights.

    Django's inlines check Django's own permission table, which Sifa's roles do not use.
    """

    extra = 0

    def _parent_writable(self, request, obj) -> bool:
        if not access.can_write(request.user, self.parent_model):
            return False
        if obj is not None:
            try:
                access.ensure_can_write(request.user, obj)
            except PermissionDenied:
                return False
        return True

    def has_view_permission(self, request, obj=None):
        return access.role_of(request.user) not in ("viewer", "anonymous")

    def has_add_permission(self, request, obj=None):
        return self._parent_writable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_writable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_writable(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        """For a reader who cannot change the rows and whose work does not need them, ID and
        phone numbers of the rows are shown masked (registry.present), as everywhere else."""
        formset_class = super().get_formset(request, obj, **kwargs)
        if self._parent_writable(request, obj) or registry.shows_in_full(self.model, request.user):
            return formset_class
        model, user = self.model, request.user
        sensitive = registry.sensitive_fields(model)

        class MaskedFormSet(formset_class):  # type: ignore[valid-type,misc]  # built at runtime
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                for name in sensitive:
                    value = getattr(form.instance, name, None)
                    if isinstance(value, str) and value:
                        setattr(form.instance, name, registry.present(model, name, value, user))
                return form

        return MaskedFormSet


if TYPE_CHECKING:
    _AdminBase = ScopedAdmin  # what the mixin is mixed into
else:
    _AdminBase = object


class PipelineMovesMixin(_AdminBase):
    """One page per move of a case, linked from its change page.

    The moves are the record type's declared moves (`registry.Move`: label, form, service,
    the status it leads to); the service's RuleViolation lands on the form's fields.
    `move_deadline(obj)` may explain the running deadline on the move page. Change-form
    templates list `moves` as (url, label) pairs.
    """

    move_template = "core/move.html"

    def move_deadline(self, obj) -> str:
        return ""

    def _move_url_name(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_move"

    def get_urls(self):
        from django.urls import path

        view = self.admin_site.admin_view(self.move_view)
        return [
            path("<path:object_id>/move/<str:move>/", view, name=self._move_url_name()),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from django.contrib.admin.utils import unquote
        from django.urls import reverse

        obj = self.get_object(request, unquote(object_id))
        links = []
        if obj is not None and self.has_change_permission(request, obj):
            links = [
                (reverse(f"admin:{self._move_url_name()}", args=[obj.pk, m.name]), m.label)
                for m in registry.get(self.model).moves_for(request.user, obj)
            ]
        extra = {**(extra_context or {}), "moves": links}
        return super().change_view(request, object_id, form_url, extra)

    def move_view(self, request, object_id, move):
        from django.contrib.admin.utils import unquote
        from django.http import HttpResponseRedirect
        from django.urls import reverse

        from .errors import RuleViolation

        obj = self.get_object(request, unquote(object_id))  # 404 outside the user's scope
        step = registry.get(self.model).move(move)
        if step is None:
            raise Http404("没有这项操作。")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        label = step.label
        form = step.make_form(request.POST or None)
        opts = self.model._meta
        back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if request.method == "POST" and form.is_valid():
            try:
                step.perform(obj, form.cleaned_data, user=request.user)
            except RuleViolation as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, f"已办理“{label}”。")
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": label,
            "object": obj,
            "form": form,
            "opts": opts,
            "back_url": back,
            "deadline": self.move_deadline(obj),
        }
        return TemplateResponse(request, self.move_template, context)


def deadline_filter(
    title: str,
    due_field: str,
    done_field: str | None = None,
    parameter_name: str = "deadline",
    *,
    states: tuple | None = None,
    with_due_only: bool = False,
) -> type[admin.SimpleListFilter]:
    """A list filter by deadline state on `due_field` (core.deadlines.state_q): 正常 / 即将到期 /
    已超期, and 已办结 when `done_field` (the date the step was done) is given. `states` orders
    the choices (that default when not given); `with_due_only` leaves records without a due date
    out of every choice."""
    from .deadlines import DeadlineState, state_q

    if states is None:
        states = (DeadlineState.OK, DeadlineState.SOON, DeadlineState.OVERDUE)
        if done_field:
            states += (DeadlineState.DONE,)
    choices = [(s.value, s.label) for s in states]

    class DeadlineFilter(admin.SimpleListFilter):
        def lookups(self, request, model_admin):
            return choices

        def queryset(self, request, queryset):
            value = self.value()
            if not value:
                return queryset
            if with_due_only:
                queryset = queryset.filter(**{f"{due_field}__isnull": False})
            return queryset.filter(state_q(due_field, done_field, value))

    DeadlineFilter.title = title
    DeadlineFilter.parameter_name = parameter_name
    DeadlineFilter.__name__ = DeadlineFilter.__qualname__ = f"DeadlineFilter_{due_field}"
    return DeadlineFilter
