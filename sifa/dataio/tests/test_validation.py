"""A bulk validation (an import) gives every row the verdict and messages of a single save,
although it reads no row twice and remembers each field's verdict on a value."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sifa.core.errors import RuleViolation
from sifa.core.services import validate
from sifa.dataio.validation import BulkContext
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.conftest import make_committee

values = st.fixed_dictionaries(
    {
        "case_number": st.text(max_size=45),
        "dispute_type": st.sampled_from(["neighbour", "marriage", "不存在的类型", ""]),
        "amount_yuan": st.one_of(st.integers(-5, 10**6), st.integers(2**63 - 2, 2**64)),
        "received_on": st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
        "summary": st.text(alphabet=st.sampled_from("纠纷\x00 a"), max_size=5),
    }
)


def verdict(committee, row: dict, check=validate) -> dict:
    case = MediationCase(committee=committee, region=committee.region, **row)
    try:
        check(case)
    except RuleViolation as exc:
        return exc.message_dict
    return {}


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(values, min_size=1, max_size=4))
def test_bulk_verdicts_equal_single_save_verdicts(village_a, rows):
    committee = make_committee(village_a)
    alone = [verdict(committee, row) for row in rows]
    with BulkContext() as context:
        # each row twice: the second time the field verdicts come from memory
        together = [verdict(committee, row, context.validate) for row in rows + rows]
    assert together == alone + alone
