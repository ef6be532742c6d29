"""The bulk write path of an import: the same records, history and events as one save each,
in a few statements, and a batch that still rolls back as a whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifa.core import bulk
from sifa.core.audit import full_history
from sifa.core.models import Activity, ActivityType, CaseEvent
from sifa.dataio.importer import import_workbook
from sifa.dataio.importer.write import rows_digest
from sifa.dataio.models import ImportBatch, ImportedRow
from sifa.dataio.schema import SheetSpec
from sifa.dataio.services import batch_rollback
from sifa.mediation.models import CaseParty, CaseStatus, MediationCase, MediationCommittee
from sifa.mediation.tests.conftest import make_committee

N = 300


def cases_book(
    committee: MediationCommittee,
    n: int,
    *,
    summary="邻里通行纠纷",
    first=1,
    parties_per_case=2,
) -> bytes:
    """`n` accepted cases of `committee`, each with its parties on the 当事人 sheet (人民调解法:
    a dispute has at least two)."""
    spec = SheetSpec(MediationCase)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = spec.title
    ws.append(spec.headers)
    col = {c.name: i for i, c in enumerate(spec.columns)}
    party_spec = SheetSpec(CaseParty)
    party_ws = wb.create_sheet(party_spec.title)
    party_ws.append(party_spec.headers)
    party_col = {c.name: i for i, c in enumerate(party_spec.columns)}
    for k in range(first, first + n):
        for name in ("张", "李", "王")[:parties_per_case]:
            party = [None] * len(party_spec.columns)
            party[party_col["case"]] = f"调字〔2023〕第{k}号"
            party[party_col["name"]] = f"{name}{k}"
            party[party_col["kind"]] = "自然人"
            party_ws.append(party)
        row = [None] * len(spec.columns)
        row[col["region"]] = committee.region.code
        row[col["case_number"]] = f"调字〔2023〕第{k}号"
        row[col["committee"]] = str(committee)
        row[col["received_on"]] = dt.date(2023, 1, 1) + dt.timedelta(days=k % 300)
        row[col["dispute_type"]] = "邻里纠纷"
        row[col["summary"]] = summary
        row[col["amount_yuan"]] = k * 10
        row[col["status"]] = "受理"
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def committee(village_a):
    return make_committee(village_a)


@pytest.fixture
def mediation_clerk(make_user):
    return make_user("section", lines=["mediation"])


@pytest.mark.django_db
class TestBulkImport:
    def test_many_cases_are_written_with_history_and_events(self, committee, mediation_clerk):
        data = cases_book(committee, N)
        with CaptureQueriesContext(connection) as queries:
            result = import_workbook(data, user=mediation_clerk)
        assert result.ok, result.problems[:3]
        assert result.counts == {"created": 3 * N, "updated": 0, "unchanged": 0}  # 2 parties each
        # A few statements for the whole file (cases, parties, their events, the children
        # check, the batch with its row list and the audit chain's seal), not several per row.
        assert len(queries) < 75, len(queries)
        cases = list(MediationCase.objects.filter(committee=committee).order_by("pk"))
        assert len(cases) == N
        assert {c.created_by_id for c in cases} == {mediation_clerk.pk}
        assert all(c.region_id == committee.region_id for c in cases)
        assert sum(c.amount_yuan for c in cases) == sum(k * 10 for k in range(1, N + 1))
        ct = ContentType.objects.get_for_model(MediationCase)
        # The batch is the new rows' creation history: no history entry per row, one entry
        # for the batch, sealed in the audit chain with the digest of its rows and values.
        assert not LogEntry.objects.filter(content_type=ct).exists()
        (sealed,) = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ImportBatch), object_id=result.batch.pk
        )
        assert sealed.actor_id == mediation_clerk.pk and sealed.seal is not None
        assert sealed.additional_data["file_sha256"] == hashlib.sha256(data).hexdigest()
        rows = list(ImportedRow.objects.filter(batch=result.batch).order_by("pk"))
        assert sealed.additional_data["rows_sha256"] == rows_digest(rows)
        for case in (cases[0], cases[-1]):
            (one,) = full_history(case, 10)
            assert one.actor_id == mediation_clerk.pk
            assert one.action == LogEntry.Action.CREATE
            assert one.changes["case_number"] == ["None", case.case_number]
            assert one.changes["received_on"] == ["None", case.received_on.isoformat()]
        party = CaseParty.objects.filter(case=cases[-1]).order_by("pk").last()
        (one,) = full_history(party, 10)
        assert one.changes["name"] == ["None", party.name]
        events = CaseEvent.objects.filter(content_type=ct, object_id__in=[c.pk for c in cases])
        assert events.count() == N
        assert {(e.object_id, e.on, e.to_status) for e in events} == {
            (c.pk, c.received_on, CaseStatus.ACCEPTED) for c in cases
        }
        # New records are kept as runs of consecutive keys, each covering only this batch's.
        runs = list(ImportedRow.objects.filter(batch=result.batch, content_type=ct))
        assert 1 <= len(runs) < N
        assert sorted(pk for r in runs for pk in r.object_ids) == [c.pk for c in cases]

    def test_cases_without_their_parties_are_refused_on_each_case_row(
        self, committee, mediation_clerk
    ):
        from sifa.mediation.services import MSG_TOO_FEW_PARTIES

        for dry_run in (True, False):
            result = import_workbook(
                cases_book(committee, 3, parties_per_case=1), user=mediation_clerk, dry_run=dry_run
            )
            assert not result.ok
            assert {(p.sheet, p.row, p.message) for p in result.problems} == {
                ("人民调解案件", row, MSG_TOO_FEW_PARTIES) for row in (2, 3, 4)
            }, result.problems
        assert not MediationCase.objects.filter(committee=committee).exists()
        assert not CaseParty.objects.exists()

    def test_reimport_by_case_number_updates_in_place(self, committee, mediation_clerk):
        import_workbook(cases_book(committee, 20), user=mediation_clerk)
        again = import_workbook(cases_book(committee, 20), user=mediation_clerk)
        assert again.counts == {"created": 0, "updated": 0, "unchanged": 60}
        changed = import_workbook(
            cases_book(committee, 20, summary="改后的情况"), user=mediation_clerk
        )
        assert changed.counts == {"created": 0, "updated": 20, "unchanged": 40}
        assert MediationCase.objects.filter(committee=committee).count() == 20
        assert set(MediationCase.objects.values_list("summary", flat=True)) == {"改后的情况"}

    def test_rollback_of_a_bulk_batch_removes_every_case(self, committee, mediation_clerk):
        result = import_workbook(cases_book(committee, 50), user=mediation_clerk)
        batch_rollback(result.batch, user=mediation_clerk)
        assert not MediationCase.objects.filter(committee=committee).exists()
        assert MediationCase.all_objects.filter(committee=committee).count() == 50

    def test_a_rule_broken_in_one_row_writes_nothing(self, committee, mediation_clerk):
        spec = SheetSpec(MediationCase)
        wb = openpyxl.load_workbook(io.BytesIO(cases_book(committee, 30)))
        ws = wb.active
        col = 1 + [c.name for c in spec.columns].index("status")
        ws.cell(row=17, column=col, value="调解成功")  # no agreement form or date: refused
        out = io.BytesIO()
        wb.save(out)
        result = import_workbook(out.getvalue(), user=mediation_clerk)
        assert not result.ok
        assert {p.row for p in result.problems if p.sheet == spec.title} == {17}
        assert any("调解协议" in p.message for p in result.problems)
        assert not MediationCase.objects.filter(committee=committee).exists()

    def test_two_rows_sharing_a_unique_key_are_refused_with_its_message(
        self, county, section_clerk
    ):
        """One active service per ID number: a file listing the same serving officer twice
        gets the rule's own message on the second row (not the database's refusal), and
        nothing is written."""
        from sifa.enforcement.models import MSG_ONE_ACTIVE_SERVICE, Officer
        from sifa.enforcement.tests import factories

        agency = factories.agency(county)
        spec = SheetSpec(Officer)
        values = {
            "region": county.code,
            "agency": str(agency),
            "name": "王五",
            "id_number": factories.id_number(),
            "hired_on": dt.date(2021, 5, 1),
        }
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = spec.title
        ws.append(spec.headers)
        # Two services of the same person, both still running (no leaving date): the second
        # row is another service (its own start date), refused by the one-active-service rule.
        for hired_on in (dt.date(2021, 5, 1), dt.date(2022, 2, 1)):
            ws.append([{**values, "hired_on": hired_on}.get(c.name) for c in spec.columns])
        out = io.BytesIO()
        wb.save(out)
        result = import_workbook(out.getvalue(), user=section_clerk)
        assert [(p.row, p.message) for p in result.problems] == [(3, MSG_ONE_ACTIVE_SERVICE)]
        assert not Officer.objects.filter(agency=agency).exists()


@pytest.mark.django_db
class TestBulkInsert:
    def test_insert_matches_bulk_create(self, village_a):
        kind = ActivityType.objects.get(code="lecture")
        made = [
            Activity(
                region=village_a, type=kind, date=dt.date(2022, 3, d), quantities={"attendees": d}
            )
            for d in (1, 2, 3)
        ]
        out = bulk.insert(Activity, made)
        assert all(a.pk for a in out) and all(not a._state.adding for a in out)
        back = {a.pk: a for a in Activity.objects.filter(pk__in=[a.pk for a in out])}
        for a in out:
            assert back[a.pk].quantities == {"attendees": a.date.day}
            assert back[a.pk].created_at is not None
            assert back[a.pk].region_id == village_a.code

    def test_insert_rows_fills_defaults(self, village_a):
        ct = ContentType.objects.get_for_model(Activity)
        ids = bulk.insert_rows(
            CaseEvent,
            [
                {
                    "content_type_id": ct.pk,
                    "object_id": 7,
                    "to_status": "x",
                    "label": "试",
                    "on": dt.date(2022, 1, 1),
                }
            ],
        )
        event = CaseEvent.objects.get(pk=ids[0])
        assert event.note == "" and event.user_id is None and event.created_at is not None

    def test_insert_refused_by_the_database_raises_and_writes_nothing(self, committee):
        """The database stays the last guard: a row breaking a constraint stops the whole COPY."""
        from django.db import IntegrityError, transaction

        good = MediationCase(
            committee=committee,
            region=committee.region,
            received_on=dt.date(2023, 1, 2),
            dispute_type="neighbour",
        )
        bad = MediationCase(
            committee=committee,
            region=committee.region,
            received_on=dt.date(2023, 1, 2),
            dispute_type="neighbour",
            amount_yuan=-5,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            bulk.insert(MediationCase, [good, bad])
        assert not MediationCase.objects.filter(committee=committee).exists()


@pytest.mark.django_db
def test_a_re_import_loads_the_stored_records_of_its_own_rows_only(
    committee, mediation_clerk, monkeypatch
):
    """Rows are matched to stored records by key, and only the records the file's keys can
    match are read for it: in a province's installation the cost follows the file, not the
    tables. (Labels in link cells are still resolved against the clerk's own records.)"""
    from sifa.dataio.importer import SheetReader

    assert import_workbook(cases_book(committee, N), user=mediation_clerk).ok
    candidates: dict[str, list[int]] = {}
    original = SheetReader._existing

    def counted(self, rows, columns):
        found = original(self, rows, columns)
        candidates.setdefault(self.model.__name__, []).append(sum(map(len, found.values())))
        return found

    monkeypatch.setattr(SheetReader, "_existing", counted)
    # cases 1-2 again, unchanged, each with its two parties
    result = import_workbook(cases_book(committee, 2), user=mediation_clerk)
    assert result.ok, result.problems
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 6}
    assert candidates == {"MediationCase": [2], "CaseParty": [4]}
    # a new case: nothing stored can match it, its parent included
    candidates.clear()
    new = import_workbook(cases_book(committee, 1, first=N + 1), user=mediation_clerk)
    assert new.ok and new.counts["created"] == 3
    assert candidates == {"MediationCase": [0], "CaseParty": [0]}
    # a changed case is matched and updated, not created twice
    changed = cases_book(committee, 1, summary="改为土地纠纷")
    result = import_workbook(changed, user=mediation_clerk)
    assert result.ok and result.counts["updated"] == 1, result.counts
    assert MediationCase.objects.count() == N + 1
    assert MediationCase.objects.get(case_number="调字〔2023〕第1号").summary == "改为土地纠纷"


