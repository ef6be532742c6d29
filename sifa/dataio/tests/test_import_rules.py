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
    ymd,
)
from sifa.enforcement.tests.factories import id_number
from sifa.legalservice.models import MSG_SERVICE_OUTSIDE, AdvisorContract, AdvisorService
from sifa.reconsideration import services as recon
from sifa.reconsideration.models import ReconsiderationCase, Status
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
        "case_number": "复字〔2022〕1号",
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
        assert_chinese_only(result)


# --- 2. rules on a parent the same file creates ----------------------------------------------
@pytest.fixture
def enforcement_clerk(make_user):
    return make_user("section", lines=["enforcement"])


def officers_book(county, *, certificates) -> bytes:
    """A new agency and a new officer (left on 2021-06-30) with `certificates`, in one file."""
    unit = Unit.objects.create(name="测试县交通运输局", kind=UnitKind.AGENCY, region=county)
    return workbook(
        (EnforcementAgency, [{"region": county.code, "unit": unit.name}]),
        (
            Officer,
            [
                {
                    "region": county.code,
                    "agency": unit.name,
                    "name": "赵六",
                    "id_number": id_number(),
                    "hired_on": D(2018, 1, 1),
                    "left_on": D(2021, 6, 30),
                }
            ],
        ),
        (
            Certificate,
            [
                {"region": county.code, "officer": "赵六", "number": number, "issued_on": on}
                for number, on in certificates
            ],
        ),
    )


@pytest.mark.django_db
class TestRulesOnParentsOfTheSameFile:
    def test_certificates_after_the_officer_left_are_all_reported_by_the_dry_run_too(
        self, county, enforcement_clerk
    ):
        data = officers_book(
            county,
            certificates=[
                ("执001", D(2019, 3, 1)),  # in service: fine
                ("执002", D(2021, 7, 1)),  # after leaving
                ("执003", D(2022, 1, 5)),  # after leaving
            ],
        )
        dry, real = both(data, enforcement_clerk)
        message = f"{MSG_ISSUED_AFTER_LEFT.format(date=ymd(D(2021, 6, 30)))}（写入时按本文件中前面各行核对发现；本次没有写入任何数据）"
        expected = [("执法证件", 3, "发证日期", message), ("执法证件", 4, "发证日期", message)]
        assert problems(dry) == expected
        assert problems(real) == expected
        assert_chinese_only(dry)
        assert_chinese_only(real)
        assert dry.annotated and real.annotated
        assert not Officer.objects.exists() and not Certificate.objects.exists()
        assert not EnforcementAgency.objects.exists()
        assert real.batch is None and dry.batch is None

    def test_a_dry_run_that_passes_writes_nothing_and_the_import_then_passes(
        self, county, enforcement_clerk
    ):
        data = officers_book(county, certificates=[("执001", D(2019, 3, 1))])
        dry = import_workbook(data, user=enforcement_clerk, dry_run=True)
        assert dry.ok, problems(dry)
        assert dry.batch is None
        assert dry.counts == {"created": 3, "updated": 0, "unchanged": 0}
        assert not Officer.objects.exists() and not Certificate.objects.exists()
        real = import_workbook(data, user=enforcement_clerk)
        assert real.ok, problems(real)
        cert = Certificate.objects.get()
        assert cert.officer.name == "赵六" and cert.region_id == county.code

    def test_advisor_services_outside_the_contract_of_the_same_file(
        self, county, village_a, make_user
    ):
        clerk = make_user("section", lines=["legalservice"])
        village = village_a
        firm = Unit.objects.create(name="正衡律师事务所", kind=UnitKind.LAW_FIRM, region=county)
        contract = {
            "region": village.code,
            "lawyer": "王律师",
            "law_firm": firm.name,
            "starts_on": D(2022, 1, 1),
            "ends_on": D(2022, 6, 30),
        }
        label = f"{village}·王律师（2022-01-01至2022-06-30）"
        services = [
            {"region": village.code, "contract": label, "date": on, "people_served": 3}
            for on in (D(2022, 3, 1), D(2022, 7, 2), D(2021, 12, 31), D(2022, 6, 30))
        ]
        data = workbook((AdvisorContract, [contract]), (AdvisorService, services))
        dry, real = both(data, clerk)
        message = f"{MSG_SERVICE_OUTSIDE.format(start=D(2022, 1, 1), end=D(2022, 6, 30))}（写入时按本文件中前面各行核对发现；本次没有写入任何数据）"
        sheet = "法律顾问服务记录"
        expected = [(sheet, 3, "服务日期", message), (sheet, 4, "服务日期", message)]
        assert problems(dry) == expected
        assert problems(real) == expected
        assert_chinese_only(dry)
        assert_chinese_only(real)
        assert not AdvisorContract.objects.exists() and not AdvisorService.objects.exists()


