"""The validation of one import: the rules of a single save, for many rows, without a query each.

The importer creates one `BulkContext` per workbook and validates every row with
`context.validate(obj)`; `sifa.core.services.validate(obj)` stays the plain `full_clean()` every
other door runs. The bulk form runs the same rules with these changes, each safe because the
importer has already done the check or the database repeats it:

- a foreign key whose related object is attached to the instance (loaded with every other row
  of its table in one query, or planned earlier in the same import) is not looked up again;
- each built-in field's verdict on a value is computed once (`_clean_fields`);
- CheckConstraints are evaluated in Python (`dataio.constraints`), not one query each;
- a county's override of a statutory period is read once, not once per row
  (`core.deadlines.overrides_cached`, entered for the life of the context);
- uniqueness is checked against each rule's keys read once (`dataio.uniques`), which grow with
  the rows validated since: a key two rows of one file share is caught too. The database's own
  constraints stay the last guard.

`context.validated` holds the id() of every object that passed: the importer hands it to the
bulk saves of the write phase (`save_many(objs, *, user, validated=…)`), which then re-run
only the model's clean() on those rows (`core.services.validate_before_write`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.db.models.expressions import DatabaseDefault

from sifa.core.errors import RuleViolation

from .constraints import validate_checks
from .uniques import Keys

# Values whose equality is identity for a field's verdict (not Decimal: 1.0 == 1.00, but their
# decimal places differ; not datetime: equal instants in different time zones).
_MEMO_TYPES = frozenset({str, int, float, bool, dt.date})
# Verdicts remembered per field: past this many distinct values the field's values do not
# repeat enough to pay for the memory (100,000 case numbers would be kept for nothing).
MEMO_PER_FIELD = 2048


class BulkContext:
    """Validates many rows as one import does; use as a context manager around the import."""

    def __init__(self) -> None:
        self.validated: set[int] = set()  # id() of the objects that passed validate()
        self._memo: dict = {}  # field → {(type, value): verdict}, or False (see _clean_fields)
        self._keys: dict = {}  # model → its unique keys (uniques.Keys), read once
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> BulkContext:
        from sifa.core.deadlines import overrides_cached

        self._stack.enter_context(overrides_cached())
        return self

    def __exit__(self, *exc_info) -> None:
        self._stack.__exit__(*exc_info)

    def validate(self, obj, *, exclude=None) -> None:
        """`core.services.validate(obj)` for a row of this import (see the module docstring);
        the row is then counted in `validated`."""
        try:
            self._validate(obj, exclude)
        except ValidationError as exc:
            raise RuleViolation(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        self.validated.add(id(obj))

    def written(self, objs) -> None:
        """These validated rows are saved: let them go (their id() may be reused by a row
        read later, so it must not count as validated or hold a key)."""
        for obj in objs:
            self.validated.discard(id(obj))
            keys = self._keys.get(type(obj))
            if keys is not None:
                keys.saved(obj)

    def unique_keys(self, model) -> Keys:
        if model not in self._keys:
            self._keys[model] = Keys(model)
        return self._keys[model]

    def _validate(self, obj, exclude) -> None:
        skip = set(exclude or ()) | _attached_relations(obj)
        errors: dict = {}
        try:
            _clean_fields(obj, skip, self._memo)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            obj.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not errors:
            try:
                validate_checks(obj)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if not errors and _has_uniques(type(obj)):  # type: ignore[arg-type]  # mypy: a class is not Hashable
            # The clear message beats the database's refusal of the whole batch.
            keys = self.unique_keys(type(obj))
            try:
                keys.check(obj, exclude=set(exclude or ()))
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
            else:
                keys.add(obj)
        if errors:
            raise ValidationError(errors)


def _attached_relations(obj) -> set[str]:
    return {
        f.name
        for f in obj._meta.concrete_fields
        if f.is_relation  # a ForeignKey or OneToOneField (concrete fields only)
        and f.is_cached(obj)
        and f.get_cached_value(obj) is not None
    }


def _clean_fields(obj, exclude: set, memo: dict) -> None:
    """Model.clean_fields, with each built-in field's verdict on a value remembered for the
    rest of the bulk validation: Django's `Field.clean` of a plain field depends on the value
    alone (to_python, choices, blank/null, validators), and an import repeats values (a
    dispute type, a status, a date) across thousands of rows."""
    errors = {}
    for f in obj._meta.fields:
        if f.name in exclude or f.generated:
            continue
        raw_value = getattr(obj, f.attname)
        if f.blank and raw_value in f.empty_values:
            continue
        if isinstance(raw_value, DatabaseDefault):
            continue
        seen = memo.get(f)
        if seen is None:
            memoized = not f.is_relation and _builtin(type(f))  # type: ignore[arg-type]  # mypy: a class is not Hashable
            seen = memo[f] = {} if memoized else False
        verdicts = seen if isinstance(seen, dict) and type(raw_value) in _MEMO_TYPES else None
        key = (type(raw_value), raw_value)
        verdict = verdicts.get(key) if verdicts is not None else None
        if verdict is None:
            try:
                verdict = (True, f.clean(raw_value, obj))
            except ValidationError as e:
                verdict = (False, e.error_list)
            if verdicts is not None:
                if len(verdicts) < MEMO_PER_FIELD:
                    verdicts[key] = verdict
                else:  # a value of its own on every row (a case number, a name): not repeated
                    memo[f] = False
        if verdict[0]:
            setattr(obj, f.attname, verdict[1])
        else:
            errors[f.name] = verdict[1]
    if errors:
        raise ValidationError(errors)


@functools.cache
def _builtin(field_class) -> bool:
    return field_class.__module__.startswith("django.db.models.")


@functools.cache
def _has_uniques(model) -> bool:
    opts = model._meta
    return (
        any(f.unique and not f.primary_key for f in opts.concrete_fields)
        or bool(opts.unique_together)
        or any(isinstance(c, UniqueConstraint) for c in opts.constraints)
    )
