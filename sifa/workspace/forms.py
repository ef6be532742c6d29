"""The create and edit forms of a record type, built from its declaration.

The rules are the record type's, as on every door: the model's validation and the type's
`validate` run while the form is validated (errors land on their fields, once), the children
rules (`RecordType.children_problems` through `Child.problems`) on the child rows, and the save
is the type's declared save (`RecordType.save_service`). The form adds only what a page can:
link choices limited to what the user may see, the region defaulting to the user's own, a link
depending on another (mediators of the chosen committee), and no future date for a step done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from django import forms
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet, inlineformset_factory, modelform_factory

from sifa.core import access, idnumber, registry
from sifa.core.models import Region, Unit

from . import spec


def children_checked(formset_class, rt, child):
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


MSG_FUTURE = "已办理的事项，日期不能晚于今天（{today}）。"
MSG_DEPENDS = "所选“{field}”不属于所选的“{parent}”。"
MSG_PICK = "请从列表中选择。"
MSG_SEALED_ID_HELP = (
    "档案已封存，身份证号打码显示：{masked}。如需更正，请填写完整的新号码；留空则保持不变。"
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def link_queryset(user, model) -> models.QuerySet:
    """The choices of a link field: records the user may see (the registry's read rule);
    regions and units of the user's region."""
    qs = model._default_manager.all()
    region = access.user_region(user)
    if model is Region:
        return Region.objects.under(region) if region is not None else qs
    if model is Unit:
        return qs.filter(region__code__startswith=region.prefix) if region is not None else qs
    if registry.find(model) is not None or registry.parent_of(model) is not None:
        qs = registry.visible(user, qs)
    return qs.select_related(*spec.links_of(model, depth=1))


def record_line(rt: registry.RecordType) -> str:
    """The line a record type serves: its declared line, else the line its app is (a line's
    proxy of core activities, whose line is its activity type's); "" for none."""
    from sifa.core.lines import Line

    line = rt.line or rt.model._meta.app_label
    return line if line in Line.values else ""


def _of_line(rt, qs: models.QuerySet) -> models.QuerySet:
    """A catalogue kept by line (activity types) offers the record type's line's entries."""
    model = qs.model
    line = record_line(rt)
    if not line or registry.find(model) is not None:
        return qs
    try:
        model._meta.get_field("line")
    except FieldDoesNotExist:
        return qs
    return qs.filter(line=line)


def _formfield(rt, user):
    def callback(db_field, **kwargs):
        if isinstance(db_field, models.DateField) and not isinstance(
            db_field, models.DateTimeField
        ):
            kwargs["widget"] = DateInput
        field = db_field.formfield(**kwargs)
        if field is None:
            return None
        if field.required:
            field.error_messages["required"] = registry.MSG_REQUIRED
        if isinstance(db_field, models.ForeignKey) and isinstance(field, forms.ModelChoiceField):
            field.queryset = _of_line(rt, link_queryset(user, db_field.related_model))
            field.error_messages["invalid_choice"] = MSG_PICK
            field.empty_label = "—请选择—"
        elif db_field.choices and isinstance(field, forms.TypedChoiceField):
            # The same blank entry as the link lists, not Django's dashes.
            field.choices = [("", "—请选择—") if v == "" else (v, lab) for v, lab in field.choices]
        return field

    return callback


class RecordForm(forms.ModelForm):
    """Base of every generated record form (see `record_form`)."""

    record_type: registry.RecordType
    user = None

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        rt = self.record_type
        for name, (parent, link) in rt.depends.items():
            if name not in self.fields or parent not in self.fields:
                continue
            chosen = self.data.get(self.add_prefix(parent)) if self.is_bound else None
            if chosen is None:
                chosen = self.initial.get(parent) or getattr(self.instance, f"{parent}_id", None)
            field = self.fields[name]
            if chosen:
                try:
                    field.queryset = field.queryset.filter(**{f"{link}_id": int(chosen)})
                except (TypeError, ValueError):
                    field.queryset = field.queryset.none()
            else:
                field.queryset = field.queryset.none()
            field.widget.attrs["data-depends"] = self.add_prefix(parent)
            field.widget.attrs["data-link"] = link
        for name in spec.step_dates(rt, self.fields):
            self.fields[name].widget.attrs["max"] = dt.date.today().isoformat()
        self._kept = self._hide_sealed_ids()
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                # a link list gets a search box that narrows it as one types (workspace.js)
                field.widget.attrs["data-search"] = "1"

    def _hide_sealed_ids(self) -> dict:
        """A sealed file's ID numbers are never sent to the page in full: the field is empty,
        its help shows the masked number, and left empty it keeps the stored one."""
        obj = self.instance
        if obj is None or obj.pk is None or not self.record_type.banner_for(obj):
            return {}
        kept = {}
        for name in registry.sensitive_fields(type(obj)):
            stored = getattr(obj, name, None)
            if "id_number" not in name or name not in self.fields or not stored:
                continue
            kept[name] = stored
            field = self.fields[name]
            field.required = False
            field.help_text = MSG_SEALED_ID_HELP.format(masked=idnumber.mask(str(stored)))
            self.initial[name] = ""
        return kept

    def clean(self):
        data = super().clean()
        for name, stored in self._kept.items():
            if not data.get(name):
                data[name] = stored
        today = dt.date.today()
        for name in spec.step_dates(self.record_type, self.fields):
            value = data.get(name)
            if value and value > today:
                self.add_error(name, MSG_FUTURE.format(today=f"{today:%Y年%m月%d日}"))
        return data

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        check = self.record_type.validate
        if check is None:
            return
        try:
            check(self.instance, user=self.user)
        except ValidationError as exc:
            self._update_errors(exc)
        except PermissionDenied as exc:
            self.add_error(None, str(exc) or access.MSG_NO_WRITE)


def notes_of(obj) -> list[tuple[str, str]]:
    """What the record page says beside the fields (the type's declared `page_notes`)."""
    rt = registry.find(type(obj))
    return rt.notes_of(obj) if rt is not None else []


def choice_labels(model, name: str) -> dict | None:
    """{value: label} of a list-of-choices field a line form asks as checkboxes, else None."""
    rt = registry.find(model)
    if rt is None or rt.line_form is None:
        return None
    field = rt.line_form().base_fields.get(name)
    if isinstance(field, forms.MultipleChoiceField):
        return {str(k): str(v) for k, v in field.choices}
    return None


def record_form(rt: registry.RecordType, user) -> type[RecordForm]:
    """The type's create and edit form: the workspace's, with the line's declared `line_form`
    (its fields replace the model's defaults, `line_form_replaces` are not asked)."""
    fields = [n for n in spec.form_fields(rt) if n in spec.fields_of(rt.model)]
    bases: tuple[type, ...] = (RecordForm,)
    if rt.line_form is not None:
        bases = (RecordForm, rt.line_form())
        fields = [n for n in fields if n not in rt.line_form_replaces]
    return modelform_factory(
        rt.model,
        form=type("RecordForm", bases, {"record_type": rt}),
        fields=fields,
        formfield_callback=_formfield(rt, user),
    )


def initial_for(rt: registry.RecordType, user) -> dict:
    """The region defaults to the user's own (a township office's township; the county, for
    county staff)."""
    initial = {}
    if spec.region_field(rt) is not None:
        region = access.user_region(user)
        if region is None:
            from sifa.core.models import CountyProfile

            profile = CountyProfile.objects.select_related("region").first()
            region = profile.region if profile is not None else None
        if region is not None:
            initial["region"] = region.pk
    return initial


class ChildFormSet(BaseInlineFormSet):
    """Child rows (a case's parties) edited with their record. A link list is read once for
    all rows, not once a row."""

    child: registry.Child
    title: str = ""
    # the rows take their parent's region (not asked on each row)
    inherits_region = False

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.inherits_region and self.instance is not None:
            form.instance.region_id = self.instance.region_id
        cache = self.__dict__.setdefault("_choices", {})
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                if name not in cache:
                    cache[name] = list(field.choices)
                field.widget.choices = cache[name]
        return form


def inherits_region(rt: registry.RecordType, child: registry.Child) -> bool:
    """A child row of a record with a region is in its parent's region (a team member in the
    subject's, a cleanup item in its round's): the row does not ask for it."""
    if spec.region_field(rt) is None:
        return False
    f = spec.fields_of(child.model).get("region")
    return f is not None and f.related_model is Region


def child_fields(child: registry.Child, rt: registry.RecordType | None = None) -> list[str]:
    inherited = rt is not None and inherits_region(rt, child)
    return [
        f.name
        for f in child.model._meta.concrete_fields
        if f.editable
        and not f.auto_created
        and f.name not in spec.SYSTEM_FIELDS
        and f.name != child.link
        and not (inherited and f.name == "region")
        and not (f.is_relation and f.related_model is not None and f.name == child.link)
    ]


def child_formsets(rt: registry.RecordType, user, *, data=None, instance=None) -> list:
    """One formset per declared child table, checking the child's rules on its rows."""
    out = []
    for child in rt.children:
        fk = child.model._meta.get_field(child.link)
        if not isinstance(fk, models.ForeignKey) or fk.related_model is not rt.model:
            continue
        need = child.needed(instance) if instance is not None else child.min_count
        formset_class = inlineformset_factory(
            rt.model,
            child.model,
            formset=ChildFormSet,
            fk_name=child.link,
            fields=child_fields(child, rt),
            extra=max(need, 1) if instance is None or instance.pk is None else 1,
            can_delete=True,
            formfield_callback=_formfield(rt, user),
        )
        formset_class = children_checked(formset_class, rt, child)
        prefix = fk.remote_field.related_name or child.model._meta.model_name
        formset = formset_class(
            data, instance=instance, prefix=prefix, form_kwargs={"label_suffix": ""}
        )
        formset.child = child
        formset.inherits_region = inherits_region(rt, child)
        formset.title = str(child.model._meta.verbose_name_plural)
        out.append(formset)
    return out


def save_record(rt: registry.RecordType, form, formsets, *, user, notes: list | None = None):
    """The record through its declared save, then its children through theirs, in one
    transaction: a refused child leaves no record behind.

    The children's rules on the whole set were checked on the submitted rows (the formset's
    clean). A per-row save checks its rule against the rows stored so far, so a row refused
    only because the rest of the set is not written yet (a female subject's first team member,
    a man, before the woman) is written after the others; a refusal that remains is raised.

    A type may declare fields applied after the children (`after_children_fields` and
    `after_children`: a cleanup round's conclusion date): set newly on the form, they are held
    back while the record and its children are written, then `after_children(obj, held, *,
    user)` takes them; what it says (a refusal that leaves the record saved) is added to
    `notes`."""
    obj = form.instance
    later_names, apply_later = _after_children(rt)
    held = {}
    if apply_later is not None:
        stored = {}
        if obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).values(*later_names).first() or {}
        for name in later_names:
            value = getattr(obj, name)
            if value and not stored.get(name):
                held[name] = value
                setattr(obj, name, None)
    with transaction.atomic():
        obj = rt.save_service()(obj, user=user)
        for formset in formsets:
            child = formset.child
            formset.instance = obj
            rows = formset.save(commit=False)
            steps = [
                partial(_delete_child, child, row, obj, user) for row in formset.deleted_objects
            ]
            steps += [partial(_save_child, child, row, obj, user) for row in rows]
            _run_in_any_order(steps)
        if held and apply_later is not None:
            said = apply_later(obj, held, user=user)
            if notes is not None:
                notes.extend(said)
    return obj


