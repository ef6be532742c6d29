"""Uniqueness checked against keys read once, for validating many rows without a query each.

Django checks a unique field, a `unique_together` or a UniqueConstraint with one query per row
and rule. In a bulk validation (an import) each rule's keys are read once instead: the rows the
rule covers (its condition, in the default manager, as Django's own check reads them), then
every row validated since is added, so two rows of one file that would share a key are caught
as well, before the database would refuse the whole batch. The messages are Django's: the
constraint's own message, or the field's "already exists" message.

A rule this module cannot read (a constraint on expressions, a condition `constraints` cannot
evaluate) is left to Django's per-row check (`Keys.unsupported`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, UniqueConstraint

from .constraints import Unsupported, evaluate


@dataclass
class Rule:
    fields: tuple[str, ...]
    attnames: tuple[str, ...]
    condition: Q | None = None
    constraint: UniqueConstraint | None = None
    keys: dict[tuple, set] = field(default_factory=dict)  # key → owners (see _owner)
    held: dict[object, tuple] = field(default_factory=dict)  # owner → its key

    def error(self, obj) -> ValidationError:
        """The error Django's own check raises for this rule, keyed as full_clean keys it."""
        model = type(obj)
        if self.constraint is None or (
            self.constraint.violation_error_message
            == self.constraint.default_violation_error_message
        ):
            message = obj.unique_error_message(model, self.fields)
        else:
            message = ValidationError(
                self.constraint.get_violation_error_message(),
                code=self.constraint.violation_error_code,
            )
        if len(self.fields) == 1 and getattr(message, "code", None) == "unique":
            return ValidationError({self.fields[0]: [message]})
        return ValidationError({NON_FIELD_ERRORS: [message]})


def _owner(obj):
    """Who holds a key: a saved row by its primary key, a new object by its identity."""
    return ("pk", obj.pk) if obj.pk is not None else ("new", id(obj))


class Keys:
    """The unique keys of one model, read once per bulk validation."""

    def __init__(self, model):
        self.model = model
        self.rules: list[Rule] = []
        self.unsupported: list[UniqueConstraint] = []
        # new objects holding keys, kept alive so their id() stays theirs until they are saved
        self._new: dict[int, object] = {}
        opts = model._meta
        for f in opts.concrete_fields:
            if f.unique and not f.primary_key:
                self.rules.append(Rule((f.name,), (f.attname,)))
        for names in opts.unique_together:
            self._add(tuple(names))
        for constraint in opts.constraints:
            if not isinstance(constraint, UniqueConstraint):
                continue
            if not constraint.fields or constraint.expressions:
                self.unsupported.append(constraint)
            else:
                self._add(tuple(constraint.fields), constraint.condition, constraint)
        for rule in self.rules:
            self._load(rule)

    def _add(self, names, condition=None, constraint=None) -> None:
        attnames = tuple(self.model._meta.get_field(n).attname for n in names)
        self.rules.append(Rule(names, attnames, condition, constraint))

    def _load(self, rule: Rule) -> None:
        rows = self.model._default_manager.all()
        if rule.condition is not None:
            rows = rows.filter(rule.condition)
        for pk, *values in rows.values_list("pk", *rule.attnames):
            if any(v is None for v in values):
                continue  # NULLs never collide (SQL)
            owner = ("pk", pk)
            rule.keys.setdefault(tuple(values), set()).add(owner)
            rule.held[owner] = tuple(values)

    @staticmethod
    def _key(rule: Rule, obj) -> tuple | None:
        """`obj`'s key under the rule, or None when the rule does not cover it."""
        data = obj.__dict__
        values = tuple(data.get(a) for a in rule.attnames)
        if any(v is None for v in values):
            return None
        if rule.condition is not None and evaluate(obj, rule.condition) is not True:
            return None
        return values

    def check(self, obj, exclude=()) -> None:
        """Raise ValidationError (every rule `obj` breaks) as full_clean would."""
        errors: dict = {}
        owner = _owner(obj)
        for rule in self.rules:
            if any(n in exclude for n in rule.fields):
                continue  # as Django: a rule on an excluded field is not checked
            try:
                key = self._key(rule, obj)
            except Unsupported:
                if rule.constraint is None:
                    raise
                try:
                    rule.constraint.validate(self.model, obj, exclude=exclude)  # type: ignore[attr-defined]  # not in the stubs
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
                continue
            if key is not None and rule.keys.get(key, set()) - {owner}:
                errors = rule.error(obj).update_error_dict(errors)
        for constraint in self.unsupported:
            try:
                constraint.validate(self.model, obj, exclude=exclude)  # type: ignore[attr-defined]  # not in the stubs
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def saved(self, obj) -> None:
        """`obj`, new when it was added, is saved: its keys are held by its primary key now."""
        if self._new.pop(id(obj), None) is None or obj.pk is None:
            return
        new, owner = ("new", id(obj)), ("pk", obj.pk)
        for rule in self.rules:
            key = rule.held.pop(new, None)
            if key is not None:
                holders = rule.keys.setdefault(key, set())
                holders.discard(new)
                holders.add(owner)
                rule.held[owner] = key

    def add(self, obj) -> None:
        """Count `obj`'s keys as taken (it passed validation and will be written)."""
        owner = _owner(obj)
        if obj.pk is None:
            self._new[id(obj)] = obj
        for rule in self.rules:
            old = rule.held.pop(owner, None)
            if old is not None:
                rule.keys.get(old, set()).discard(owner)
            try:
                key = self._key(rule, obj)
            except Unsupported:
                continue
            if key is not None:
                rule.keys.setdefault(key, set()).add(owner)
                rule.held[owner] = key
