"""CheckConstraints evaluated in Python, for validating many rows without a query per row.

Django's `CheckConstraint.validate` asks the database (`SELECT 1 WHERE <condition>`) once per
constraint and row. A bulk import of 100,000 rows cannot afford that, so `check` evaluates
the same declaration in Python: the conditions the project declares are comparisons of a
field with a constant or another field (`exact`, `gt`, `gte`, `lt`, `lte`, `in`, `isnull`)
joined by AND, OR and NOT. SQL's three-valued logic is kept: a comparison with NULL is
unknown, and a CHECK constraint only fails when its condition is false, never when unknown.

A condition this module cannot read raises `Unsupported`; the caller then asks the database
as Django does. `tests/test_constraints.py` holds every declared constraint to agree with the
database on generated rows.
"""

from __future__ import annotations

import operator
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q
from django.db.models.constants import LOOKUP_SEP


class Unsupported(Exception):
    """The condition uses something this evaluator does not read."""


_COMPARE = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _field_value(obj, name: str):
    field = obj._meta.get_field(name)
    if field.is_relation and not field.many_to_one:
        raise Unsupported(name)
    value = getattr(obj, field.attname)
    if value is None or field.is_relation:
        return value
    return field.to_python(value)


def _operand(obj, value):
    if isinstance(value, F):
        if LOOKUP_SEP in value.name:
            raise Unsupported(value.name)
        return _field_value(obj, value.name)
    if hasattr(value, "resolve_expression"):
        raise Unsupported(repr(value))
    return value


def _leaf(obj, key: str, value) -> bool | None:
    name, _, lookup = key.partition(LOOKUP_SEP)
    lookup = lookup or "exact"
    if LOOKUP_SEP in lookup:
        raise Unsupported(key)
    left = _field_value(obj, name)
    if lookup == "isnull":
        return (left is None) == bool(value)
    if lookup == "in":
        if left is None:
            return None
        return left in [_operand(obj, v) for v in value]
    compare = _COMPARE.get(lookup)
    if compare is None:
        raise Unsupported(key)
    right = _operand(obj, value)
    if value is None and lookup == "exact":
        return left is None
    if left is None or right is None:
        return None
    return compare(left, right)


def evaluate(obj, q: Q) -> bool | None:
    """True, False or None (unknown, as SQL's NULL) for the condition on `obj`."""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(evaluate(obj, child))
        else:
            key, value = cast("tuple[str, Any]", child)  # a leaf: (lookup, value)
            results.append(_leaf(obj, key, value))
    if q.connector == Q.AND:
        if any(r is False for r in results):
            out = False
        elif any(r is None for r in results):
            out = None
        else:
            out = True
    elif q.connector == Q.OR:
        if any(r is True for r in results):
            out = True
        elif any(r is None for r in results):
            out = None
        else:
            out = False
    else:
        raise Unsupported(q.connector)
    if q.negated and out is not None:
        out = not out
    return out


def check(obj, constraint: CheckConstraint) -> None:
    """Raise ValidationError (the constraint's own message) when `obj` breaks it."""
    condition = getattr(constraint, "condition", None)
    if condition is None:
        condition = constraint.check  # Django < 5.1 name
    if not isinstance(condition, Q):
        raise Unsupported(repr(condition))
    if evaluate(obj, condition) is False:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )


def validate_checks(obj) -> None:
    """Every CheckConstraint of `obj`'s model, in Python where possible, else by the database.

    Errors are collected like Model.validate_constraints does (non-field errors).
    """
    errors = []
    for constraint in obj._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        try:
            try:
                check(obj, constraint)
            except Unsupported:
                constraint.validate(type(obj), obj)  # type: ignore[attr-defined]  # not in the stubs
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors)
