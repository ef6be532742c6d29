"""Full ID numbers only to the staff whose work needs them (legal-aid staff for applicants):
masked for the leader and other readers on the record page, in exports and in the API."""

import io

import openpyxl
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.core.idnumber import mask
from sifa.dataio.exporter import export_workbook
from sifa.legalaid.models import AidApplication
from sifa.workspace.links import record_url

from .conftest import GOOD_ID

pytestmark = pytest.mark.django_db


def api_get(user, url):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client.get(url).json()


def export_text(user) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(export_workbook([(AidApplication, None)], user)))
    return "".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)


def page(client, user, app) -> str:
    client.force_login(user)
    resp = client.get(record_url(app))
    assert resp.status_code == 200
    return resp.content.decode()


def test_legal_aid_staff_see_the_full_number(client, receive, clerk):
    app = receive()
    assert api_get(clerk, f"/api/legalaid/aidapplication/{app.pk}/")["id_number"] == GOOD_ID
    assert GOOD_ID in export_text(clerk)
    assert GOOD_ID in page(client, clerk, app)


def test_the_leader_sees_it_masked_everywhere(client, receive, bureau_leader):
    app = receive()
    data = api_get(bureau_leader, f"/api/legalaid/aidapplication/{app.pk}/")
    assert data["id_number"] == mask(GOOD_ID)
    assert data["applicant_name"] == "张三"  # names stay: the leader reads the file
    text = export_text(bureau_leader)
    assert mask(GOOD_ID) in text and GOOD_ID not in text
    html = page(client, bureau_leader, app)
    assert GOOD_ID not in html and mask(GOOD_ID) in html


def test_other_lines_do_not_see_the_record_at_all(receive, make_user):
    app = receive()
    reader = make_user("section", lines=["mediation"])
    assert api_get(reader, f"/api/legalaid/aidapplication/{app.pk}/") == {
        "errors": [{"field": None, "code": "not_found", "message": "记录不存在。"}]
    }


def test_the_round_trip_export_keeps_the_number(receive):
    receive()
    assert GOOD_ID in export_text(None)  # the system's own export (backups, the round trip)
