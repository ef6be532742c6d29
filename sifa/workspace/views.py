"""The clerks' workspace: a list, a record page, create and edit forms and a page per step for
every record type declared in the registry (no page is written for one line).

Reads go through the registry's read rule (`RecordType.visible`: line and region scope, then
the type's selector, which hides sealed minors' files); a record outside it answers 404 like a
missing one. Writes go through the type's declared save and moves. Personal data is shown as
`registry.present` allows; reads of an audited type are written to the access log.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from sifa.core import access, registry
from sifa.core.dates import ymd
from sifa.core.deadlines import DeadlineState, deadline_state
from sifa.core.errors import RuleViolation

from . import forms as wforms
from . import spec
from .links import action_url, extra_page_url, list_url, page_url, record_url

PER_PAGE = 50
# A list counts its rows exactly up to this many; beyond, on PostgreSQL, it shows the planner's
# estimate ("约 N 条"): an exact COUNT of a province's hundreds of thousands of rows costs more
# than the page's whole budget, and nobody pages through them one by one.
EXACT_COUNT_UP_TO = 10_000
MSG_SAVED = "已保存“{obj}”。"
MSG_MOVED = "已办理“{label}”。"
MSG_NO_MOVE = "这项操作现在不能办理。"
MSG_NOT_FOUND = "记录不存在。"
MSG_NONE_CHOSEN = "请先在列表中勾选要办理的记录（只能选择本辖区内您可查看的记录）。"
# The chosen rows an action's page names (all of them are acted on).
CHOSEN_SHOWN = 200
EMPTY = "—"


# --- who may use which page -------------------------------------------------------------------
def can_view(user, rt: registry.RecordType) -> bool:
    role = access.role_of(user)
    if role in ("anonymous", "viewer") or access.is_administrator(user):
        return False
    return rt.model.line_q(access.lines_of(user)) is not None


def can_add(user, rt: registry.RecordType) -> bool:
    line = wforms.record_line(rt)
    if line and not rt.line:  # a line's proxy of core activities: that line's staff
        return access.can_write(user, rt.model) and line in access.writable_lines(user)
    return access.can_write(user, rt.model)


def can_change(user, obj) -> bool:
    if not access.can_write(user, type(obj)):
        return False
    try:
        access.ensure_can_write(user, obj)
    except PermissionDenied:
        return False
    return True


def _type(app: str, model: str, user) -> registry.RecordType:
    rt = spec.by_slug(app, model)
    if rt is None:
        raise Http404(MSG_NOT_FOUND)
    if not can_view(user, rt):
        raise PermissionDenied
    return rt


def _record(rt: registry.RecordType, user, pk):
    try:
        return rt.visible(user).get(pk=pk)
    except (rt.model.DoesNotExist, ValueError, TypeError):
        raise Http404(MSG_NOT_FOUND)


def _addr(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


# --- showing values ---------------------------------------------------------------------------
def show(obj, name: str, user, *, full: bool) -> str:
    """A field's value as a clerk reads it: choice labels, names, Chinese dates, 是/否; personal
    data as `registry.present` allows."""
    model = type(obj)
    try:
        f = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a declared name that is not a field: an attribute
        value = getattr(obj, name, None)
        value = value() if callable(value) else value
        return EMPTY if value in (None, "") else str(value)
    if f.choices:
        value = getattr(obj, name)
        return EMPTY if value in (None, "") else str(getattr(obj, f"get_{name}_display")())
    value = getattr(obj, name, None)
    if value is None or value == "":
        return EMPTY
    if isinstance(f, models.BooleanField):
        return "是" if value else "否"
    if isinstance(f, models.DateTimeField):
        return timezone.localtime(value).strftime("%Y年%m月%d日 %H:%M")
    if isinstance(f, models.DateField):
        return ymd(value)
    if name in registry.sensitive_fields(model):
        return str(registry.present(model, name, value, user, full=full))
    if isinstance(f, models.JSONField) and isinstance(value, list):
        labels = wforms.choice_labels(model, name) or {}
        return "、".join(labels.get(str(v), str(v)) for v in value) or EMPTY
    return str(value)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an attribute
        return name


# --- the list ---------------------------------------------------------------------------------
class ListPaginator(Paginator):
    """Pages of a list whose count is exact up to EXACT_COUNT_UP_TO rows (one bounded count:
    `SELECT count(*) FROM (… LIMIT n + 1)`); beyond it, on PostgreSQL, the planner's estimate of
    the filtered rows (never below the bound), and `estimated` is set. SQLite counts exactly."""

    estimated = False

    @functools.cached_property
    def count(self) -> int:
        qs = self.object_list
        if not isinstance(qs, models.QuerySet) or connections[qs.db].vendor != "postgresql":
            return super().count
        bounded = qs.order_by()[: EXACT_COUNT_UP_TO + 1].count()
        if bounded <= EXACT_COUNT_UP_TO:
            return bounded
        self.estimated = True
        return max(EXACT_COUNT_UP_TO + 1, planner_rows(qs.order_by()))

    @property
    def count_text(self) -> str:
        """共 N 条, or 约 N 条 when the count is the planner's estimate."""
        n = self.count
        return f"约 {n:,} 条" if self.estimated else f"共 {n} 条"


