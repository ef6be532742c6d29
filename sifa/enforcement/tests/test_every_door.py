"""An officer's leaving date (离岗日期) revokes their certificates whichever door it comes in by:
the service, the entry screen, the REST API and the Excel import all call `officer_save`."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.api.testing import field_errors
from sifa.core import registry
from sifa.dataio.exporter import export_workbook
from sifa.dataio.importer import import_workbook
from sifa.dataio.schema import SheetSpec
from sifa.enforcement import services
from sifa.enforcement.models import Certificate, CertificateState, Officer
from sifa.workspace.links import page_url

from . import factories as f

D = dt.date
LEFT = D(2022, 6, 30)


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["enforcement"])


@pytest.fixture
def officer(county):
    """Hired 2018; a certificate that expired in 2021, one already revoked, one still valid."""
    officer = f.officer(f.agency(county), hired_on=D(2018, 1, 1))
    f.certificate(officer, D(2018, 3, 1), number="陕执过期", expires_on=D(2021, 2, 28))
    revoked = f.certificate(officer, D(2018, 4, 1), number="陕执已注销")
    services.certificate_revoke(revoked, on=D(2020, 5, 1), user=None)
    f.certificate(officer, D(2021, 3, 1), number="陕执有效", kind="renewed")
    return officer


def cert(number) -> Certificate:
    return Certificate.objects.get(number=number)


def assert_revoked_on_leaving(officer, *, actor=None):
    """Only the certificate valid on the leaving day is revoked, that day, with history."""
    valid = cert("陕执有效")
    assert valid.revoked_on == LEFT
    assert valid.state(D(2022, 7, 1)) == CertificateState.DONE
    assert not Officer.objects.get(pk=officer.pk).is_certified(LEFT)
    assert cert("陕执过期").revoked_on is None  # expired before: nothing to revoke
    assert cert("陕执已注销").revoked_on == D(2020, 5, 1)  # an earlier revocation stays
    entry = LogEntry.objects.get_for_object(valid).order_by("-pk").first()
    assert entry.changes_dict["revoked_on"][1] == "2022-06-30"
    if actor is not None:
        assert entry.actor_id == actor.pk


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def officer_form(officer, **changes) -> dict:
    data = {
        "region": officer.region_id,
        "agency": officer.agency_id,
        "name": officer.name,
        "id_number": officer.id_number,
        "post": officer.post,
        "hired_on": officer.hired_on.isoformat(),
        "left_on": "",
        "certificates-TOTAL_FORMS": "0",
        "certificates-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def with_left_on(book: bytes, sheet: str, left_on) -> bytes:
    """The exported workbook with the leaving date of its (only) officer row changed."""
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb[sheet]
    col = 1 + SheetSpec(Officer).headers.index("离岗日期")
    assert ws.max_row == 2
    ws.cell(row=2, column=col, value=left_on)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
class TestService:
    def test_saving_a_leaving_date_revokes_the_certificates_valid_that_day(self, officer, clerk):
        officer.left_on = LEFT
        services.officer_save(officer, user=clerk)
        assert_revoked_on_leaving(officer, actor=clerk)

    def test_a_later_revocation_is_brought_forward_to_the_leaving_day(self, officer, clerk):
        valid = cert("陕执有效")
        services.certificate_revoke(valid, on=D(2022, 9, 1), user=clerk)
        officer.left_on = LEFT
        services.officer_save(officer, user=clerk)
        assert cert("陕执有效").revoked_on == LEFT

    def test_a_leaving_date_not_after_a_certificate_is_refused(self, officer, clerk):
        officer.left_on = D(2021, 3, 1)  # the day the last certificate was issued
        with pytest.raises(services.RuleViolation) as exc:
            services.officer_save(officer, user=clerk)
        assert exc.value.message_dict == {
            "left_on": [
                services.MSG_LEFT_BEFORE_CERTIFICATE.format(date="2021年3月1日", number="陕执有效")
            ]
        }
        assert Officer.objects.get(pk=officer.pk).left_on is None
        assert cert("陕执有效").revoked_on is None

    def test_a_hiring_date_after_a_certificate_is_refused(self, officer, clerk):
        officer.hired_on = D(2018, 3, 2)
        with pytest.raises(services.RuleViolation) as exc:
            services.officer_save(officer, user=clerk)
        assert exc.value.message_dict == {
            "hired_on": [
                services.MSG_HIRED_AFTER_CERTIFICATE.format(date="2018年3月1日", number="陕执过期")
            ]
        }

    def test_a_certificate_entered_for_an_officer_who_had_left_is_revoked_that_day(
        self, county, clerk
    ):
        officer = f.officer(f.agency(county), hired_on=D(2018, 1, 1), left_on=LEFT)
        late = f.certificate(officer, D(2021, 3, 1), number="陕执补录", user=clerk)
        assert late.revoked_on == LEFT
        expired = f.certificate(
            officer, D(2018, 3, 1), number="陕执旧证", expires_on=D(2021, 2, 28), user=clerk
        )
        assert expired.revoked_on is None


@pytest.mark.django_db
class TestWorkspaceForm:
    def test_leaving_date_saved_on_the_form_revokes(self, client, officer, clerk):
        client.force_login(clerk)
        url = page_url(registry.get(Officer), "edit", officer.pk)
        response = client.post(url, officer_form(officer, left_on="2022-06-30"))
        assert response.status_code == 302, response.context["form"].errors
        assert Officer.objects.get(pk=officer.pk).left_on == LEFT
        assert_revoked_on_leaving(officer, actor=clerk)

    def test_leaving_date_before_a_certificate_is_a_field_error(self, client, officer, clerk):
        client.force_login(clerk)
        url = page_url(registry.get(Officer), "edit", officer.pk)
        response = client.post(url, officer_form(officer, left_on="2021-01-01"))
        assert response.status_code == 200
        assert response.context["form"].errors["left_on"] == [
            services.MSG_LEFT_BEFORE_CERTIFICATE.format(date="2021年3月1日", number="陕执有效")
        ]
        assert Officer.objects.get(pk=officer.pk).left_on is None


@pytest.mark.django_db
class TestApi:
    def test_patching_the_leaving_date_revokes(self, officer, clerk):
        url = f"/api/enforcement/officer/{officer.pk}/"
        response = api(clerk).patch(url, {"left_on": "2022-06-30"}, format="json")
        assert response.status_code == 200, response.json()
        assert_revoked_on_leaving(officer, actor=clerk)

    def test_leaving_date_before_a_certificate_is_a_400_in_chinese(self, officer, clerk):
        url = f"/api/enforcement/officer/{officer.pk}/"
        response = api(clerk).patch(url, {"left_on": "2021-01-01"}, format="json")
        assert response.status_code == 400
        assert field_errors(response) == {
            "left_on": [
                services.MSG_LEFT_BEFORE_CERTIFICATE.format(date="2021年3月1日", number="陕执有效")
            ]
        }
        assert cert("陕执有效").revoked_on is None


@pytest.mark.django_db
class TestImport:
    def test_reimported_officer_with_a_leaving_date_is_updated_and_revokes(self, officer, clerk):
        sheet = SheetSpec(Officer).title
        book = export_workbook([(Officer, None)], clerk)
        result = import_workbook(with_left_on(book, sheet, LEFT), user=clerk)
        assert result.ok, [p.message for p in result.problems]
        assert result.counts["updated"] == 1 and result.counts["created"] == 0
        assert Officer.objects.get(pk=officer.pk).left_on == LEFT
        assert Officer.objects.count() == 1
        assert_revoked_on_leaving(officer, actor=clerk)

    def test_imported_leaving_date_before_a_certificate_is_a_row_problem(self, officer, clerk):
        sheet = SheetSpec(Officer).title
        book = export_workbook([(Officer, None)], clerk)
        result = import_workbook(with_left_on(book, sheet, D(2021, 1, 1)), user=clerk)
        assert [(p.row, p.message) for p in result.problems] == [
            (
                2,
                services.MSG_LEFT_BEFORE_CERTIFICATE.format(date="2021年3月1日", number="陕执有效"),
            )
        ]
        assert Officer.objects.get(pk=officer.pk).left_on is None

    def test_officer_who_had_left_imported_with_certificates_gets_them_revoked(self, county, clerk):
        """An officer and their certificates from one workbook (an older system's records,
        without the revocation): the certificate valid on the leaving day is revoked."""
        officer = f.officer(f.agency(county), hired_on=D(2018, 1, 1), name="李四")
        f.certificate(officer, D(2018, 3, 1), number="陕执旧证", expires_on=D(2021, 2, 28))
        f.certificate(officer, D(2021, 3, 1), number="陕执新证")
        officer.left_on = LEFT
        services.officer_save(officer, user=clerk)
        book = export_workbook([(Officer, None), (Certificate, None)], clerk)
        Certificate.all_objects.all().delete()
        Officer.all_objects.all().delete()
        result = import_workbook(_without_revocations(book), user=clerk)
        assert result.ok, [p.message for p in result.problems]
        assert cert("陕执新证").revoked_on == LEFT
        assert cert("陕执旧证").revoked_on is None


def _without_revocations(book: bytes) -> bytes:
    """The workbook with the 注销日期 column blanked."""
    spec = SheetSpec(Certificate)
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb[spec.title]
    col = 1 + spec.headers.index("注销日期")
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=col, value=None)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
