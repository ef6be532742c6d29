"""Every read of correction files writes an access row, on every path: who, when, from where,
which records; one row per list page or export, not one per record (社区矫正法 art. 23 on
the confidentiality of files; 等保 audit of access to personal data)."""

import datetime as dt
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.correction.models import Subject
from sifa.dataio.exporter import export_all, export_workbook

from .helpers import subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(township_a):
    return [
        subject(township_a, name=name, received=dt.date(2022, 3, 5))
        for name in ("成年甲", "成年乙", "成年丙")
    ]


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["correction"])


def reads(user):
    ct = ContentType.objects.get_for_model(Subject)
    return list(LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=user, content_type=ct))


def only_list_read(user, files):
    [row] = reads(user)
    assert sorted(row.additional_data["ids"]) == sorted(s.pk for s in files)
    assert row.object_repr.endswith("（3条）")
    return row


def api(user):
    client = APIClient(REMOTE_ADDR="10.1.2.3")
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_api_list_page_writes_one_row(files, clerk):
    assert api(clerk).get("/api/correction/subject/").status_code == 200
    row = only_list_read(clerk, files)
    assert row.remote_addr == "10.1.2.3"


def test_api_detail_writes_a_row(files, clerk):
    assert api(clerk).get(f"/api/correction/subject/{files[0].pk}/").status_code == 200
    [row] = reads(clerk)
    assert row.additional_data["ids"] == [files[0].pk]


def test_workspace_list_writes_one_row(client, files, clerk):
    from sifa.core import registry
    from sifa.workspace.links import list_url

    client.force_login(clerk)
    assert client.get(list_url(registry.get(Subject))).status_code == 200
    only_list_read(clerk, files)


def test_export_writes_one_row_per_type(files, clerk):
    data = export_workbook([(Subject, None)], clerk)
    assert openpyxl.load_workbook(io.BytesIO(data))
    only_list_read(clerk, files)


def test_export_of_everything_writes_the_subjects_row(files, clerk):
    export_all(clerk)
    only_list_read(clerk, files)


def test_drilldown_list_writes_one_row(client, files, clerk):
    client.force_login(clerk)
    resp = client.get(
        reverse("reports:drilldown", args=["correction.received"]),
        {"start": "2022-01-01", "end": "2022-12-31"},
    )
    assert resp.status_code == 200
    only_list_read(clerk, files)


def test_reads_of_other_lines_are_not_logged(client, make_user, make_activity, village_a):
    user = make_user("section", lines=["rulelaw"])
    make_activity("lecture", village_a, dt.date(2022, 5, 1))
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    api(user).get("/api/core/activity/")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before