def planner_rows(qs: models.QuerySet) -> int:
    """PostgreSQL's estimate of the rows `qs` returns (`EXPLAIN`, nothing is read)."""
    import json

    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cur:
        cur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cur.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def deadline_specs(rt: registry.RecordType) -> list[registry.Due]:
    """The type's deadlines (the registry's declaration, else its stored due dates)."""
    return rt.due_dates()


def _filters(rt, request, qs):
    """The list's filters (choices, yes/no, deadline state) applied to `qs`, with what the
    page shows of them."""
    shown = []
    fields = spec.fields_of(rt.model)
    for name in spec.list_filters(rt):
        f = fields.get(name)
        if f is None:
            continue
        if isinstance(f, models.BooleanField):
            choices = [("1", "是"), ("0", "否")]
        else:
            choices = [(str(v), str(label)) for v, label in f.flatchoices]
        value = request.GET.get(name, "")
        if value and value in dict(choices):
            if isinstance(f, models.BooleanField):
                qs = qs.filter(**{name: value == "1"})
            else:
                qs = qs.filter(**{name: value})
        shown.append(
            {"name": name, "label": str(f.verbose_name), "choices": choices, "value": value}
        )
    states = [
        (s.value, s.label) for s in (DeadlineState.OK, DeadlineState.SOON, DeadlineState.OVERDUE)
    ]
    for due in deadline_specs(rt):
        param = f"dl_{due.due_field}"
        value = request.GET.get(param, "")
        choices = states + (
            [(DeadlineState.DONE.value, DeadlineState.DONE.label)] if due.done_field else []
        )
        if value in dict(choices):
            qs = qs.filter(due.q(value))
        shown.append({"name": param, "label": due.label, "choices": choices, "value": value})
    return qs, shown


def _search(rt, request, qs):
    q = request.GET.get("q", "").strip()
    names = spec.search_fields(rt)
    if not q or not names:
        return qs, q
    cond = Q()
    for name in names:
        cond |= Q(**{f"{name}__icontains": q})
    qs = qs.filter(cond)
    if any("__" in n for n in names):
        qs = qs.distinct()
    return qs, q


def filtered(rt, request):
    qs = rt.visible(request.user)
    qs, filters = _filters(rt, request, qs)
    qs, q = _search(rt, request, qs)
    order = spec.date_field(rt)
    qs = qs.order_by(*([f"-{order}"] if order else []), "-pk")
    return qs, filters, q


@login_required
def index(request):
    groups: dict[str, list] = {}
    for rt in spec.workspace_types():
        if can_view(request.user, rt):
            groups.setdefault(spec.line_label(rt), []).append(
                {
                    "label": str(rt.model._meta.verbose_name),
                    "url": list_url(rt),
                    "add": can_add(request.user, rt),
                    "add_url": page_url(rt, "create"),
                }
            )
    if not groups:
        raise PermissionDenied
    rows = [(label, spec.anchor(label), types) for label, types in groups.items()]
    return render(request, "workspace/index.html", {"groups": rows})


