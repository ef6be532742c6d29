"""Every record type, every door: the same bad input is refused with the same Chinese message
by the service, the entry form, the API and the import; nothing is written.

The types come from the registry, so a new record type is covered without a new test. The bad
input is the plainest one every type has: its required fields left empty.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.api.testing import field_errors
from sifa.core import registry
from sifa.core.errors import RuleViolation
from sifa.dataio.importer import import_workbook
from sifa.dataio.schema import BOOKKEEPING, SheetSpec

REQUIRED = registry.MSG_REQUIRED
TYPES = [rt for rt in registry.record_types() if rt.model in registry.record_models()]


def required_fields(model) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.editable
        and not f.blank
        and not f.has_default()
        and not f.primary_key
        and f.name not in BOOKKEEPING
    }


@pytest.fixture
def clerk(make_user):
    from sifa.core.lines import Line

    return make_user("section", lines=Line.values)


def _ids(rt):
    return rt.key


def test_every_type_has_required_fields_to_try():
    assert all(required_fields(rt.model) for rt in TYPES)


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=_ids)
def test_service_refuses_empty_required_fields(rt, clerk):
    obj = rt.model()
    with pytest.raises(RuleViolation) as exc:
        rt.save_service()(obj, user=clerk)
    errors = exc.value.message_dict if hasattr(exc.value, "error_dict") else {}
    assert errors, exc.value.messages
    for name, messages in errors.items():
        if name in required_fields(rt.model):
            assert messages == [REQUIRED], (name, messages)
    assert not rt.model._default_manager.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=_ids)
def test_api_refuses_empty_required_fields(rt, clerk):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=clerk)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    opts = rt.model._meta
    resp = client.post(f"/api/{opts.app_label}/{opts.model_name}/", {}, format="json")
    assert resp.status_code == 400, resp.content
    body = field_errors(resp)
    asked = required_fields(rt.model) & set(body)
    assert asked, body
    for name in asked:
        assert body[name] == [REQUIRED], (name, body[name])
    assert not rt.model._default_manager.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=_ids)
def test_entry_form_refuses_empty_required_fields(rt, clerk, client):
    from sifa.workspace import spec as ws_spec
    from sifa.workspace.links import page_url

    if rt not in ws_spec.workspace_types():
        pytest.skip("no workspace form of its own")
    client.force_login(clerk)
    resp = client.post(page_url(rt, "create"), {})
    assert resp.status_code == 200
    form = resp.context["form"]
    asked = required_fields(rt.model) & set(form.errors)
    assert asked, form.errors
    for name in asked:
        assert form.errors[name] == [REQUIRED], (name, form.errors[name])
    assert not rt.model._default_manager.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=_ids)
def test_import_refuses_empty_required_fields(rt, clerk, township_a):
    spec = SheetSpec(rt.model)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = spec.title
    ws.append(spec.headers)
    # a row that is not blank: only its region (or its first column) filled in
    row = [None] * len(spec.columns)
    names = [c.name for c in spec.columns]
    row[names.index("region") if "region" in names else 0] = township_a.code
    ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    for dry_run in (True, False):
        result = import_workbook(out.getvalue(), user=clerk, dry_run=dry_run)
        assert not result.ok
        by_column = {p.column: p.message for p in result.problems if p.row == 2}
        asked = [c for c in spec.columns if c.name in required_fields(rt.model) and c.required]
        for column in asked:
            if column.name == "region":
                continue  # filled in
            assert by_column.get(column.header) == REQUIRED, (column.header, result.problems)
    assert not rt.model._default_manager.exists()


@pytest.mark.parametrize("rt", TYPES, ids=_ids)
def test_every_type_belongs_to_a_line(rt):
    """Write rights follow the line: a type without one would be writable by anyone."""
    line = rt.model.__dict__.get("line") or getattr(rt.model, "line", "")
    assert isinstance(line, property) or (isinstance(line, str) and line), rt.key


def test_the_import_matches_rows_on_the_declared_natural_key(monkeypatch):
    """A natural key declared in records.py is the one a re-imported row is matched on."""
    import dataclasses

    from sifa.mediation.models import MediationCase

    rt = registry.get(MediationCase)
    assert SheetSpec(MediationCase).natural_key == rt.key_fields
    declared = dataclasses.replace(rt, natural_key=("number",))
    monkeypatch.setitem(registry._TYPES, MediationCase, declared)
    assert SheetSpec(MediationCase).natural_key == ("number",)
