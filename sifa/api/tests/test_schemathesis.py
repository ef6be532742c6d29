"""Schemathesis drives every operation of the OpenAPI schema: no answer may be a server error."""

import datetime as dt
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from sifa.wsgi import application

# Every list (GET, with its filters) and create (POST) operation; the operations on one record
# ({id}) reuse the same validation path and would multiply the run time by three.
schema = (
    schemathesis.openapi.from_wsgi("/api/schema/", application)
    .include(method=["GET", "POST"])
    .exclude(path_regex=r"\{id\}")
)


@pytest.fixture
def api_token(county, make_user, make_activity, village_a):
    make_activity("lecture", village_a, dt.date(2022, 5, 10), attendees=12)
    user = make_user("admin")
    return Token.objects.create(user=user).key


@pytest.mark.skipif(
    os.environ.get("SIFA_DATABASE_URL", "").startswith("postgres"),
    reason="runs once, in the SQLite pass: the API code path does not depend on the database",
)
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_error(case, api_token):
    from schemathesis.checks import not_a_server_error

    case.call_and_validate(
        headers={"Authorization": f"Token {api_token}"}, checks=[not_a_server_error]
    )
