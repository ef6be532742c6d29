"""`sifa check --deploy` under production settings fails without the secret key or database URL."""

import os
import subprocess
import sys

import pytest
from django.core import checks

from sifa.core.checks import MSG_NO_DATABASE_URL, MSG_NO_SECRET_KEY

PG_URL = "postgres://sifa:sifa@127.0.0.1:5432/sifa"
KEY = "k" * 30 + "-Zq8wX3vB7nM1pL5sD9fG2hJ6kT4rY0u-cE8aW"


def deploy_errors():
    return {
        m.id: m.msg
        for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
        if m.id in ("sifa.E010", "sifa.E011")  # sifa.E012 (SQLite) below, by the command
    }


@pytest.fixture
def production(settings):
    settings.SIFA_PRODUCTION = True
    settings.SIFA_SECRET_KEY_FROM_ENV = True
    settings.SIFA_DATABASE_URL_FROM_ENV = True
    return settings


def test_no_error_when_both_are_set(production):
    assert deploy_errors() == {}


def test_missing_secret_key_is_an_error(production):
    production.SIFA_SECRET_KEY_FROM_ENV = False
    assert deploy_errors() == {"sifa.E010": MSG_NO_SECRET_KEY}


def test_missing_database_url_is_an_error(production):
    production.SIFA_DATABASE_URL_FROM_ENV = False
    assert deploy_errors() == {"sifa.E011": MSG_NO_DATABASE_URL}


def test_not_checked_outside_production(settings):
    settings.SIFA_PRODUCTION = False
    assert deploy_errors() == {}


def run_check(tmp_path, **env):
    # The production environment as an operator sets it: none of the test run's own variables
    # (the browser tests allow Django's async-unsafe mode in their worker, which
    # check --deploy rightly refuses).
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SIFA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    base.update(SIFA_HOME=str(tmp_path), SIFA_ALLOWED_HOSTS="sifa.example.gov.cn", **env)
    base["DJANGO_SETTINGS_MODULE"] = "sifa.settings.production"
    return subprocess.run(
        [sys.executable, "-m", "sifa.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=base,
        cwd=tmp_path,  # a relative SQLite path lands there, not in the checkout
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "code"),
    [({"SIFA_DATABASE_URL": PG_URL}, "sifa.E010"), ({"SIFA_SECRET_KEY": KEY}, "sifa.E011")],
)
def test_command_fails_without_either(tmp_path, env, code):
    result = run_check(tmp_path, **env)
    assert result.returncode != 0
    assert code in result.stderr


def test_command_refuses_sqlite(tmp_path):
    result = run_check(tmp_path, SIFA_SECRET_KEY=KEY, SIFA_DATABASE_URL="sqlite:///x.sqlite3")
    assert result.returncode != 0
    assert "sifa.E012" in result.stderr


def test_command_passes_with_both_as_in_ci(tmp_path):
    result = run_check(tmp_path, SIFA_SECRET_KEY=KEY, SIFA_DATABASE_URL=PG_URL)
    assert result.returncode == 0, result.stderr
