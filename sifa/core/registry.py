"""The record-type registry: one declaration per record type, read by every door.

Each business line declares its record types in `sifa/<line>/records.py`::

    from sifa.core.registry import Child, RecordType, register

    register(
        RecordType(
            MediationCase,
            save=services.case_save,
            validate=services.case_validate,
            save_many=services.case_import,
            children=(Child(CaseParty, "case", min_count=2, message=MSG_TOO_FEW_PARTIES),),
        ),
    )

The modules are found by Django's `autodiscover_modules("records")` when the core app is
ready. The entry screens, the REST API, the import, the export, the drill-down lists and the
workbench read record types from here and nothing else: the save a record type declares is the
one every write path calls, its selector is the one every read path applies (the sealed-file
rule of community correction included), and its children's rules are checked by every door
that writes children.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.module_loading import autodiscover_modules

MSG_UNKNOWN_TYPE = "“{name}”不是本系统登记的记录类型。"
# One message for a required field left empty, whichever door the record comes through (the
# service's validation, the entry form, the API, the import): set on every declared type's
# fields when it registers, and used by the form, serializer and importer.
MSG_REQUIRED = "必填，不能为空。"

Selector = Callable[[Any, models.QuerySet], models.QuerySet]
Service = Callable[..., Any]


@dataclass(frozen=True)
class Child:
    """A child table written with its parent (a mediation case's parties).

    `min_count` children are required while `required_when(parent)` holds (always, when not
    given); `message` is the Chinese refusal every door shows.
    """

    model: type[models.Model]
    link: str
    min_count: int = 0
    message: str = ""
    required_when: Callable[[models.Model], bool] | None = None
    # Further rules on the whole set: rule(parent, children, *, creating) raising RuleViolation.
    rule: Callable[..., None] | None = None
    # How one child is written and removed through the doors that write children (the API).
    save: Service | None = None
    delete: Service | None = None
    # The same save for many new children at once (the import): save_many(objs, *, user,
    # validated=()) — `validated`: id() of the rows the import validated already.
    save_many: Service | None = None

    def needed(self, parent) -> int:
        if self.min_count and (self.required_when is None or self.required_when(parent)):
            return self.min_count
        return 0

    def problems(self, parent, children: Iterable[models.Model], *, creating: bool) -> list[str]:
        """The refusals for `parent` with these children (none when they satisfy the rules)."""
        from .errors import RuleViolation

        children = list(children)
        need = self.needed(parent)
        if need and len(children) < need:
            return [self.message]
        if self.rule is not None:
            try:
                self.rule(parent, children, creating=creating)
            except RuleViolation as exc:
                return list(exc.messages)
        return []

    def of(self, parent) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.link: parent})


@dataclass(frozen=True)
class Move:
    """A step of a case's procedure (受理, 延期, 结案…) that a user may take, declared once.

    `run(obj, data, *, user)` performs it through the line's service, which carries its rules;
    `form` is the Django form of the fields the step asks for (its cleaned data is `data`),
    built with `form_kwargs`; `target` is the status the step leads to, so it is offered only
    where the record's pipeline allows that move; `allowed(user, obj)` who may take it (anyone
    who may write the record, when not given). The entry screens, the API and the workspace
    offer and perform moves from these declarations.
    """

    name: str
    label: str
    run: Service
    form: type | None = None
    target: str | None = None
    form_kwargs: dict = field(default_factory=dict)
    allowed: Callable[[Any, models.Model], bool] | None = None
    # A further condition on the record for a step that changes no status, or None.
    when: Callable[[models.Model], bool] | None = None

    def available(self, user, obj) -> bool:
        from django.core.exceptions import PermissionDenied

        from .access import ensure_can_write

        pipeline = getattr(type(obj), "pipeline", None)
        if self.target is not None and pipeline is not None:
            if self.target not in pipeline.available(getattr(obj, pipeline.field)):
                return False
        if self.when is not None and not self.when(obj):
            return False
        if self.allowed is not None:
            return self.allowed(user, obj)
        try:
            ensure_can_write(user, obj)
        except PermissionDenied:
            return False
        return True

    def make_form(self, data=None, **kwargs):
        """The step's form (an empty one when the step asks for nothing)."""
        from django import forms

        form_class = self.form or forms.Form
        return form_class(data, **{**self.form_kwargs, **kwargs})

    def perform(self, obj, data: dict, *, user):
        """Take the step on `obj` with the form's cleaned `data` (refusals: RuleViolation)."""
        return self.run(obj, data, user=user)


