"""Links between rows: a child sheet names its parent by label (and identification code when
two parents share a label); parents planned earlier in the same import resolve, whatever the
order of the sheets; a parent that exists nowhere is a problem on the child's cell."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from sifa.dataio.exporter import export_workbook
from sifa.dataio.importer import import_workbook


def _rounds_and_items(village_a, county):
    from sifa.normdocs.models import CleanupItem, CleanupRound

    rounds = [
        CleanupRound.objects.create(
            region=county, title="规范性文件清理", started_on=dt.date(year, 3, 1)
        )
        for year in (2021, 2022)
    ]
    for r in rounds:
        CleanupItem.objects.create(
            region=county,
            round=r,
            kind="document",
            title=f"{r.started_on.year}年清理的文件",
            recommendation="retain",
        )
    return rounds


def _reorder(data: bytes, first: str) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.move_sheet(first, offset=-wb.sheetnames.index(first))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
class TestParentsAndChildrenInOneFile:
    def test_child_sheet_before_parent_sheet_and_same_named_parents(
        self, section_clerk, county, village_a
    ):
        from sifa.normdocs.models import CleanupItem, CleanupRound

        _rounds_and_items(village_a, county)
        data = export_workbook([(CleanupRound, None), (CleanupItem, None)], section_clerk)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        links = [row[1] for row in wb["清理事项"].iter_rows(min_row=2, values_only=True)]
        # the two rounds share a name: each link carries its round's identification code
        assert len(set(links)) == 2
        assert all(link.startswith("规范性文件清理（识别码") for link in links)
        # typed by hand: half-width brackets, capitals, a space
        cell = wb["清理事项"].cell(row=2, column=2)
        cell.value = cell.value.replace("（识别码", "(识别码 ").replace("）", ")").upper()
        out = io.BytesIO()
        wb.save(out)
        CleanupItem.all_objects.all().delete()
        CleanupRound.all_objects.all().delete()

        result = import_workbook(_reorder(out.getvalue(), "清理事项"), user=section_clerk)

        assert result.ok, [str(p) for p in result.problems]
        assert result.counts["created"] == 4
        got = sorted(
            (item.round.started_on.year, item.title)
            for item in CleanupItem.objects.select_related("round")
        )
        assert got == [(2021, "2021年清理的文件"), (2022, "2022年清理的文件")]

    def test_child_naming_a_parent_that_exists_nowhere(self, section_clerk, county, village_a):
        from sifa.normdocs.models import CleanupItem, CleanupRound

        _rounds_and_items(village_a, county)
        data = export_workbook([(CleanupRound, None), (CleanupItem, None)], section_clerk)
        CleanupItem.all_objects.all().delete()
        CleanupRound.all_objects.all().delete()
        wb = openpyxl.load_workbook(io.BytesIO(data))
        headers = [c.value for c in wb["清理事项"][1]]
        column = headers.index("清理轮次") + 1
        wb["清理事项"].cell(row=3, column=column, value="并不存在的清理")
        out = io.BytesIO()
        wb.save(out)

        result = import_workbook(out.getvalue(), user=section_clerk)

        assert not result.ok
        assert [(p.sheet, p.row, p.column) for p in result.problems] == [
            ("清理事项", 3, "清理轮次")
        ]
        assert result.problems[0].message.startswith(
            "找不到规范性文件定期清理“并不存在的清理”：系统和本文件中都没有这条记录。"
        )
        assert not CleanupRound.all_objects.exists()
        assert not CleanupItem.all_objects.exists()

    def test_same_named_parents_without_code_are_ambiguous(self, section_clerk, county, village_a):
        from sifa.normdocs.models import CleanupItem

        _rounds_and_items(village_a, county)
        data = export_workbook([(CleanupItem, None)], section_clerk)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        headers = [c.value for c in wb["清理事项"][1]]
        wb["清理事项"].cell(row=2, column=headers.index("清理轮次") + 1, value="规范性文件清理")
        out = io.BytesIO()
        wb.save(out)
        CleanupItem.all_objects.all().delete()

        result = import_workbook(out.getvalue(), user=section_clerk)

        assert [(p.row, p.column) for p in result.problems] == [(2, "清理轮次")]
        assert result.problems[0].message.startswith(
            "有2条规范性文件定期清理都叫“规范性文件清理”，无法确定是哪一条"
        )
        assert not CleanupItem.all_objects.exists()

    def test_only_the_system_or_an_administrator_imports_the_organisation(self, make_user, county):
        from sifa.core.models import Unit

        data = export_workbook([(Unit, None)], None)
        Unit.objects.filter(kind="agency").delete()
        clerk = make_user("section", lines=["normdocs"])
        result = import_workbook(data, user=clerk)
        assert "区域、机构、县情设置等基础数据只能由系统管理员导入。" in [
            p.message for p in result.problems
        ]
        assert not Unit.objects.filter(kind="agency").exists()
        assert import_workbook(data, user=make_user("admin")).ok
        assert Unit.objects.filter(kind="agency").exists()


@pytest.mark.django_db
class TestChildRowsThatAreNotRecords:
    """A committee's members have no region and no line: they follow their committee."""

    @pytest.fixture
    def committee(self, village_a):
        from sifa.mediation.models import CommitteeMember, MediationCommittee

        committee = MediationCommittee.objects.create(
            name="甲1村人民调解委员会",
            kind="village",
            region=village_a,
            term_start=dt.date(2021, 1, 1),
            term_end=dt.date(2023, 12, 31),
        )
        for name, role in (("甲主任", "chair"), ("乙委员", "member")):
            CommitteeMember.objects.create(
                committee=committee, name=name, gender="M", role=role, from_on=dt.date(2021, 1, 1)
            )
        return committee

    def _exported_then_removed(self, user):
        from sifa.mediation.models import CommitteeMember, MediationCommittee

        data = export_workbook([(MediationCommittee, None), (CommitteeMember, None)], user)
        CommitteeMember.objects.all().delete()
        MediationCommittee.all_objects.all().delete()
        return data

    def test_import_and_rollback(self, make_user, committee):
        from sifa.dataio.services import batch_rollback
        from sifa.mediation.models import CommitteeMember, MediationCommittee

        clerk = make_user("section", lines=["mediation"])
        data = self._exported_then_removed(clerk)
        result = import_workbook(_reorder(data, "调解委员会委员"), user=clerk)
        assert result.ok, [str(p) for p in result.problems]
        new = MediationCommittee.objects.get()
        assert sorted(new.members.values_list("name", flat=True)) == ["乙委员", "甲主任"]

        batch_rollback(result.batch, user=clerk)
        assert not MediationCommittee.objects.exists()
        assert not CommitteeMember.objects.exists()

    def test_members_follow_the_write_rights_on_their_committee(self, make_user, committee):
        from sifa.mediation.models import CommitteeMember

        data = self._exported_then_removed(make_user("section", lines=["mediation"]))
        other_line = make_user("section", lines=["notary"])
        result = import_workbook(data, user=other_line)
        assert not result.ok
        assert "您的账号无权录入或修改此类记录。" in [p.message for p in result.problems]
        assert not CommitteeMember.objects.exists()
