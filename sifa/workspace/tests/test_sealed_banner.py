"""A sealed minor's file says so on every workspace page of it — the subject's record page,
its edit form, its steps, and the records of its file — and offers the subject's full file;
an adult's file carries no banner."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.correction.models import Subject, SupervisionEvent
from sifa.correction.tests.helpers import subject
from sifa.correction.views import MSG_SEALED_BANNER
from sifa.workspace.links import page_url

pytestmark = pytest.mark.django_db

D = dt.date


def test_every_page_of_a_minors_file_carries_the_banner(client, township_clerk, township_a):
    minor = subject(township_a, name="未成年乙", birth=D(2005, 6, 1), received=D(2022, 3, 5))
    client.force_login(township_clerk)  # the office executing the minor's correction
    rt = registry.get(Subject)
    pages = [page_url(rt, "detail", minor.pk), page_url(rt, "edit", minor.pk)]
    pages += [page_url(rt, "move", minor.pk, m.name) for m in rt.moves_for(township_clerk, minor)]
    for url in pages:
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert MSG_SEALED_BANNER in resp.content.decode(), url
    detail = client.get(pages[0]).content.decode()
    assert f'href="/correction/subjects/{minor.pk}/"' in detail  # the full file


def test_a_record_of_the_file_carries_it_too_and_an_adults_file_does_not(
    client, township_clerk, township_a
):
    minor = subject(township_a, name="未成年乙", birth=D(2005, 6, 1), received=D(2022, 3, 5))
    adult = subject(township_a, name="成年甲", received=D(2022, 3, 5))
    event = SupervisionEvent.objects.create(
        subject=minor, region=minor.region, date=D(2022, 4, 1), kind="visit", note="走访"
    )
    client.force_login(township_clerk)
    event_page = page_url(registry.get(SupervisionEvent), "detail", event.pk)
    assert MSG_SEALED_BANNER in client.get(event_page).content.decode()
    adult_page = page_url(registry.get(Subject), "detail", adult.pk)
    assert MSG_SEALED_BANNER not in client.get(adult_page).content.decode()