def _after_children(rt: registry.RecordType) -> tuple[tuple[str, ...], Callable | None]:
    if rt.after_children is not None:
        return rt.after_children_fields, rt.after_children
    # Transitional: normdocs still names them on its save function (`save.after_children =
    # (names, apply)`) until its records.py declares them on its RecordType.
    return getattr(rt.save, "after_children", ((), None))


def _delete_child(child: registry.Child, row, parent, user) -> None:
    if child.delete is not None:
        child.delete(row, user=user)
    else:
        access.ensure_can_write(user, parent)
        row.delete()


def _save_child(child: registry.Child, row, parent, user) -> None:
    setattr(row, child.link, parent)
    if child.save is not None:
        child.save(row, user=user)
    else:
        access.ensure_can_write(user, parent)
        row.full_clean()
        row.save()


def _run_in_any_order(steps: list) -> None:
    """Run every step, each in a savepoint; a refused step is tried again after the others
    succeeded, until all are done or a round makes no progress (its first refusal raised)."""
    pending = steps
    while pending:
        refused: list = []
        first = None
        for step in pending:
            try:
                with transaction.atomic():
                    step()
            except ValidationError as exc:
                refused.append(step)
                if first is None:
                    first = exc
        if first is not None and len(refused) == len(pending):
            raise first
        pending = refused
