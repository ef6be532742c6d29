"""Import rules reported as defects: blank optional cells, rules on parents created in the same
file (dry run and real import alike, every bad row at once), the reconsideration line's
derived states, and the rollback of a batch through the lines' services."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sifa.core.errors import RuleViolation
from sifa.core.models import CaseEvent, Unit, UnitKind
from sifa.correction.models import Assessment
from sifa.dataio.importer import import_workbook
from sifa.dataio.schema import SheetSpec
from sifa.dataio.services import batch_rollback
from sifa.enforcement.models import (
    MSG_ISSUED_AFTER_LEFT,
    Certificate,
    EnforcementAgency,
    Officer,
)
from sifa.enforcement.tests.factories import id_number
from sifa.legalservice.models import MSG_SERVICE_OUTSIDE, AdvisorContract, AdvisorService
from sifa.reconsideration import services as recon
from sifa.reconsideration.models import Procedure, ReconsiderationCase, Status
from sifa.reconsideration.tests.factories import agency as respondent_agency

D = dt.date


def workbook(*sheets) -> bytes:
    """A workbook of `(model, [ {field name: value} ])` sheets, with the template's headers."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for model, rows in sheets:
        spec = SheetSpec(model)
        ws = wb.create_sheet(spec.title)
        ws.append(spec.headers)
        for row in rows:
            unknown = set(row) - {c.name for c in spec.columns}
            assert not unknown, unknown
            ws.append([row.get(c.name) for c in spec.columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(result) -> list[tuple]:
    return sorted((p.sheet, p.row, p.column, p.message) for p in result.problems)


def both(data, user):
    """The dry run and then the real import of the same file."""
    return import_workbook(data, user=user, dry_run=True), import_workbook(data, user=user)


RAW_TEXT = ("None", "True或False", "NOT NULL", "IntegrityError", "constraint", "null value")


def assert_chinese_only(result):
    for p in result.problems:
        assert not any(raw in p.message for raw in RAW_TEXT), p.message


# --- 1. blank optional cells --------------------------------------------------------------
@pytest.fixture
def recon_clerk(make_user):
    return make_user("section", lines=["reconsideration"])


def recon_row(county, **fields):
    row = {
        "region": county.code,
        "number": "复字〔2022〕1号",
        "applicant_name": "王某",
        "applicant_type": "公民",
        "respondent": respondent_agency(county).name,
        "category": "行政处罚",
        "received_on": D(2022, 3, 1),
    }
    return {**row, **fields}


@pytest.mark.django_db
class TestBlankOptionalCells:
    def test_blank_yes_no_and_number_cells_mean_the_defaults(self, county, recon_clerk):
        data = workbook(
            (
                ReconsiderationCase,
                [
                    recon_row(
                        county,
                        status="审理中",
                        accepted_on=D(2022, 3, 2),
                        procedure="普通程序",
                        # 视为受理, 已网上公开 (yes/no) and 已中止天数 (number) left blank
                    )
                ],
            )
        )
        dry, real = both(data, recon_clerk)
        assert dry.ok, problems(dry)
        assert real.ok, problems(real)
        case = ReconsiderationCase.objects.get()
        assert case.deemed_accepted is False
        assert case.published_online is False
        assert case.suspended_days == 0

    def test_a_blank_number_with_a_default_is_written(self, county, recon_clerk):
        # the yes/no cells filled: only 已中止天数 is blank (was NULL on the write)
        row = recon_row(
            county,
            status="审理中",
            accepted_on=D(2022, 3, 2),
            procedure="普通程序",
            deemed_accepted="否",
            published_online="否",
            suspended_days=None,
        )
        dry, real = both(workbook((ReconsiderationCase, [row])), recon_clerk)
        assert dry.ok, problems(dry)
        assert real.ok, problems(real)
        assert ReconsiderationCase.objects.get().suspended_days == 0

    def test_blank_status_is_the_default_status(self, county, recon_clerk):
        data = workbook((ReconsiderationCase, [recon_row(county)]))
        result = import_workbook(data, user=recon_clerk)
        assert result.ok, problems(result)
        assert ReconsiderationCase.objects.get().status == Status.RECEIVED

    def test_blank_expedited_flag_of_an_assessment(self, county, make_user):
        clerk = make_user("section", lines=["correction"])
        row = {
            "region": county.code,
            "person_name": "李某",
            "commissioner": "人民法院",
            "received_on": D(2022, 3, 1),
            "expedited": None,
        }
        dry, real = both(workbook((Assessment, [row])), clerk)
        assert dry.ok, problems(dry)
        assert real.ok, problems(real)
        assert Assessment.objects.get().expedited is False

    def test_a_wrong_yes_no_cell_is_still_refused_in_chinese(self, county, recon_clerk):
        data = workbook((ReconsiderationCase, [recon_row(county, published_online="也许")]))
        result = import_workbook(data, user=recon_clerk, dry_run=True)
        assert problems(result) == [("行政复议案件", 2, "已网上公开", "应填“是”或“否”。")]