@login_required
def record_list(request, app, model):
    rt = _type(app, model, request.user)
    qs, filters, q = filtered(rt, request)
    columns = spec.list_columns(rt)
    names = [c.name for c in columns]
    qs = qs.select_related(*spec.links_of(rt.model))
    party = spec.party_child(rt)
    if "parties" in names and party is not None and party[1]:
        qs = qs.prefetch_related(party[1])
    page = ListPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    full = registry.shows_in_full(rt.model, request.user)
    number = spec.number_field(rt)
    rows = []
    for obj in page.object_list:
        cells = []
        for name in names:
            if name == "parties" and party is not None:
                cells.append("、".join(p.name for p in getattr(obj, party[1]).all()) or EMPTY)
            else:
                cells.append(show(obj, name, request.user, full=full))
        rows.append(
            {
                "pk": obj.pk,
                "title": (getattr(obj, number, "") if number else "") or str(obj),
                "url": record_url(obj),
                "cells": cells,
            }
        )
    rt.log_reads(
        request.user,
        [o.pk for o in page.object_list],
        remote_addr=_addr(request),
        what="查阅记录列表",
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "rt": rt,
        "title": str(rt.model._meta.verbose_name),
        "line": spec.line_label(rt),
        "columns": columns,
        "rows": rows,
        "page": page,
        "count_text": page.paginator.count_text,
        "filters": filters,
        "q": q,
        "search_help": "、".join(_search_label(rt, n) for n in spec.search_fields(rt)),
        "query": params.urlencode(),
        "can_add": can_add(request.user, rt),
        "add_url": page_url(rt, "create"),
        "export_url": page_url(rt, "export"),
        **_list_steps(rt, request.user),
    }
    return render(request, "workspace/list.html", context)


def _list_steps(rt: registry.RecordType, user) -> dict:
    """The list's action buttons and further pages the user may use (no query: the rules are
    the user's role and lines)."""
    actions = [
        {
            "label": a.label,
            "url": action_url(rt, a.name),
            "chosen": a.chosen,
            "explain": a.explain,
        }
        for a in rt.actions
        if a.may_run(user, rt.model) and can_add(user, rt)
    ]
    pages = [
        {"label": p.label, "url": extra_page_url(rt, p.name)}
        for p in rt.pages
        if p.allowed is None or p.allowed(user)
    ]
    return {
        "actions": actions,
        "choosing": any(a["chosen"] for a in actions),
        "extra_pages": pages,
    }


def _search_label(rt, name: str) -> str:
    """What the search box looks in, in words: a linked record's name reads as that record's
    name (执法人员姓名, 机构名称), a party child's as 当事人姓名, following links of links."""
    model, parts = rt.model, name.split("__")
    for i, part in enumerate(parts[:-1]):
        f = model._meta.get_field(part)
        if f.related_model is None:
            return _label(model, part)
        if i == 0 and "part" in part and parts[-1] == "name":
            return "当事人姓名"
        model = f.related_model
    last = parts[-1]
    if len(parts) > 1 and last == "name":
        return str(model._meta.verbose_name) + _label(model, "name").removesuffix("或名称")
    return _label(model, last)