# --- 3. reconsideration: the import derives what the entry screen's moves derive -------------
DERIVED = (
    "status",
    "acceptance_due",
    "accepted_on",
    "deemed_accepted",
    "procedure",
    "decision_due",
    "closed_on",
    "close_kind",
)


def derived(case) -> dict:
    case.refresh_from_db()
    return {**{f: getattr(case, f) for f in DERIVED}, "closed_late": case.closed_late}


@pytest.mark.django_db
class TestReconsiderationDerivedStates:
    """Received Thu 29 Sep 2022: the 5 working days of review end on 11 Oct (National Day)."""

    def entered(self, county, *, accepted_on, closed_on=None):
        case = recon.case_receive(
            user=None,
            region=county,
            case_number="复字〔2022〕9号",
            applicant_name="王某",
            applicant_type="citizen",
            respondent=respondent_agency(county),
            category="penalty",
            received_on=D(2022, 9, 29),
        )
        case = recon.case_accept(case, on=accepted_on, user=None)
        if closed_on:
            case = recon.case_close(case, on=closed_on, kind="upheld", user=None)
        return case

    def imported(self, county, user, *, accepted_on, closed_on=None, **extra):
        row = recon_row(
            county,
            case_number="复字〔2022〕10号",
            received_on=D(2022, 9, 29),
            status="已结案" if closed_on else "审理中",
            accepted_on=accepted_on,
            procedure="普通程序",
            closed_on=closed_on,
            close_kind="维持" if closed_on else None,
            **extra,
        )
        result = import_workbook(workbook((ReconsiderationCase, [row])), user=user)
        assert result.ok, problems(result)
        return ReconsiderationCase.objects.get(case_number="复字〔2022〕10号")

    def test_accepted_after_the_review_period_is_deemed_accepted(self, county, recon_clerk):
        by_service = self.entered(county, accepted_on=D(2022, 10, 20))
        by_import = self.imported(county, recon_clerk, accepted_on=D(2022, 10, 20))
        assert derived(by_import) == derived(by_service)
        assert by_import.deemed_accepted and by_import.accepted_on == D(2022, 10, 11)
        assert by_import.effective_status_label() == "审理中（视为受理）"

    def test_decided_after_sixty_days_from_the_deemed_acceptance_is_late(self, county, recon_clerk):
        # 60 days from the deemed acceptance (11 Oct) end on Sat 10 Dec, so Mon 12 Dec: closing on
        # 15 Dec is late,
        # though within 60 days of the date the file gives as the acceptance (20 Oct)
        by_service = self.entered(county, accepted_on=D(2022, 10, 20), closed_on=D(2022, 12, 15))
        by_import = self.imported(
            county, recon_clerk, accepted_on=D(2022, 10, 20), closed_on=D(2022, 12, 15)
        )
        assert derived(by_import) == derived(by_service)
        assert by_import.closed_late and by_import.decision_due == D(2022, 12, 12)

    def test_accepted_within_the_period_stays_as_entered(self, county, recon_clerk):
        by_service = self.entered(county, accepted_on=D(2022, 10, 10), closed_on=D(2022, 11, 1))
        by_import = self.imported(
            county, recon_clerk, accepted_on=D(2022, 10, 10), closed_on=D(2022, 11, 1)
        )
        assert derived(by_import) == derived(by_service)
        assert not by_import.deemed_accepted and not by_import.closed_late

    def test_reimporting_the_original_file_is_not_refused(self, county, recon_clerk):
        self.imported(county, recon_clerk, accepted_on=D(2022, 10, 20))
        again = self.imported(county, recon_clerk, accepted_on=D(2022, 10, 20))
        assert again.accepted_on == D(2022, 10, 11) and again.deemed_accepted
        assert ReconsiderationCase.objects.count() == 1


