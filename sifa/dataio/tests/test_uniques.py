"""Uniqueness in a bulk validation (dataio.uniques): the keys are read once, the verdicts and the
messages are those of a single save, and two rows of one batch that share a key are caught."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifa.core.errors import RuleViolation
from sifa.core.services import validate
from sifa.dataio.validation import BulkContext
from sifa.enforcement.models import MSG_ONE_ACTIVE_SERVICE, Officer
from sifa.enforcement.tests import factories
from sifa.notary.models import MSG_CERT_TAKEN, Category, Notarization, Status


def issued(county, number: str) -> Notarization:
    return Notarization(
        region=county,
        category=Category.DOMESTIC_CIVIL,
        matter="继承",
        applicant_name="张三",
        accepted_on=dt.date(2022, 3, 1),
        status=Status.ISSUED,
        issued_on=dt.date(2022, 3, 10),
        certificate_no=number,
    )


def messages(obj, check=validate) -> dict:
    try:
        check(obj)
    except RuleViolation as exc:
        return exc.message_dict
    return {}


@pytest.fixture
def taken(county):
    obj = issued(county, "（2022）某证字第1号")
    obj.full_clean()
    obj.save()
    return obj


def test_a_key_taken_in_the_database_is_refused_with_the_single_save_message(county, taken):
    single = messages(issued(county, taken.certificate_no))
    with BulkContext() as context:
        bulk = messages(issued(county, taken.certificate_no), context.validate)
    assert bulk == single
    assert MSG_CERT_TAKEN in str(bulk)


def test_two_rows_of_one_batch_sharing_a_key_are_caught(county):
    with BulkContext() as context:
        assert messages(issued(county, "（2022）某证字第7号"), context.validate) == {}
        second = messages(issued(county, "（2022）某证字第7号"), context.validate)
        other = messages(issued(county, "（2022）某证字第8号"), context.validate)
    assert MSG_CERT_TAKEN in str(second)
    assert other == {}


def test_a_row_outside_the_condition_takes_no_key(county, taken):
    """certificate_no is only unique when filled: matters not yet issued share the blank."""
    with BulkContext() as context:
        for _ in range(3):
            obj = issued(county, "")
            obj.status, obj.issued_on = Status.ACCEPTED, None
            assert messages(obj, context.validate) == {}


def test_a_saved_row_does_not_collide_with_itself(county, taken):
    with BulkContext() as context:
        taken.matter = "继承（更正）"
        assert messages(taken, context.validate) == {}


def test_conditional_rule_follows_the_condition_on_both_sides(county):
    """One active service per ID number: a person who left may serve again."""
    agency = factories.agency(county)
    left = factories.officer(agency, left_on=dt.date(2020, 6, 30))
    active = factories.officer(agency)

    def officer(id_number):
        return Officer(
            agency=agency, region=county, name="李四", id_number=id_number,
            hired_on=dt.date(2021, 1, 1),
        )  # fmt: skip

    with BulkContext() as context:
        assert messages(officer(left.id_number), context.validate) == {}
        refused = messages(officer(active.id_number), context.validate)
    assert refused == messages(officer(active.id_number))  # the single-save verdict
    assert MSG_ONE_ACTIVE_SERVICE in str(refused)


def test_keys_are_read_once_per_batch(county, taken):
    with BulkContext() as context:
        messages(issued(county, "（2022）某证字第20号"), context.validate)  # reads the keys
        with CaptureQueriesContext(connection) as queries:
            for n in range(21, 41):
                assert messages(issued(county, f"（2022）某证字第{n}号"), context.validate) == {}
    assert len(queries) == 0
