import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sifa.core.idnumber import mask

from .helpers import subject

pytestmark = pytest.mark.urls("sifa.correction.tests.urls")


def test_detail_page_is_audited_and_masks_the_id(client, make_user, township_a):
    s = subject(township_a, name="成年甲", received=dt.date(2022, 3, 5))
    clerk = make_user("section", lines=["correction"])
    client.force_login(clerk)
    body = client.get(reverse("correction:subject_detail", args=[s.pk])).content.decode()
    assert "成年甲" in body and mask(s.id_number) in body and s.id_number not in body
    assert (
        LogEntry.objects.get_for_object(s)
        .filter(action=LogEntry.Action.ACCESS, actor=clerk)
        .count()
        == 1
    )


def test_detail_page_of_a_sealed_file_answers_404(client, make_user, township_a):
    minor = subject(township_a, birth=dt.date(2005, 6, 1), received=dt.date(2022, 3, 5))
    client.force_login(make_user("section", lines=["correction"]))
    assert client.get(reverse("correction:subject_detail", args=[minor.pk])).status_code == 404


def test_detail_page_of_another_township_answers_404(client, other_township_clerk, township_a):
    s = subject(township_a, received=dt.date(2022, 3, 5))
    client.force_login(other_township_clerk)
    assert client.get(reverse("correction:subject_detail", args=[s.pk])).status_code == 404


def test_workbench_panel_counts_overdue_intakes(client, make_user, township_a):
    subject(township_a, judged=dt.date(2022, 3, 1))  # never received: long overdue
    client.force_login(make_user("section", lines=["correction"]))
    body = client.get("/").content.decode()
    assert "社区矫正期限提醒" in body and "逾期未报到接收：1 件" in body
