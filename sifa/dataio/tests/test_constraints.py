"""The Python reading of CheckConstraints (used by bulk imports) agrees with the database."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CheckConstraint, F, Q

from sifa.core.errors import RuleViolation
from sifa.core.services import validate
from sifa.dataio import constraints
from sifa.dataio.validation import BulkContext


def _fields_of(q: Q) -> set[str]:
    out = set()
    for child in q.children:
        if isinstance(child, Q):
            out |= _fields_of(child)
        else:
            key, value = child
            out.add(key.split("__")[0])
            if isinstance(value, F):
                out.add(value.name)
    return out


def _samples(field) -> list:
    if isinstance(field, models.DateField):
        return [None, dt.date(2022, 1, 1), dt.date(2022, 6, 1), dt.date(2023, 1, 1)]
    if isinstance(field, models.DecimalField):
        return [None, Decimal("-1"), Decimal("0"), Decimal("50"), Decimal("150")]
    if isinstance(field, models.IntegerField):
        return [None, -1, 0, 1, 50, 101, 2022, 2200]
    if isinstance(field, models.BooleanField):
        return [True, False]
    if field.choices:
        return ["", *[str(k) for k, _ in field.choices]]
    return ["", "说明"]


def _declared():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                yield pytest.param(model, constraint, id=f"{model._meta.label}.{constraint.name}")


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "constraint"), list(_declared()))
def test_python_reading_agrees_with_the_database(model, constraint):
    names = sorted(_fields_of(constraint.condition))
    fields = [model._meta.get_field(n) for n in names]
    combos = list(itertools.product(*[_samples(f) for f in fields]))
    rng = random.Random(constraint.name)
    if len(combos) > 200:
        combos = rng.sample(combos, 200)
    checked = 0
    for combo in combos:
        obj = model()
        for f, value in zip(fields, combo, strict=True):
            setattr(obj, f.attname, value)
        try:
            constraint.validate(model, obj)
            db_ok = True
        except ValidationError:
            db_ok = False
        try:
            constraints.check(obj, constraint)
            py_ok = True
        except ValidationError:
            py_ok = False
        assert py_ok == db_ok, (constraint.name, dict(zip(names, combo, strict=True)))
        checked += 1
    assert checked


def test_unknown_is_not_false():
    """SQL: a CHECK fails only when its condition is false; NULL compared is unknown."""
    from sifa.mediation.models import MediationCommittee

    c = MediationCommittee(term_start=None, term_end=dt.date(2020, 1, 1))
    assert constraints.evaluate(c, Q(term_end__gte=F("term_start"))) is None
    assert constraints.evaluate(c, ~Q(term_end__gte=F("term_start"))) is None
    assert constraints.evaluate(c, Q(term_start__isnull=True) | Q(term_end__gte=F("term_start")))


@pytest.mark.django_db
def test_bulk_validation_reports_a_constraint_in_chinese(county):
    """In bulk mode the constraint is still a rule: its own Chinese message, no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sifa.mediation.models import MediationCommittee

    c = MediationCommittee(
        name="测试调委会",
        kind=MediationCommittee._meta.get_field("kind").choices[0][0],
        region=county,
        term_start=dt.date(2022, 1, 1),
        term_end=dt.date(2021, 1, 1),
    )
    with BulkContext() as context, CaptureQueriesContext(connection) as queries:
        with pytest.raises(RuleViolation) as caught:
            context.validate(c)
    assert len(queries) == 0
    text = " ".join(caught.value.messages)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
    with pytest.raises(RuleViolation):
        validate(c)  # the same rule outside bulk mode