@login_required
def record_export(request, app, model):
    """The filtered list as an Excel workbook (dataio's export: scoped, masked, sealed files
    never, audited reads logged)."""
    from sifa.dataio.exporter import export_workbook

    rt = _type(app, model, request.user)
    qs, _, _ = filtered(rt, request)
    body = export_workbook([(rt.model, qs)], request.user, remote_addr=_addr(request))
    name = f"{rt.model._meta.verbose_name}_{dt.date.today():%Y%m%d}.xlsx"
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- the record page --------------------------------------------------------------------------
def deadlines_of(rt, obj) -> list[dict]:
    today = dt.date.today()
    out = []
    for due in deadline_specs(rt):
        if not due.runs_for(obj):
            continue
        day = getattr(obj, due.due_field, None)
        if day is None:
            continue
        done = getattr(obj, due.done_field, None) if due.done_field else None
        # a deadline with its own rule for the state (a certificate's validity) says it itself
        own_state = getattr(due, "state_of", None)
        state = (
            own_state(obj, today) if own_state else deadline_state(day, today=today, done_on=done)
        )
        text = ""
        if due.explain is not None:
            explained = due.explain(obj)
            text = explained.explain() if hasattr(explained, "explain") else str(explained or "")
        if not text:
            text = f"届满日为{ymd(day)}。"
        if done is not None:
            note = f"已于{ymd(done)}办理。"
        elif state == DeadlineState.OVERDUE:
            note = (
                due.after(obj) if due.after is not None else f"已超过届满日{(today - day).days}日。"
            )
        elif state == DeadlineState.SOON:
            note = f"还有{(day - today).days}日届满。"
        else:
            note = ""
        label = state.label
        if state == DeadlineState.OVERDUE and due.after is not None:
            label = "期限已过"
        out.append(
            {
                "label": due.label,
                "due": ymd(day),
                "state": state.value,
                "state_label": label,
                "explain": text,
                "note": note,
            }
        )
    return out


def _children(rt, obj, user) -> list[dict]:
    out = []
    for child in rt.children:
        names = [n for n in wforms.child_fields(child)]
        rows = list(child.of(obj).select_related(*spec.links_of(child.model)).order_by("pk")[:500])
        full = registry.shows_in_full(child.model, user)
        out.append(
            {
                "title": str(child.model._meta.verbose_name_plural),
                "headers": [_label(child.model, n) for n in names],
                "rows": [[show(r, n, user, full=full) for n in names] for r in rows],
            }
        )
    return out


@login_required
def record_detail(request, app, model, pk):
    from sifa.core.audit import history_rows
    from sifa.core.workflow import timeline

    rt = _type(app, model, request.user)
    obj = _record(rt, request.user, pk)
    full = registry.shows_in_full(rt.model, request.user)
    sections = [
        {
            "title": title,
            "rows": [(_label(rt.model, n), show(obj, n, request.user, full=full)) for n in names],
        }
        for title, names in spec.sections(rt)
    ]
    writable = can_change(request.user, obj)
    moves = (
        [
            {"label": m.label, "url": page_url(rt, "move", obj.pk, m.name)}
            for m in rt.moves_for(request.user, obj)
        ]
        if writable
        else []
    )
    events = []
    if hasattr(type(obj), "pipeline") or rt.moves:
        events = [
            {
                "on": ymd(e.on),
                "label": e.label,
                "note": e.note,
                "user": str(e.user) if e.user else "",
            }
            for e in timeline(obj)
        ]
    rt.log_reads(request.user, [obj.pk], remote_addr=_addr(request), what="查阅记录")
    context = {
        "rt": rt,
        "obj": obj,
        "title": str(obj),
        "type_label": str(rt.model._meta.verbose_name),
        "list_url": list_url(rt),
        "sections": sections,
        "children": _children(rt, obj, request.user),
        "deadlines": deadlines_of(rt, obj),
        "events": events,
        "history_rows": history_rows(obj, request.user),
        "notes": wforms.notes_of(obj),
        "moves": moves,
        "can_change": writable,
        "edit_url": page_url(rt, "edit", obj.pk),
        "status": _status(obj),
        "banner": rt.banner_for(obj),
        "record_page": rt.page_of(obj),
    }
    return render(request, "workspace/detail.html", context)


def _status(obj) -> str:
    pipeline = getattr(type(obj), "pipeline", None)
    if pipeline is None:
        return ""
    label = getattr(obj, "effective_status_label", None)
    if callable(label):
        return str(label())
    return show(obj, pipeline.field, None, full=True)