@pytest.mark.django_db
def test_the_creation_history_kept_by_the_batch_is_sealed(committee, mediation_clerk):
    """An import's new rows have their creation history in the batch; changing the values it
    keeps (or deleting part of its row list) breaks the audit chain's check."""
    from sifa.auditchain.chain import verify
    from sifa.dataio.history import MSG_BATCH_CHANGED

    result = import_workbook(cases_book(committee, 5), user=mediation_clerk)
    assert result.ok
    assert verify().broken is None
    row = ImportedRow.objects.filter(batch=result.batch, values__isnull=False).first()
    kept = row.values
    row.values = [{**kept[0], "summary": "事后改写"}, *kept[1:]]
    row.save(update_fields=["values"])
    broken = verify().broken
    assert broken is not None
    assert broken.reason == MSG_BATCH_CHANGED.format(id=result.batch.pk)
    row.values = kept
    row.save(update_fields=["values"])
    assert verify().broken is None
    row.delete()
    assert verify().broken.reason == MSG_BATCH_CHANGED.format(id=result.batch.pk)


def test_progress_counts_each_sheets_rows_from_its_declared_range(committee):
    """The progress bar's total comes from each sheet's declared used range (the sheet is not
    parsed twice for it) and is the number of data rows the reader then finds."""
    from sifa.dataio.importer.ooxml import open_workbook, sheet_heights

    data = cases_book(committee, 7, parties_per_case=3)
    heights = sheet_heights(data)
    wb = open_workbook(data)
    found = {title: wb.get_sheet_by_name(title).height - 1 for title in heights}
    assert heights == found
    assert heights[SheetSpec(MediationCase).title] == 7
    assert heights[SheetSpec(CaseParty).title] == 21
    assert sheet_heights(b"not a workbook") == {}


