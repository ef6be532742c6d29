"""The models and their migrations agree: a change of a model (a field, a rule, an index)
comes with the migration that makes it on every installation's database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits 1 when a migration would be written
        raise AssertionError(out.getvalue()) from exc