# --- 4. rolling a batch back through the services --------------------------------------------
@pytest.mark.django_db
class TestRollbackThroughServices:
    def received(self, county, user):
        data = workbook((ReconsiderationCase, [recon_row(county, received_on=D(2022, 9, 29))]))
        assert import_workbook(data, user=user).ok
        case = ReconsiderationCase.objects.get()
        assert case.acceptance_due == D(2022, 10, 11)
        return case

    def test_an_update_is_undone_by_the_save_service_with_its_deadlines_and_history(
        self, county, recon_clerk
    ):
        case = self.received(county, recon_clerk)
        moved = workbook((ReconsiderationCase, [recon_row(county, received_on=D(2022, 3, 1))]))
        result = import_workbook(moved, user=recon_clerk)
        assert result.counts["updated"] == 1, problems(result)
        case.refresh_from_db()
        assert case.received_on == D(2022, 3, 1) and case.acceptance_due == D(2022, 3, 8)
        batch_rollback(result.batch, user=recon_clerk)
        case.refresh_from_db()
        assert case.received_on == D(2022, 9, 29)
        assert case.acceptance_due == D(2022, 10, 11)  # recomputed by the line's save
        ct = ContentType.objects.get_for_model(ReconsiderationCase)
        last = LogEntry.objects.filter(content_type=ct, object_id=case.pk).latest("pk")
        assert last.action == LogEntry.Action.UPDATE and last.actor_id == recon_clerk.pk
        assert last.changes["acceptance_due"] == ["2022-03-08", "2022-10-11"]

    def test_created_records_are_deleted_by_record_delete_with_history(self, county, recon_clerk):
        data = workbook((ReconsiderationCase, [recon_row(county)]))
        result = import_workbook(data, user=recon_clerk)
        case = ReconsiderationCase.objects.get()
        batch_rollback(result.batch, user=recon_clerk)
        assert not ReconsiderationCase.objects.exists()
        case = ReconsiderationCase.all_objects.get(pk=case.pk)
        assert case.deleted_at is not None
        ct = ContentType.objects.get_for_model(ReconsiderationCase)
        last = LogEntry.objects.filter(content_type=ct, object_id=case.pk).latest("pk")
        assert last.actor_id == recon_clerk.pk and "deleted_at" in last.changes

    def test_a_status_the_batch_changed_is_refused_in_chinese(self, county, recon_clerk):
        case = self.received(county, recon_clerk)
        changed = workbook((ReconsiderationCase, [recon_row(county, act_description="罚款")]))
        result = import_workbook(changed, user=recon_clerk)
        assert result.counts["updated"] == 1, problems(result)
        case.refresh_from_db()
        recon.case_accept(case, on=D(2022, 10, 10), user=recon_clerk)
        row = result.batch.rows.get()
        row.before = {**row.before, "status": "received"}  # as if the batch had moved it
        row.save()
        result.batch.finished_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
        result.batch.save()
        with pytest.raises(RuleViolation) as exc:
            batch_rollback(result.batch, user=recon_clerk)
        assert exc.value.messages[0].startswith(f"本批次改变了“{case}”的办理状态")
        case.refresh_from_db()
        assert case.status == Status.UNDER_REVIEW and case.act_description == "罚款"
        assert CaseEvent.objects.filter(object_id=case.pk).count() == 1

    def test_a_restore_the_service_refuses_is_refused_whole_in_chinese(
        self, county, recon_clerk, make_user
    ):
        self.received(county, recon_clerk)
        changed = workbook((ReconsiderationCase, [recon_row(county, act_description="罚款")]))
        result = import_workbook(changed, user=recon_clerk)
        viewer = make_user("viewer")
        with pytest.raises(RuleViolation):
            batch_rollback(result.batch, user=viewer)
        assert ReconsiderationCase.objects.get().act_description == "罚款"
        result.batch.refresh_from_db()
        assert result.batch.rolled_back_at is None