def test_a_sheet_is_read_from_a1_without_holding_its_rows():
    """The rows an import reads, one pass at a time, are the sheet from A1 (columns left of
    the first used one and rows above it given back as empty cells), for any layout."""
    import random

    from python_calamine import CalamineWorkbook

    from sifa.dataio.importer.ooxml import SheetRows

    rng = random.Random(16)
    for _ in range(200):
        wb = openpyxl.Workbook()
        ws = wb.active
        for _ in range(rng.randint(0, 6)):
            ws.cell(rng.randint(1, 6), rng.randint(1, 6), rng.choice(["案", 1, 2.5, None]))
        out = io.BytesIO()
        wb.save(out)
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0)
        rows = SheetRows(sheet)
        assert list(rows) == sheet.to_python(skip_empty_area=False)
        assert list(rows) == list(rows)  # read again, the same


@pytest.mark.django_db
class TestWrittenAChunkAtATime:
    """An import writes its rows a few thousand at a time as it reads them, all in one
    transaction. With a chunk of 7 rows, a small file crosses many chunk boundaries: the rules
    and the all-or-nothing promise must hold across them as they do within one."""

    @pytest.fixture(autouse=True)
    def small_chunks(self, monkeypatch):
        from sifa.dataio.importer import write

        monkeypatch.setattr(write, "CHUNK", 7)

    def test_cases_and_their_parties_land_whole_across_chunks(self, committee, mediation_clerk):
        result = import_workbook(cases_book(committee, 20), user=mediation_clerk)
        assert result.ok, result.problems[:3]
        assert result.counts == {"created": 60, "updated": 0, "unchanged": 0}
        cases = {c.case_number: c for c in MediationCase.objects.filter(committee=committee)}
        assert len(cases) == 20
        for k in range(1, 21):
            names = set(
                CaseParty.objects.filter(case=cases[f"调字〔2023〕第{k}号"]).values_list(
                    "name", flat=True
                )
            )
            assert names == {f"张{k}", f"李{k}"}
        # every new row is in the batch's row list, once
        listed = [
            (r.content_type_id, pk)
            for r in ImportedRow.objects.filter(batch=result.batch)
            for pk in r.object_ids
        ]
        assert len(listed) == len(set(listed)) == 60
        # and the whole batch rolls back, then the same file imports again as new
        batch_rollback(result.batch, user=mediation_clerk)
        assert not MediationCase.objects.filter(committee=committee).exists()
        again = import_workbook(cases_book(committee, 20), user=mediation_clerk)
        assert again.ok and again.counts["created"] == 60, again.problems[:3]

    def test_a_broken_row_in_a_later_chunk_leaves_nothing_of_the_earlier_ones(
        self, committee, mediation_clerk
    ):
        spec = SheetSpec(MediationCase)
        wb = openpyxl.load_workbook(io.BytesIO(cases_book(committee, 30)))
        col = 1 + [c.name for c in spec.columns].index("status")
        wb.active.cell(row=25, column=col, value="调解成功")  # no agreement: refused
        out = io.BytesIO()
        wb.save(out)
        dry = import_workbook(out.getvalue(), user=mediation_clerk, dry_run=True)
        real = import_workbook(out.getvalue(), user=mediation_clerk)
        assert not real.ok
        # the case's row, and its parties' rows (refused as children of a broken row)
        party_title = SheetSpec(CaseParty).title
        assert {(p.sheet, p.row) for p in real.problems} == {
            (spec.title, 25),
            (party_title, 48),
            (party_title, 49),
        }
        # the dry run finds the same problem: a passing dry run means a passing import
        assert [(p.sheet, p.row, p.message) for p in dry.problems] == [
            (p.sheet, p.row, p.message) for p in real.problems
        ]
        assert not MediationCase.objects.filter(committee=committee).exists()
        assert not CaseParty.objects.exists()
        assert not ImportBatch.objects.exists()

    def test_a_key_repeated_chunks_apart_is_refused(self, committee, mediation_clerk):
        spec = SheetSpec(MediationCase)
        wb = openpyxl.load_workbook(io.BytesIO(cases_book(committee, 20)))
        col = 1 + [c.name for c in spec.columns].index("case_number")
        first = wb.active.cell(row=2, column=col).value
        wb.active.cell(row=20, column=col, value=first)  # case 19 repeats case 1's number
        out = io.BytesIO()
        wb.save(out)
        result = import_workbook(out.getvalue(), user=mediation_clerk)
        assert not result.ok
        assert 20 in {p.row for p in result.problems if p.sheet == spec.title}, result.problems
        assert not MediationCase.objects.filter(committee=committee).exists()

    def test_a_case_whose_parties_fall_short_in_a_later_chunk_is_refused(
        self, committee, mediation_clerk
    ):
        from sifa.mediation.services import MSG_TOO_FEW_PARTIES

        party_spec = SheetSpec(CaseParty)
        wb = openpyxl.load_workbook(io.BytesIO(cases_book(committee, 20)))
        parties = wb[party_spec.title]
        parties.delete_rows(parties.max_row)  # case 20 keeps one party
        out = io.BytesIO()
        wb.save(out)
        result = import_workbook(out.getvalue(), user=mediation_clerk)
        assert {(p.sheet, p.row, p.message) for p in result.problems} == {
            (SheetSpec(MediationCase).title, 21, MSG_TOO_FEW_PARTIES)
        }, result.problems
        assert not MediationCase.objects.filter(committee=committee).exists()
