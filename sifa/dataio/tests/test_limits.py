"""Bounded import: compression bombs and oversized workbooks are refused before parsing."""

import io
import os
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sifa.dataio import limits
from sifa.dataio.importer import import_workbook
from sifa.dataio.models import ImportBatch

MB = 1024 * 1024
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(sheets, shared=None) -> bytes:
    """A valid .xlsx written part by part; a sheet (or the shared strings) is bytes or an
    iterable of byte chunks, streamed into the zip so a bomb never sits whole in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        over = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.sheet.main+xml"/>' + over + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        names = "".join(
            f'<sheet name="{title}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (title, _) in enumerate(sheets, 1)
        )
        z.writestr("xl/workbook.xml", f"<workbook {NS} {RNS}><sheets>{names}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared is not None:
            rels += (
                f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        parts = [(f"xl/worksheets/sheet{i}.xml", body) for i, (_, body) in enumerate(sheets, 1)]
        if shared is not None:
            parts.append(("xl/sharedStrings.xml", shared))
        for name, body in parts:
            with z.open(name, "w", force_zip64=True) as fh:
                for chunk in [body] if isinstance(body, bytes) else body:
                    fh.write(chunk)
    return out.getvalue()


def sheet(rows: str = "", dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"<worksheet {NS}>{dim}<sheetData>{rows}</sheetData></worksheet>".encode()


def streamed_sheet(row: bytes, total: int, head=b"", tail=b""):
    yield f"<worksheet {NS}><sheetData>".encode() + head
    block = row * (MB // len(row))
    for _ in range(total // len(block)):
        yield block
    yield tail + b"</sheetData></worksheet>"


HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>'


@pytest.fixture(scope="module")
def sheet_bomb():
    """~200 MB of sheet XML (empty styled cells) deflated to a few hundred KB."""
    cell = b'<c r="A2" s="1"/>'
    return xlsx([("活动", streamed_sheet(cell, 200 * MB))])


@pytest.fixture(scope="module")
def shared_bomb():
    """~300 MB of shared strings (one string repeated) deflated to a few hundred KB."""
    body = streamed_sheet(b"<si><t>x</t></si>", 300 * MB)
    body = (c.replace(b"<worksheet", b"<sst").replace(b"</worksheet>", b"</sst>") for c in body)
    body = (c.replace(b"<sheetData>", b"").replace(b"</sheetData>", b"") for c in body)
    rows = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return xlsx([("活动", sheet(HEADER + rows))], shared=body)


def refused(data: bytes) -> list[str]:
    """The messages of a dry run and of a real import (each must write nothing)."""
    found = []
    for dry_run in (True, False):
        result = import_workbook(data, user=None, filename="炸弹.xlsx", dry_run=dry_run)
        assert not result.ok and result.batch is None and result.annotated is None
        found.append([p.message for p in result.problems])
    assert found[0] == found[1] and len(found[0]) == 1
    assert ImportBatch.objects.count() == 0
    return found[0]


@pytest.mark.django_db
class TestRefused:
    def test_sheet_bomb_by_compression_ratio(self, sheet_bomb):
        assert len(sheet_bomb) < 2 * MB
        (message,) = refused(sheet_bomb)
        assert message.startswith("工作簿中的部件“xl/worksheets/sheet1.xml”压缩比为 ")
        assert "超过上限 100:1" in message

    def test_shared_strings_bomb_by_total_size(self, shared_bomb):
        assert len(shared_bomb) < 2 * MB
        (message,) = refused(shared_bomb)
        assert message.startswith("工作簿解压后共 300.0 MB，超过上限 256.0 MB")

    def test_too_many_sheets(self):
        data = xlsx([(f"表{i}", sheet(HEADER)) for i in range(101)])
        assert refused(data) == [
            "工作簿有 101 个工作表，超过上限 100 个，请删除不需要的工作表或分成几个文件导入。"
        ]

    def test_too_many_rows_counted_while_streaming(self, settings):
        settings.SIFA_IMPORT_LIMITS = {**settings.SIFA_IMPORT_LIMITS, "rows": 15_000}
        row = '<row r="{n}"><c r="A{n}"><v>1</v></c></row>'
        rows = HEADER + "".join(row.format(n=n) for n in range(2, 15_002))
        (message,) = refused(xlsx([("活动", sheet(rows))]))
        assert message.startswith(
            "工作簿中有数据的行已达 15001 行（数到工作表“活动”时），超过上限 15000 行"
        )

    def test_rows_of_all_sheets_add_up(self, settings):
        settings.SIFA_IMPORT_LIMITS = {**settings.SIFA_IMPORT_LIMITS, "rows": 15_000}
        row = '<row r="{n}"><c r="A{n}"><v>1</v></c></row>'
        rows = HEADER + "".join(row.format(n=n) for n in range(2, 8_001))
        (message,) = refused(xlsx([("活动", sheet(rows)), ("活动2", sheet(rows))]))
        assert (
            message.startswith("工作簿中有数据的行已达 ") and "行（数到工作表“活动2”时）" in message
        )

    def test_dimension_beyond_the_limit(self):
        data = xlsx([("活动", sheet(HEADER, dimension="A1:XFD1048576"))])
        assert refused(data) == [
            "工作表“活动”记载的范围（A1:XFD1048576）有 1048576 行，超过上限 400000 行，"
            "请删除多余的行后另存再导入，或把数据分成几个文件分别导入。"
        ]

    def test_sparse_cells_far_apart(self):
        far = '<row r="140000"><c r="IV140000"><v>1</v></c></row>'
        (message,) = refused(xlsx([("活动", sheet(HEADER + far))]))
        assert message.startswith(
            "工作簿的单元格（各工作表行数×列数）已达 35840000 个（数到工作表“活动”时）"
        )
        assert "超过上限 4000000 个" in message

    def test_too_many_columns(self):
        wide = '<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>1</v></c></row>'
        assert refused(xlsx([("活动", sheet(HEADER + wide))])) == [
            "工作表“活动”有 16384 列，超过上限 256 列，请删除多余的列后再导入。"
        ]

    def test_over_long_inline_cell(self):
        cell = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{"调" * 40000}</t></is></c></row>'
        assert refused(xlsx([("活动", sheet(HEADER + cell))])) == [
            "工作表“活动”的单元格 B2 内容长 40000 个字符，超过上限 32767 个字符，请缩短后再导入。"
        ]

    def test_over_long_cell_in_unusual_shape(self):  # no r attributes: the exact (expat) scan
        cell = f'<row><c t="inlineStr"><is><t>{"&amp;" * 40000}</t></is></c></row>'
        (message,) = refused(xlsx([("活动", sheet(HEADER + cell))]))
        assert message.startswith("工作表“活动”的单元格 第2行第1列 内容长 40000 个字符")

    def test_over_long_shared_string(self):
        shared = f"<sst {NS}><si><t>名称</t></si><si><t>{'解' * 40000}</t></si></sst>".encode()
        rows = '<row r="2"><c r="A2" t="s"><v>1</v></c></row>'
        assert refused(xlsx([("活动", sheet(HEADER + rows))], shared=shared)) == [
            "工作簿中有一段单元格文字长 40000 个字符（共享字符串第 2 条），"
            "超过上限 32767 个字符，请缩短后再导入。"
        ]

    def test_shared_string_used_in_many_cells(self):
        """One 30,000-character string in 2,000 cells is 60 million characters once read."""
        shared = f"<sst {NS}><si><t>{'解' * 30000}</t></si></sst>".encode()
        rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(2, 2002))
        (message,) = refused(xlsx([("活动", sheet(rows))], shared=shared))
        assert message.startswith("工作簿的单元格文字已达 ")
        assert "超过上限 50000000 个字符" in message

    def test_doctype_is_refused(self):
        body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet(HEADER)
        (message,) = refused(xlsx([("活动", body)]))
        assert "含有 XML 文档类型或实体声明" in message

    def test_size_in_directory_must_be_true(self):
        data = bytearray(xlsx([("活动", sheet(HEADER))]))
        z = zipfile.ZipFile(io.BytesIO(bytes(data)))
        info = z.getinfo("xl/worksheets/sheet1.xml")
        # The central directory entry's uncompressed size (offset 24 of its record) made smaller.
        at = bytes(data).find(b"xl/worksheets/sheet1.xml", data.find(b"PK\x01\x02")) - 46
        assert data[at : at + 4] == b"PK\x01\x02"
        data[at + 24 : at + 28] = (info.file_size - 10).to_bytes(4, "little")
        with pytest.raises(limits.LimitExceeded, match="实际大小与目录记载不符"):
            limits.check_workbook(bytes(data))

    def test_file_size(self):
        with pytest.raises(limits.LimitExceeded) as exc:
            limits.check_upload_size(60 * MB)
        assert str(exc.value) == (
            "文件大小为 60.0 MB，超过导入上限 50.0 MB，请把数据分成几个文件分别导入。"
        )

    def test_limits_come_from_settings(self):
        data = xlsx([(f"表{i}", sheet(HEADER)) for i in range(4)])
        with override_settings(SIFA_IMPORT_LIMITS={"sheets": 3}):
            (message,) = refused(data)
        assert message.startswith("工作簿有 4 个工作表，超过上限 3 个")


@pytest.mark.django_db
class TestStillImports:
    def test_template_passes(self, county):
        from sifa.dataio.template import template_workbook

        limits.check_workbook(template_workbook())

    def test_normal_workbook_imports(self, county):
        from sifa.dataio.tests.test_excel import book

        result = import_workbook(book([["甲1村", "宣讲会", "2022-05-10", "讲座", 30]]), user=None)
        assert result.ok, result.problems
        assert result.counts["created"] == 1

    def test_formulas_are_still_found_in_streamed_windows(self, county):
        from sifa.dataio.importer import _formula_cells

        row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{pad}</t></is></c></row>'
        rows = "".join(row.format(n=n, pad="x" * 200) for n in range(2, 20_000))
        rows += '<row r="20000"><c r="C20000"><f>1+1</f><v>2</v></c></row>'
        data = xlsx([("活动", sheet(HEADER + rows))])
        assert _formula_cells(data) == {"活动": {(20000, 2)}}

    def test_web_upload_over_the_size_limit(self, client, section_clerk, county):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sifa.dataio.tests.test_excel import book

        client.force_login(section_clerk)
        upload = SimpleUploadedFile("a.xlsx", book([["甲1村", "宣讲会", "2022-05-10", "讲座", 30]]))
        with override_settings(SIFA_IMPORT_LIMITS={"upload_bytes": 1000}):
            page = client.post("/data/import/", {"file": upload}, follow=True).content.decode()
        assert "超过导入上限 1000 字节" in page
        assert ImportBatch.objects.count() == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KB on Linux")
def test_cli_import_of_a_bomb_stays_small(tmp_path, sheet_bomb, shared_bomb):
    """`sifa import bomb.xlsx --dry-run` in a fresh process: refused, peak memory < 300 MB."""
    env = {**os.environ, "SIFA_HOME": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SIFA_DATABASE_URL", None)  # the child's own SQLite file under SIFA_HOME
    cli = [sys.executable, "-m", "sifa.cli"]
    migrated = subprocess.run(
        [*cli, "migrate"], capture_output=True, text=True, env=env, timeout=600
    )
    assert migrated.returncode == 0, migrated.stderr
    for name, data in (("sheet.xlsx", sheet_bomb), ("shared.xlsx", shared_bomb)):
        path = tmp_path / name
        path.write_bytes(data)
        # A wrapper whose only child is the import, so RUSAGE_CHILDREN is that import's own peak.
        wrapper = (
            "import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n"
            "sys.stderr.write(r.stderr)\n"
        )
        run = subprocess.run(
            [sys.executable, "-c", wrapper, *cli, "import", str(path), "--dry-run"],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        peak_kb, code = map(int, run.stdout.split())
        assert code != 0 and "Traceback" not in run.stderr
        assert "没有写入任何数据" in run.stderr
        assert "压缩比" in run.stderr or "解压后共" in run.stderr, run.stderr
        assert peak_kb < 300 * 1024, f"{name}: peak {peak_kb / 1024:.0f} MB"


@pytest.mark.django_db
class TestAnnotatedCopy:
    """A rejected file gets its annotated copy only while that stays within the memory bound;
    a larger one gets the list of problems and a note saying why there is no copy."""

    def _rejected(self, committee, user):
        from sifa.dataio.importer import import_workbook
        from sifa.dataio.tests.test_bulk_import import cases_book

        return import_workbook(cases_book(committee, 5, parties_per_case=1), user=user)

    def test_a_small_rejected_file_gets_its_copy(self, village_a, make_user):
        from sifa.mediation.tests.conftest import make_committee

        result = self._rejected(
            make_committee(village_a), make_user("section", lines=["mediation"])
        )
        assert not result.ok and result.annotated and not result.annotation_note

    def test_a_large_rejected_file_gets_the_list_and_a_note(self, village_a, make_user, settings):
        from sifa.mediation.tests.conftest import make_committee

        settings.SIFA_IMPORT_LIMITS = {**settings.SIFA_IMPORT_LIMITS, "annotate_bytes": 1024}
        result = self._rejected(
            make_committee(village_a), make_user("section", lines=["mediation"])
        )
        assert not result.ok and len(result.problems) == 5
        assert result.annotated is None
        assert "没有生成标注了错误的副本" in result.annotation_note
        # instead: every problem in a workbook, one row each (sheet, row, column, message)
        rows = list(openpyxl.load_workbook(io.BytesIO(result.error_list)).active.values)
        assert rows[0] == ("工作表", "行", "列", "问题")
        assert [tuple(r) for r in rows[1:]] == [
            (p.sheet, p.row, p.column or None, p.message) for p in result.problems
        ]

    def test_the_job_page_offers_the_list_to_download(self, client, village_a, make_user, settings):
        from sifa.dataio.models import ImportJob
        from sifa.dataio.tests.test_bulk_import import cases_book
        from sifa.mediation.tests.conftest import make_committee

        settings.SIFA_IMPORT_LIMITS = {**settings.SIFA_IMPORT_LIMITS, "annotate_bytes": 1024}
        settings.SIFA_IMPORT_RUNNER = "inline"
        clerk = make_user("section", lines=["mediation"])
        client.force_login(clerk)
        data = cases_book(make_committee(village_a), 5, parties_per_case=1)
        response = client.post(
            "/data/import/", {"file": SimpleUploadedFile("调解.xlsx", data)}, follow=True
        )
        job = ImportJob.objects.get()
        page = response.content.decode()
        assert job.status == ImportJob.Status.REFUSED
        assert "下载问题清单" in page and "下载标注了错误的工作簿" not in page
        download = client.get(f"/data/import/{job.pk}/errors.xlsx")
        assert download.status_code == 200
        rows = list(openpyxl.load_workbook(io.BytesIO(download.content)).active.values)
        assert len(rows) == 1 + job.problem_count == 6
        assert client.get(f"/data/import/{job.pk}/annotated.xlsx").status_code == 404