# --- create and edit --------------------------------------------------------------------------
def _form_page(request, rt, obj):
    app, model = spec.slug(rt)
    creating = obj is None
    form_class = wforms.record_form(rt, request.user)
    instance = obj if obj is not None else rt.model()
    data = request.POST if request.method == "POST" else None
    initial = wforms.initial_for(rt, request.user) if creating else {}
    form = form_class(data, instance=instance, initial=initial, user=request.user)
    formsets = wforms.child_formsets(rt, request.user, data=data, instance=instance)
    if request.method == "POST":
        valid = form.is_valid()
        valid = all([fs.is_valid() for fs in formsets]) and valid
        if valid:
            try:
                notes: list[str] = []
                saved = wforms.save_record(rt, form, formsets, user=request.user, notes=notes)
            except RuleViolation as exc:
                _to_form(form, exc)
            except ValidationError as exc:
                _to_form(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or access.MSG_NO_WRITE)
            else:
                messages.success(request, MSG_SAVED.format(obj=saved))
                for note in notes:
                    messages.error(request, note)
                return HttpResponseRedirect(record_url(saved))
    context = {
        "rt": rt,
        "form": form,
        "formsets": formsets,
        "title": (f"登记{rt.model._meta.verbose_name}" if creating else f"修改“{obj}”"),
        "back_url": record_url(obj) if obj is not None else list_url(rt),
        "back_label": str(obj) if obj is not None else str(rt.model._meta.verbose_name_plural),
        "lookup_base": page_url(rt, "lookup", "_field_"),
        "banner": rt.banner_for(obj),
    }
    return render(request, "workspace/form.html", context)


def _to_form(form, exc) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def record_create(request, app, model):
    rt = _type(app, model, request.user)
    if not can_add(request.user, rt):
        raise PermissionDenied(access.MSG_NO_WRITE)
    return _form_page(request, rt, None)


@login_required
def record_edit(request, app, model, pk):
    rt = _type(app, model, request.user)
    obj = _record(rt, request.user, pk)
    if not can_change(request.user, obj):
        raise PermissionDenied(access.MSG_NO_WRITE)
    return _form_page(request, rt, obj)


# --- a step -----------------------------------------------------------------------------------
@login_required
def record_move(request, app, model, pk, move):
    rt = _type(app, model, request.user)
    obj = _record(rt, request.user, pk)
    step = rt.move(move)
    if step is None:
        raise Http404(MSG_NOT_FOUND)
    if not can_change(request.user, obj):
        raise PermissionDenied(access.MSG_NO_WRITE)
    if not step.available(request.user, obj):
        messages.error(request, MSG_NO_MOVE)
        return HttpResponseRedirect(record_url(obj))
    form = step.make_form(request.POST if request.method == "POST" else None, label_suffix="")
    for field in form.fields.values():
        if isinstance(field, wforms.forms.DateField):
            field.widget = wforms.DateInput()
            field.widget.attrs["max"] = dt.date.today().isoformat()
    if request.method == "POST" and form.is_valid():
        today = dt.date.today()
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if (
                isinstance(field, wforms.forms.DateField)
                and name == "on"
                and value
                and value > today
            ):
                form.add_error(name, wforms.MSG_FUTURE.format(today=f"{today:%Y年%m月%d日}"))
        if not form.errors:
            try:
                step.perform(obj, form.cleaned_data, user=request.user)
            except (RuleViolation, ValidationError) as exc:
                _to_form(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or access.MSG_NO_WRITE)
            else:
                messages.success(request, MSG_MOVED.format(label=step.label))
                return HttpResponseRedirect(record_url(obj))
    context = {
        "rt": rt,
        "obj": obj,
        "form": form,
        "title": step.label,
        "status": _status(obj),
        "deadlines": deadlines_of(rt, obj),
        "back_url": record_url(obj),
        "banner": rt.banner_for(obj),
    }
    return render(request, "workspace/move.html", context)


# --- a step taken from the list ---------------------------------------------------------------
def _chosen_ids(source) -> list[int]:
    return [int(v) for v in source.getlist("ids") if str(v).isdigit()][:10_000]


