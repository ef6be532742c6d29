"""Round trip (issue 6): exporting everything and importing it into an empty installation
reproduces the same records and the same 90 figures.

The demo county is built once for the module; the system (user None) exports it, the database
is then reduced to what `migrate` leaves (the activity catalogue), and the workbook is imported
by the system. Sealed minors' files never leave the system, so they cannot come back: the
records expected after the trip are the demo's minus those files, and the figures they change
are checked to be community-correction figures only.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import openpyxl
import pytest
from django.db import transaction

from sifa.core.models import CaseEvent, Region
from sifa.dataio.exporter import export_all
from sifa.dataio.importer import import_workbook
from sifa.dataio.schema import organisation_models, sheet_models
from sifa.reports.services import figures_payload

YEAR = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
EARLIER = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


def snapshot(exported: bytes | None = None) -> dict:
    """Counts per type, every record as the export writes it (links by label and code, not
    by primary key), and the figures of the county year, a township's year and an earlier year."""
    from sifa.correction.models import Subject

    township = Region.objects.filter(level=4).order_by("code").first()
    counts = {m._meta.label: m._default_manager.count() for m in sheet_models()}
    exported = exported if exported is not None else export_all(None)
    wb = openpyxl.load_workbook(io.BytesIO(exported), read_only=True)
    rows = {
        ws.title: sorted(
            json.dumps(row, default=str, ensure_ascii=False)
            for row in ws.iter_rows(values_only=True)
        )
        for ws in wb.worksheets
    }
    wb.close()
    return {
        "counts": counts,
        "rows": rows,
        "sealed": Subject.objects.filter(is_minor=True).count(),
        "figures": {
            "county 2022": figures_payload(*YEAR),
            "township 2022": figures_payload(*YEAR, township),
            "county 2021": figures_payload(*EARLIER),
        },
    }


def delete_sealed_files() -> None:
    """What the export leaves behind by rule: sealed minors' files (subject and file records)."""
    from sifa.correction.models import Subject

    sealed = Subject.all_objects.filter(is_minor=True)
    for model in reversed(sheet_models()):
        if any(f.is_relation and f.related_model is Subject for f in model._meta.concrete_fields):
            model._base_manager.filter(subject__in=sealed).delete()
    sealed.delete()


def empty_installation() -> None:
    """Reduce the database to what `migrate` leaves: no business row, no region, unit, county
    profile, account or history; the activity catalogue (a data migration) stays."""
    from auditlog.models import LogEntry

    from sifa.accounts.models import User
    from sifa.core.models import CaseNumberSequence
    from sifa.dataio.models import ImportBatch

    ImportBatch.objects.all().delete()
    CaseEvent.objects.all().delete()
    CaseNumberSequence.objects.all().delete()  # numbering state, rebuilt by the import
    User.objects.all().delete()
    for model in reversed(sheet_models()):
        manager = model._base_manager
        for f in model._meta.concrete_fields:  # a renewal's original, a unit's parent unit
            if f.is_relation and f.null and f.related_model is model._meta.concrete_model:
                manager.update(**{f.name: None})
        manager.all().delete()
    LogEntry.objects.all().delete()


@pytest.fixture(scope="module")
def trip(django_db_setup, django_db_blocker):
    """The demo county exported, the installation emptied, the workbook imported."""
    from sifa.core import demo
    from sifa.correction.models import Subject

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo.build()
            subjects = Subject.objects.values_list("id_number", "is_minor")
            sealed_ids = [number for number, minor in subjects if minor]
            open_ids = [number for number, minor in subjects if not minor]
            started = time.monotonic()
            data = export_all(None)
            exported = time.monotonic() - started
            with_sealed = snapshot(data)
            delete_sealed_files()
            before = snapshot()
            empty_installation()
            emptied = {m._meta.label: m._default_manager.count() for m in sheet_models()}
            started = time.monotonic()
            result = import_workbook(data, user=None, filename="全部.xlsx")
            imported = time.monotonic() - started
            print(f"round trip: export {exported:.1f} s, import {imported:.1f} s")
            after = snapshot() if result.ok else None
            yield {
                "data": data,
                "sealed_ids": sealed_ids,
                "open_ids": open_ids,
                "with_sealed": with_sealed,
                "before": before,
                "emptied": emptied,
                "result": result,
                "after": after,
                "seconds": {"export": exported, "import": imported},
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
class TestRoundTrip:
    def test_the_installation_was_empty_before_the_import(self, trip):
        assert not any(trip["emptied"].values())

    def test_import_succeeds(self, trip):
        result = trip["result"]
        assert result.ok, [str(p) for p in result.problems[:20]]
        assert result.counts["created"] == sum(trip["before"]["counts"].values())
        assert result.counts["updated"] == result.counts["unchanged"] == 0

    def test_same_records_per_type(self, trip):
        assert trip["after"]["counts"] == trip["before"]["counts"]
        # the child tables that had no sheet before are in the demo and made the trip
        for label in (
            "mediation.CaseParty",
            "mediation.CommitteeMember",
            "correction.TeamMember",
            "normdocs.CleanupItem",
            "plans.PlanProgress",
        ):
            assert trip["before"]["counts"][label] > 0, label

    def test_same_field_values_per_record(self, trip):
        before, after = trip["before"]["rows"], trip["after"]["rows"]
        assert sorted(after) == sorted(before)
        for title in before:
            assert after[title] == before[title], title

    def test_same_figures(self, trip):
        for scope, payload in trip["before"]["figures"].items():
            assert len(payload["figures"]) == 90
            assert trip["after"]["figures"][scope] == payload, scope

    def test_importing_the_same_file_again_changes_nothing(self, trip):
        again = import_workbook(trip["data"], user=None, dry_run=True)
        assert again.ok, [str(p) for p in again.problems[:20]]
        assert again.counts == {
            "created": 0,
            "updated": 0,
            "unchanged": sum(trip["before"]["counts"].values()),
        }

    def test_organisation_sheets_come_first(self, trip):
        titles = openpyxl.load_workbook(io.BytesIO(trip["data"]), read_only=True).sheetnames
        organisation = [str(m._meta.verbose_name_plural) for m in organisation_models()]
        present = [t for t in organisation if t in titles]
        assert titles[: len(present)] == present
        assert "行政区域" in present and "机构" in present and "县情设置" in present

    def test_sealed_files_did_not_leave_and_are_all_that_is_missing(self, trip):
        from sifa.correction.models import Subject

        with_sealed, before = trip["with_sealed"], trip["before"]
        assert with_sealed["sealed"] > 0  # the demo has sealed files: the rule is exercised
        assert before["sealed"] == 0
        assert with_sealed["rows"] == before["rows"]  # the export was the same without them
        lost = {label for label, n in with_sealed["counts"].items() if n != before["counts"][label]}
        assert lost and all(label.startswith("correction.") for label in lost)
        changed = {
            figure
            for scope, payload in with_sealed["figures"].items()
            for figure, value in payload["figures"].items()
            if before["figures"][scope]["figures"][figure] != value
        }
        assert all(figure.startswith("correction.") for figure in changed)
        wb = openpyxl.load_workbook(io.BytesIO(trip["data"]), read_only=True)
        cells = {
            cell
            for row in wb[str(Subject._meta.verbose_name_plural)].iter_rows(values_only=True)
            for cell in row
        }
        assert trip["sealed_ids"] and not cells & set(trip["sealed_ids"])
        assert cells & set(trip["open_ids"])  # full ID numbers: the system export
