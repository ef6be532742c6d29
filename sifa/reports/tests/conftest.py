"""The whole demo county, built once per module inside a transaction rolled back at the end."""

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    from sifa.core import demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ctx = demo.build()
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