@login_required
def record_action(request, app, model, action):
    """A list action's page: its form (and the rows chosen on the list); POST runs it in one
    transaction, all or nothing. The chosen ids go through the list's read rule, so a record the
    user may not see is never acted on."""
    rt = _type(app, model, request.user)
    act = rt.action(action)
    if act is None:
        raise Http404(MSG_NOT_FOUND)
    if not (act.may_run(request.user, rt.model) and can_add(request.user, rt)):
        raise PermissionDenied(access.MSG_NO_WRITE)
    posting = request.method == "POST"
    form = act.make_form(request.POST if posting else None, label_suffix="")
    for field in form.fields.values():
        if isinstance(field, wforms.forms.DateField):
            field.widget = wforms.DateInput()
    records = rt.visible(request.user)
    ids: list[int] = []
    if act.chosen:
        ids = _chosen_ids(request.POST if posting else request.GET)
        records = records.filter(pk__in=ids)
    if posting and form.is_valid():
        if act.chosen and not records.exists():
            form.add_error(None, MSG_NONE_CHOSEN)
        else:
            try:
                with transaction.atomic():
                    result = act.perform(form.cleaned_data, user=request.user, records=records)
            except (RuleViolation, ValidationError) as exc:
                _to_form(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or access.MSG_NO_WRITE)
            else:
                messages.success(request, act.message(result))
                return HttpResponseRedirect(list_url(rt))
    chosen, chosen_ids = [], []
    if act.chosen:
        number = spec.number_field(rt)
        chosen_ids = list(records.order_by("pk").values_list("pk", flat=True))
        for obj in records.order_by("pk")[:CHOSEN_SHOWN]:
            title = (getattr(obj, number, "") if number else "") or str(obj)
            chosen.append({"title": title, "url": record_url(obj)})
    context = {
        "rt": rt,
        "form": form,
        "title": act.label,
        "type_label": str(rt.model._meta.verbose_name),
        "explain": act.explain,
        "choosing": act.chosen,
        "chosen": chosen,
        "chosen_ids": chosen_ids,
        "none_chosen": MSG_NONE_CHOSEN,
        "back_url": list_url(rt),
    }
    return render(request, "workspace/action.html", context)


@login_required
def record_extra_page(request, app, model, page):
    """A further read page the type declares (its context read through the line's scoped
    selectors), linked from its list."""
    rt = _type(app, model, request.user)
    declared = rt.page(page)
    if declared is None:
        raise Http404(MSG_NOT_FOUND)
    if declared.allowed is not None and not declared.allowed(request.user):
        raise PermissionDenied
    context = {
        "rt": rt,
        "title": declared.label,
        "type_label": str(rt.model._meta.verbose_name),
        "line": spec.line_label(rt),
        "explain": declared.explain,
        "back_url": list_url(rt),
        **declared.context(request.user, request.GET),
    }
    return render(request, declared.template, context)


# --- link choices (the forms' search boxes and dependent lists) -------------------------------
@login_required
def lookup(request, app, model, field):
    """The choices of link field `field` as JSON: [{"id", "text"}], limited to what the user
    may see, to the parent chosen (?<parent>=id, for a dependent list) and to ?q=."""
    rt = _type(app, model, request.user)
    try:
        f = rt.model._meta.get_field(field)
    except Exception:  # noqa: BLE001
        raise Http404(MSG_NOT_FOUND)
    if not isinstance(f, models.ForeignKey) or field not in spec.form_fields(rt):
        raise Http404(MSG_NOT_FOUND)
    qs = wforms.link_queryset(request.user, f.related_model)
    if field in rt.depends:
        parent, link = rt.depends[field]
        chosen = request.GET.get(parent, "")
        qs = qs.filter(**{f"{link}_id": int(chosen)}) if chosen.isdigit() else qs.none()
    q = request.GET.get("q", "").strip()
    if q:
        names = [
            n
            for n in ("name", "short_name", "title", "number")
            if n in spec.fields_of(f.related_model)
        ]
        cond = Q()
        for n in names:
            cond |= Q(**{f"{n}__icontains": q})
        qs = qs.filter(cond) if names else qs
    results = [{"id": o.pk, "text": str(o)} for o in qs[:50]]
    return JsonResponse({"results": results})
