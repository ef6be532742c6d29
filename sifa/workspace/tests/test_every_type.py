"""Every record type's workspace form is a door like the others: its required fields left empty
are refused with the one message of every door, beside each field, and nothing is written."""

from __future__ import annotations

import pytest

from sifa.core import registry
from sifa.core.tests.test_every_door import TYPES, required_fields
from sifa.workspace import spec
from sifa.workspace.links import page_url

REQUIRED = registry.MSG_REQUIRED


def test_the_workspace_serves_every_record_type():
    served = {rt.model for rt in spec.workspace_types()}
    assert {rt.model for rt in TYPES} <= served


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=lambda rt: rt.key)
def test_workspace_form_refuses_empty_required_fields(rt, section_clerk, client):
    client.force_login(section_clerk)
    resp = client.post(page_url(rt, "create"), {})
    assert resp.status_code == 200
    form = resp.context["form"]
    asked = required_fields(rt.model) & set(form.errors)
    assert asked, form.errors
    body = resp.content.decode()
    for name in asked:
        assert form.errors[name] == [REQUIRED], (name, form.errors[name])
    # once beside each field, never repeated at the top of the form
    assert body.count(REQUIRED) == len(form.errors.get("__all__", [])) + sum(
        len(v) for k, v in form.errors.items() if k != "__all__" and v == [REQUIRED]
    )
    assert not rt.model._default_manager.exists()