@dataclass(frozen=True)
class Due:
    """A deadline of a record shown on its workspace pages: the stored due date `due_field`,
    the date the step was done `done_field` (None when it closes with the record), and
    `explain(obj)` returning the `core.deadlines.Deadline` that explains how the date was
    reached (or a sentence, or None). `after(obj)` says in plain words what a deadline
    that passed without the step means for a record (a successful mediation whose parties
    did not ask for judicial confirmation has not failed)."""

    label: str
    due_field: str
    done_field: str | None = None
    explain: Callable[[Any], Any] | None = None
    after: Callable[[Any], str] | None = None
    # Only while this holds (the record is waiting for the step), when given.
    running: Callable[[Any], bool] | None = None
    # The statuses in which it runs, for filters that select records in SQL (the lists, the
    # API's `deadline` filter); `running` holds in them when it is not given.
    statuses: tuple[str, ...] = ()

    def runs_for(self, obj) -> bool:
        if self.running is not None:
            return self.running(obj)
        if self.statuses:
            return getattr(obj, "status", None) in self.statuses
        return True

    def q(self, state: str, today=None) -> models.Q:
        """The records whose deadline is in `state` (core.deadlines' rule), in SQL."""
        from .deadlines import state_q

        q = models.Q(**{f"{self.due_field}__isnull": False}) & state_q(
            self.due_field, self.done_field, state, today
        )
        if self.statuses:
            q &= models.Q(status__in=self.statuses)
        return q


@dataclass(frozen=True)
class ListAction:
    """A step taken from a type's list rather than on one record (办理退出 of the people
    chosen, 生成下一年度清单, 按今天办理到期事项), declared once.

    `run(data, *, user, records)` performs it through the line's services, with `data` the
    cleaned data of `form` (built with `form_kwargs`) and `records` the rows the user chose on
    the list (`chosen=True`: the type's read rule applied to the ticked ids) or, for an action
    on the whole list, every record the user may see. It runs in one transaction; refusals are
    RuleViolation / ValidationError. `done(result)` says in Chinese what was done;
    `allowed(user)` who may run it (who may write the type's records, when not given);
    `explain` one Chinese sentence shown on its page.
    """

    name: str
    label: str
    run: Service
    form: type | None = None
    form_kwargs: dict = field(default_factory=dict)
    chosen: bool = False
    allowed: Callable[[Any], bool] | None = None
    explain: str = ""
    done: Callable[[Any], str] | None = None

    def may_run(self, user, model) -> bool:
        from .access import can_write

        if self.allowed is not None:
            return bool(self.allowed(user))
        return can_write(user, model)

    def make_form(self, data=None, **kwargs):
        from django import forms

        form_class = self.form or forms.Form
        return form_class(data, **{**self.form_kwargs, **kwargs})

    def perform(self, data: dict, *, user, records: models.QuerySet):
        return self.run(data, user=user, records=records)

    def message(self, result) -> str:
        if self.done is not None:
            return self.done(result)
        return f"已办理“{self.label}”。"


@dataclass(frozen=True)
class ExtraPage:
    """A further read page of a type, linked from its list's header (法律明白人覆盖情况).

    `context(user, params)` returns the template's context for the user, `params` the page's
    query string (a chosen date); it reads through the line's scoped selectors. `allowed(user)`
    who may open it (who may see the type's list, when not given).
    """

    name: str
    label: str
    template: str
    context: Callable[[Any, Any], dict]
    allowed: Callable[[Any], bool] | None = None
    explain: str = ""


