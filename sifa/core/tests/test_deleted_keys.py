"""A deleted record gives its keys up: a case number, a certificate number, a document number
held by a mistaken entry or by a rolled-back import can be entered or imported again.

(The import's own uniqueness check reads the default manager, which leaves deleted records
out; a database rule that still counted them would pass a dry run and refuse the import.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models

from sifa.core.casenumbers import MSG_TAKEN
from sifa.core.errors import RuleViolation
from sifa.core.models import Record
from sifa.core.services import record_delete
from sifa.mediation import services
from sifa.mediation.tests.conftest import make_committee, parties


def _conditions(q: models.Q):
    for child in q.children:
        if isinstance(child, models.Q):
            if not child.negated:
                yield from _conditions(child)
        else:
            yield child


def test_every_unique_rule_of_a_record_leaves_deleted_records_out():
    missing = []
    for model in apps.get_models():
        if not issubclass(model, Record):
            continue
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint):
                continue
            cond = constraint.condition
            if (
                cond is None
                or cond.connector != models.Q.AND
                or cond.negated
                or ("deleted_at__isnull", True) not in list(_conditions(cond))
            ):
                missing.append(f"{model.__name__}.{constraint.name}")
    assert not missing


@pytest.mark.django_db
def test_a_deleted_cases_number_is_taken_again_by_a_new_case(village_a, make_user):
    clerk = make_user("section", lines=["mediation"])
    committee = make_committee(village_a)

    def accept():
        return services.case_accept(
            committee=committee,
            received_on=dt.date(2023, 3, 1),
            dispute_type="neighbour",
            parties=parties("张三", "李四"),
            user=clerk,
            case_number="调字〔2023〕第7号",
        )

    first = accept()
    with pytest.raises(RuleViolation) as refused:
        accept()  # while the first case stands, its number is taken
    assert MSG_TAKEN in str(refused.value)
    record_delete(first, user=clerk)
    second = accept()
    assert second.pk != first.pk and second.case_number == first.case_number
