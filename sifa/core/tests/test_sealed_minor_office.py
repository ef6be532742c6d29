"""A sealed minor's correction file (社区矫正法 §54, issue 13): the township judicial office that
executes the supervision sees the file and records the supervision; another township's office
and the county's other sections do not see it (`correction.selectors.can_view_sealed`),
through the workspace door."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core import registry
from sifa.correction.models import Subject, SupervisionEvent, SupervisionKind
from sifa.correction.tests.helpers import subject
from sifa.workspace.links import page_url

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def minor(township_a):
    return subject(township_a, name="未成年乙", birth=D(2005, 6, 1), received=D(2022, 3, 5))


def _supervision_data(client, minor) -> dict:
    rt = registry.get(SupervisionEvent)
    form = client.get(page_url(rt, "create")).context["form"]
    data = {
        "subject": minor.pk,
        "kind": SupervisionKind.values[0],
        "date": "2022-06-01",
        "note": "走访家庭",
    }
    if "region" in form.fields:
        data["region"] = minor.region_id
    return data


def test_the_executing_office_sees_the_file_and_records_supervision(client, township_clerk, minor):
    assert minor.is_minor
    client.force_login(township_clerk)
    subjects = registry.get(Subject)
    listing = client.get(page_url(subjects, "list"))
    assert "未成年乙" in listing.content.decode()
    page = client.get(page_url(subjects, "detail", minor.pk))
    assert page.status_code == 200
    assert page.context["banner"]  # the sealed banner on the file

    rt = registry.get(SupervisionEvent)
    resp = client.post(page_url(rt, "create"), _supervision_data(client, minor))
    assert resp.status_code == 302, resp.context["form"].errors
    event = SupervisionEvent.objects.get(subject=minor)
    assert (event.date, event.note) == (D(2022, 6, 1), "走访家庭")
    assert client.get(page_url(rt, "detail", event.pk)).status_code == 200


def test_another_townships_office_does_not_see_the_file(client, other_township_clerk, minor):
    client.force_login(other_township_clerk)
    subjects = registry.get(Subject)
    assert "未成年乙" not in client.get(page_url(subjects, "list")).content.decode()
    assert client.get(page_url(subjects, "detail", minor.pk)).status_code == 404
    rt = registry.get(SupervisionEvent)
    data = {"subject": minor.pk, "kind": SupervisionKind.values[0], "date": "2022-06-01"}
    resp = client.post(page_url(rt, "create"), {**data, "region": minor.region_id})
    assert resp.status_code == 200  # refused on the form
    assert not SupervisionEvent.objects.filter(subject=minor).exists()


@pytest.mark.parametrize(
    "kind", ["correction section", "other section", "leader"], ids=lambda k: k.replace(" ", "_")
)
def test_the_countys_other_sections_do_not_see_the_file(client, make_user, minor, kind):
    user = {
        "correction section": lambda: make_user("section", lines=["correction"]),
        "other section": lambda: make_user("section", lines=["mediation"]),
        "leader": lambda: make_user("leader"),
    }[kind]()
    client.force_login(user)
    subjects = registry.get(Subject)
    listing = client.get(page_url(subjects, "list"))
    assert "未成年乙" not in listing.content.decode()
    assert client.get(page_url(subjects, "detail", minor.pk)).status_code in (403, 404)


def test_a_correction_clerk_with_the_sealed_file_grant_sees_it(client, make_user, minor):
    client.force_login(make_user("section", lines=["correction"], sealed=True))
    assert client.get(page_url(registry.get(Subject), "detail", minor.pk)).status_code == 200