@dataclass(frozen=True, eq=False)
class RecordType:
    """Everything the doors need to know about one record type, declared once."""

    model: type[models.Model]
    # The one validation and the one save: save(obj, *, user) validates, checks access and
    # writes with history; validate(obj, *, user) runs rules beyond the model's clean() at
    # form-validation time (optional: save runs them anyway). A validate that runs the model's
    # rules itself takes `clean=core.services.validate`, the function it runs them with: the
    # import passes its bulk validation's (dataio.validation.BulkContext.validate).
    save: Service | None = None
    validate: Service | None = None
    # The same save for many new rows (the import): save_many(objs, *, user, validated=()) —
    # `validated`: id() of the rows the import validated already (their clean() is re-run).
    save_many: Service | None = None
    moves: tuple[Move, ...] = ()
    children: tuple[Child, ...] = ()
    # Extra read rule on top of core.access.scope (line and region): selector(user, qs).
    selector: Selector | None = None
    # Extra rule for what may leave the system in an export: export_rule(user, qs).
    export_rule: Selector | None = None
    natural_key: tuple[str, ...] = ()
    sensitive: tuple[str, ...] | None = None
    # Whether reading one of its records is written to the access log (sensitive files).
    audited_reads: bool = False
    # Who sees its identifying fields (ID and phone numbers) in full: full_access(user); by
    # default the staff who handle its records (who may write them), masked for everyone else.
    full_access: Callable[[Any], bool] | None = None

    # --- the workspace's pages (sifa.workspace): each derived from the model when not given --
    # Columns of the list page (field names, or "parties" for a child table's names).
    list_display: tuple[str, ...] = ()
    # Fields the list's search box looks in (case number and party names by default).
    search_fields: tuple[str, ...] = ()
    # Choice, boolean and link fields offered as list filters.
    list_filters: tuple[str, ...] = ()
    # Record page and form sections: ((title, (field, …)), …).
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Fields the create and edit forms ask for (editable fields, steps' fields left out).
    form_fields: tuple[str, ...] = ()
    # A notice shown at the top of every page of one record (a sealed minor's file):
    # banner(obj) -> str ("" for none); and the record's own fuller page, where the line has
    # one (a correction subject's file): record_page(obj) -> URL or None.
    banner: Callable[[Any], str] | None = None
    record_page: Callable[[Any], str | None] | None = None
    # The deadlines of a record, each with its state and plain-Chinese explanation.
    deadlines: tuple[Due, ...] = ()
    # Link fields whose choices depend on another field of the form: {"mediator":
    # ("committee", "committee")} limits mediators to those of the chosen committee.
    depends: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Date fields that may lie in the future (a planned date); other dates of a step done
    # may not.
    future_dates: tuple[str, ...] = ()
    # The date the list is ordered by, newest first (derived when not given).
    date_field: str = ""
    # Steps taken from the list (on the rows chosen there, or on the whole list) and further
    # read pages linked from it.
    actions: tuple[ListAction, ...] = ()
    pages: tuple[ExtraPage, ...] = ()
    # A line's own form for the create and edit pages: line_form() -> a ModelForm class whose
    # declared fields replace the model's default ones (a JSON list of choices as checkboxes,
    # one field per measure) and whose clean() runs with the workspace's; `line_form_replaces`:
    # model fields its fields stand for, not asked for themselves.
    line_form: Callable[[], type] | None = None
    line_form_replaces: tuple[str, ...] = ()
    # What the record page says beside its fields (a committee short of members, an officer's
    # certification): page_notes(obj) -> [(title, text), …].
    page_notes: Callable[[Any], list[tuple[str, str]]] | None = None
    # Fields a form sets newly that are applied after the children are written (a cleanup
    # round's conclusion date): held back while the record and its children are saved, then
    # after_children(obj, held, *, user) takes them and returns what it says (a refusal that
    # leaves the record saved).
    after_children_fields: tuple[str, ...] = ()
    after_children: Callable[..., list[str]] | None = None

    # --- identity ------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"

    @property
    def line(self) -> str:
        line = getattr(self.model, "line", "")
        return line if isinstance(line, str) else ""

    @property
    def sensitive_fields(self) -> tuple[str, ...]:
        if self.sensitive is not None:
            return self.sensitive
        return tuple(getattr(self.model, "sensitive_fields", ()))

    # --- writing -------------------------------------------------------------------------
    def save_service(self) -> Service:
        from .services import record_save

        return self.save or record_save

    def bulk_service(self) -> Service:
        """How many new rows are written at once: the declared bulk save, else the bulk form
        of a save made by `core.services.record_service`, else `record_create_many` (what
        `record_save` does, for many)."""
        from .services import record_create_many

        if self.save_many is not None:
            return self.save_many
        if self.save is None:
            return record_create_many
        many = getattr(self.save, "many", None)
        if many is None:
            raise LookupError(f"{self.key} declares no bulk save")
        return many

    def has_bulk(self) -> bool:
        return self.save_many is not None or self.save is None or hasattr(self.save, "many")

    def move(self, name: str) -> Move | None:
        return next((m for m in self.moves if m.name == name), None)

    def action(self, name: str) -> ListAction | None:
        return next((a for a in self.actions if a.name == name), None)

    def page(self, name: str) -> ExtraPage | None:
        return next((p for p in self.pages if p.name == name), None)

    def notes_of(self, obj) -> list[tuple[str, str]]:
        return list(self.page_notes(obj)) if self.page_notes is not None and obj else []

    def move_to(self, target: str) -> Move:
        """The declared move that leads to status `target` (LookupError when none does)."""
        found = next((m for m in self.moves if m.target == target), None)
        if found is None:
            raise LookupError(f"{self.key} declares no move to {target}")
        return found

    def moves_for(self, user, obj) -> list[Move]:
        """The steps `user` may take on `obj` now."""
        return [m for m in self.moves if m.available(user, obj)]

    def due_dates(self) -> list[Due]:
        """The type's deadlines: declared, else its stored due dates (fields named …due…)."""
        if self.deadlines:
            return list(self.deadlines)
        return [
            Due(str(f.verbose_name), f.name)
            for f in self.model._meta.concrete_fields
            if isinstance(f, models.DateField) and "due" in f.name
        ]

    def banner_for(self, obj) -> str:
        return (self.banner(obj) or "") if self.banner is not None and obj is not None else ""

    def page_of(self, obj) -> str:
        if self.record_page is None or obj is None or obj.pk is None:
            return ""
        return self.record_page(obj) or ""

    def child(self, model) -> Child | None:
        return next((c for c in self.children if c.model is model), None)

    def children_problems(
        self, parent, children: dict | None = None, *, creating: bool = False
    ) -> list[str]:
        """Refusals of `parent`'s children rules; `children` maps a child model to the rows it
        will have (its rows in the database when not given)."""
        out: list[str] = []
        for child in self.children:
            rows = (children or {}).get(child.model)
            if rows is None:
                rows = list(child.of(parent)) if parent.pk else []
            out += child.problems(parent, rows, creating=creating)
        return out

    @property
    def key_fields(self) -> tuple[str, ...]:
        """The natural key a re-imported row is matched by (declared, else the model's)."""
        return self.natural_key or tuple(getattr(self.model, "natural_key_fields", ()) or ())

    # --- reading -------------------------------------------------------------------------
    def visible(self, user, queryset: models.QuerySet | None = None) -> models.QuerySet:
        """The records the user may see: line and region scope, then the type's own rule."""
        from . import access

        qs = queryset if queryset is not None else self.model._default_manager.all()
        qs = access.scope(user, qs)
        if self.selector is not None:
            qs = self.selector(user, qs)
        return qs

    def log_reads(self, user, pks, *, remote_addr: str | None = None, what: str = "查阅") -> None:
        """One access-log row for a read of these records, when the type's reads are audited
        (a list page, an export, an API page): who, when, from where, which records."""
        if self.audited_reads:
            from .audit import log_reads

            log_reads(self.model, list(pks), user=user, remote_addr=remote_addr, what=what)

    def exportable(self, user, queryset: models.QuerySet | None = None) -> models.QuerySet:
        """What may leave the system: visible (everything for the system itself, user None),
        then the type's export rule."""
        qs = queryset if queryset is not None else self.model._default_manager.all()
        if user is not None:
            qs = self.visible(user, qs)
        if self.export_rule is not None:
            qs = self.export_rule(user, qs)
        return qs


_TYPES: dict[type[models.Model], RecordType] = {}
_CHILDREN: dict[type[models.Model], tuple[RecordType, Child]] = {}


def register(*types: RecordType) -> None:
    for rt in types:
        if rt.model in _TYPES and _TYPES[rt.model] is not rt:
            raise ValueError(f"{rt.key} is declared twice")
        _TYPES[rt.model] = rt
        _required_message(rt.model)
        for child in rt.children:
            _CHILDREN[child.model] = (rt, child)
            _required_message(child.model)


def _required_message(model) -> None:
    """A required field left empty gets MSG_REQUIRED from the model's own validation."""
    for f in model._meta.concrete_fields:
        f.error_messages = {**f.error_messages, "blank": MSG_REQUIRED, "null": MSG_REQUIRED}


def discover() -> None:
    """Import every installed app's `records` module (called once when core is ready)."""
    autodiscover_modules("records")


def _concrete(model):
    return model._meta.concrete_model if model._meta.proxy else model


def find(model) -> RecordType | None:
    return _TYPES.get(model) or _TYPES.get(_concrete(model))


def get(model) -> RecordType:
    rt = find(model)
    if rt is None:
        raise LookupError(MSG_UNKNOWN_TYPE.format(name=model._meta.verbose_name))
    return rt


def record_types() -> list[RecordType]:
    """Every declared record type, core first, then by line app and model name."""
    return sorted(
        _TYPES.values(),
        key=lambda rt: (
            rt.model._meta.app_label != "core",
            rt.model._meta.app_label,
            rt.model.__name__,
        ),
    )


def record_models() -> list[type[models.Model]]:
    """The tables of the declared business records: concrete Record subclasses (not the
    proxies that give one table several entry screens, such as the team's activity groups,
    nor the legal service platforms, which are units of the organisation)."""
    from .models import Record

    return [
        rt.model
        for rt in record_types()
        if issubclass(rt.model, Record) and not rt.model._meta.proxy
    ]


def parent_of(child_model) -> tuple[RecordType, Child] | None:
    """(the parent's record type, the child declaration) for a declared child table."""
    return _CHILDREN.get(child_model)


# --- personal data ------------------------------------------------------------------------
def _identifying(name: str) -> bool:
    return "id_number" in name or "phone" in name


def _owner_type(model) -> RecordType | None:
    rt = find(model)
    if rt is None:
        parent = parent_of(model)
        rt = parent[0] if parent else None
    return rt


def sensitive_fields(model) -> frozenset[str]:
    """Fields of `model` holding personal data (declared on its record type, or the model's)."""
    rt = find(model)
    declared = rt.sensitive_fields if rt is not None else getattr(model, "sensitive_fields", ())
    return frozenset(declared) | frozenset(getattr(model, "audit_masked_fields", ()))


def shows_in_full(model, user) -> bool:
    """Whether `user` sees `model`'s ID and phone numbers in full: the system itself (user
    None: backups, the round trip) and the staff whose work needs them — who handle the type's
    records (correction staff for their subjects, legal-aid staff for applicants). Leaders,
    other lines and read-only offices see them masked, on every page, export and API."""
    if user is None:
        return True
    from . import access

    if not access.can_see_personal_data(user):
        return False
    rt = _owner_type(model)
    if rt is not None and rt.full_access is not None:
        return rt.full_access(user)
    return access.can_write(user, rt.model if rt is not None else model)


def mask_phone(value: str) -> str:
    v = str(value).strip()
    return v[:3] + "*" * max(len(v) - 7, 0) + v[-4:] if len(v) > 7 else "*" * len(v)


def present(model, name: str, value, user, *, full: bool | None = None):
    """A sensitive field's value as `user` may see it (`full`: shows_in_full, if known)."""
    from . import access, idnumber

    if not value or name not in sensitive_fields(model):
        return value
    if user is not None and not access.can_see_personal_data(user):
        return idnumber.mask(str(value)) if "id_number" in name else "***"
    if full is None:
        full = shows_in_full(model, user)
    if full or not _identifying(name):
        return value
    return idnumber.mask(str(value)) if "id_number" in name else mask_phone(value)


def visible(user, queryset: models.QuerySet) -> models.QuerySet:
    """The one read rule for any business queryset: a declared record type's selector; a
    declared child table through its parent; anything else by core.access.scope."""
    from . import access

    model = queryset.model
    rt = find(model)
    if rt is not None:
        return rt.visible(user, queryset)
    parent = parent_of(model)
    if parent is not None:
        prt, child = parent
        return queryset.filter(**{f"{child.link}__in": prt.visible(user).values("pk")})
    return access.scope(user, queryset)
