"""Bounded import: refuse a workbook that would take unbounded memory or time, before parsing it.

An .xlsx is a zip of XML parts. A few hundred KB of deflate can expand to gigabytes of XML, and
the fast reader (calamine) builds every sheet as a dense rectangle of cells in memory, copying a
shared string into every cell that uses it. So a small upload could take the server to gigabytes.
`check_workbook(data)` runs before calamine (and before any full read of a part) and refuses a
file that passes one of the limits of `settings.SIFA_IMPORT_LIMITS` (defaults in `DEFAULTS`),
with a Chinese message naming the limit and the value found:

1. the file's own size (`upload_bytes`);
2. from the zip's end-of-central-directory record, read by hand before `zipfile` builds its list
   of entries: the number of entries (`members`);
3. from the central directory (`ZipInfo.file_size` / `compress_size`, nothing decompressed): the
   total uncompressed size (`uncompressed_bytes`), each part's compression ratio
   (`compression_ratio`, for parts above `ratio_floor_bytes`), the size of each XML part that is
   neither a sheet nor the shared strings (`part_bytes`); only stored or deflated, unencrypted
   parts are accepted (all Excel and WPS write);
4. every part is then inflated here in 1 MiB steps, never past its declared size (a part whose
   real size differs from the directory is refused), and the XML of the sheets and of the shared
   strings is streamed through expat, which never holds a part (nor one text) in memory; DOCTYPE
   and entity declarations are refused. From it: the number of sheets (`sheets`); the shared
   strings' count (`shared_strings`) and the length of each (`cell_chars`); per sheet the
   `<dimension ref>` and the real extent of the cells that hold a value: rows (`rows`, summed
   over the sheets), columns (`columns`), cells as the reader lays them out, rows x columns
   (`cells`, summed), the length of every cell (`cell_chars`) and all text with each shared
   string counted once per cell that uses it (`text_chars`).

Memory bound. The check holds the file (at most `upload_bytes`), one window of inflated XML
(1 MiB, at most 8 MiB when a cell straddles windows), expat's state (no unfinished tag, comment or
text run over 4 MiB is let in), 4 bytes per shared string (at most `shared_strings`) and
workbook.xml with its relations (each at most `part_bytes`): so a refused file costs the process
at most about 50 + 8 + 4 + 32 MB over its own size, whatever it expands to, and at most
`uncompressed_bytes` of inflating (a few seconds). Measured: `sifa import bomb.xlsx --dry-run` of
a 498 KB workbook holding 200 MB of sheet XML peaks at 95 MB (test_limits asserts < 300 MB for
it and a 300 MB shared-strings bomb). A file that passes holds at most `rows` rows, `cells`
cells (rows x columns, the reader's dense layout) and `text_chars` characters of text, so what
the reader and the validated rows take is bounded by those: the 100,000-row benchmark workbook
(1.6 M cells, 6.6 M characters) peaks at 397 MB in a valid dry run.
"""

from __future__ import annotations

import io
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from array import array
from dataclasses import dataclass
from xml.sax.saxutils import unescape as xml_unescape

from django.conf import settings

MiB = 1024 * 1024

DEFAULTS = {
    "upload_bytes": 50 * MiB,  # the file itself; nginx in front allows 50 MB
    "members": 1000,  # zip entries (the template has 60)
    "uncompressed_bytes": 256 * MiB,  # all parts together (100,000-row benchmark: 66 MB)
    "compression_ratio": 100,  # per part (benchmark sheet: 14:1)
    "ratio_floor_bytes": 1 * MiB,  # parts smaller than this are not judged by ratio
    "part_bytes": 16 * MiB,  # any XML part other than a sheet or the shared strings
    "sheets": 100,  # the template has 52
    "rows": 400_000,  # rows holding values, summed over the sheets (benchmark: 300,002)
    "columns": 256,  # per sheet (the widest template sheet has 37)
    "cells": 4_000_000,  # rows x columns as read, summed over the sheets (benchmark: 1.6 M)
    "cell_chars": 32_767,  # one cell or shared string (Excel's own limit)
    "shared_strings": 1_000_000,
    # A rejected file gets an annotated copy only while its sheets' XML stays under this
    # (openpyxl holds about 15 times the XML); larger ones get the list of problems alone.
    "annotate_bytes": 20 * 1024 * 1024,
    "text_chars": 50_000_000,  # all cell text, a shared string once per use (benchmark: 6.6 M)
}

STEP = MiB  # bytes inflated and parsed at a time

MSG_FILE_SIZE = "文件大小为 {value}，超过导入上限 {limit}，请把数据分成几个文件分别导入。"
MSG_MEMBERS = (
    "工作簿内部有 {value} 个部件，超过上限 {limit} 个，文件异常；"
    "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
)
MSG_UNCOMPRESSED = (
    "工作簿解压后共 {value}，超过上限 {limit}；"
    "请删除不需要的工作表、空行和格式，或把数据分成几个文件分别导入。"
)
MSG_RATIO = (
    "工作簿中的部件“{member}”压缩比为 {value}:1，超过上限 {limit}:1，"
    "文件异常（可能是恶意构造的“压缩炸弹”），已拒绝导入；如确为正常文件，"
    "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
)
MSG_PART = (
    "工作簿中的部件“{member}”解压后为 {value}，超过上限 {limit}，文件异常；"
    "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
)
MSG_SHEETS = (
    "工作簿有 {value} 个工作表，超过上限 {limit} 个，请删除不需要的工作表或分成几个文件导入。"
)
MSG_ROWS = (
    "工作簿中有数据的行已达 {value} 行（数到工作表“{sheet}”时），超过上限 {limit} 行，"
    "请把数据分成几个文件分别导入（每个文件合计不超过 {limit} 行）。"
)
MSG_DIMENSION_ROWS = (
    "工作表“{sheet}”记载的范围（{ref}）有 {value} 行，超过上限 {limit} 行，"
    "请删除多余的行后另存再导入，或把数据分成几个文件分别导入。"
)
MSG_COLUMNS = "工作表“{sheet}”有 {value} 列，超过上限 {limit} 列，请删除多余的列后再导入。"
MSG_CELLS = (
    "工作簿的单元格（各工作表行数×列数）已达 {value} 个（数到工作表“{sheet}”时），"
    "超过上限 {limit} 个，请删除多余的行、列，或把数据分成几个文件分别导入。"
)
MSG_CELL_CHARS = (
    "工作表“{sheet}”的单元格 {cell} 内容长 {value} 个字符，超过上限 {limit} 个字符，"
    "请缩短后再导入。"
)
MSG_STRING_CHARS = (
    "工作簿中有一段单元格文字长 {value} 个字符（共享字符串第 {index} 条），"
    "超过上限 {limit} 个字符，请缩短后再导入。"
)
MSG_RUN = (
    "工作簿中的部件“{member}”有一段超过 {value} 的连续内容（单元格或标记过长），"
    "超过单元格上限 {limit} 个字符，请缩短后再导入。"
)
MSG_SHARED_STRINGS = (
    "工作簿中不同的文字共 {value} 条，超过上限 {limit} 条，请把数据分成几个文件分别导入。"
)
MSG_TEXT = (
    "工作簿的单元格文字已达 {value} 个字符（数到工作表“{sheet}”时），超过上限 {limit} 个字符"
    "，请把数据分成几个文件分别导入。"
)
MSG_BROKEN = (
    "工作簿的内部结构异常（{detail}），已拒绝导入；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
)


class LimitExceeded(Exception):
    """The workbook passes a limit; the message is for the user."""


def limits() -> dict:
    return {**DEFAULTS, **getattr(settings, "SIFA_IMPORT_LIMITS", {})}


def size_text(n: int) -> str:
    if n >= MiB:
        return f"{n / MiB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} 字节"


def check_upload_size(size: int, lim: dict | None = None) -> None:
    lim = lim or limits()
    if size > lim["upload_bytes"]:
        raise LimitExceeded(
            MSG_FILE_SIZE.format(value=size_text(size), limit=size_text(lim["upload_bytes"]))
        )


# --- the zip's directory ---------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"


def _directory_entries(data: bytes) -> tuple[int, int] | None:
    """(entries, central directory size) from the end record, without building the list."""
    tail_start = max(0, len(data) - (22 + 65535))
    at = data.rfind(_EOCD, tail_start)
    if at < 0 or at + 22 > len(data):
        return None
    entries, size = struct.unpack_from("<HI", data, at + 10)
    if entries == 0xFFFF or size == 0xFFFFFFFF:
        loc = at - 20
        if loc >= 0 and data[loc : loc + 4] == _ZIP64_LOCATOR:
            (offset,) = struct.unpack_from("<Q", data, loc + 8)
            if offset + 56 <= len(data) and data[offset : offset + 4] == _ZIP64_EOCD:
                entries, size = struct.unpack_from("<QQ", data, offset + 32)
    return entries, size


def _raw(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of a part, located from its local header."""
    at = info.header_offset
    if data[at : at + 4] != b"PK\x03\x04":
        raise LimitExceeded(MSG_BROKEN.format(detail=f"部件“{info.filename}”的位置不正确"))
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    start = at + 30 + name_len + extra_len
    if start + info.compress_size > len(data):
        raise LimitExceeded(MSG_BROKEN.format(detail=f"部件“{info.filename}”不完整"))
    return memoryview(data)[start : start + info.compress_size]


def _inflate(data: bytes, info: zipfile.ZipInfo):
    """A part's bytes in steps of at most STEP, never past its declared size."""
    raw = _raw(data, info)
    wrong = MSG_BROKEN.format(detail=f"部件“{info.filename}”的实际大小与目录记载不符")
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise LimitExceeded(wrong)
        for at in range(0, len(raw), STEP):
            yield bytes(raw[at : at + STEP])
        return
    inflater = zlib.decompressobj(-15)
    pos = out = 0
    try:
        while True:
            if inflater.unconsumed_tail:
                chunk = inflater.unconsumed_tail
            else:
                chunk = bytes(raw[pos : pos + STEP])
                pos += len(chunk)
            piece = inflater.decompress(chunk, STEP)
            out += len(piece)
            if out > info.file_size:  # at most one step past the declared size, then refused
                raise LimitExceeded(wrong)
            if piece:
                yield piece
            if inflater.eof or (not piece and not inflater.unconsumed_tail and pos >= len(raw)):
                break
    except zlib.error:
        raise LimitExceeded(MSG_BROKEN.format(detail=f"部件“{info.filename}”无法解压")) from None
    if out != info.file_size or not inflater.eof:
        raise LimitExceeded(wrong)


_CELL_START = re.compile(rb"<(?:\w+:)?c[\s>/]")


def windows(data: bytes, info: zipfile.ZipInfo, cap: int = 8 * MiB):
    """A sheet's XML in windows of about STEP bytes, each cut just before a cell's start, so a
    regular expression over one cell sees it whole. A window is at most cap bytes (a cell
    longer than that is split; check_workbook refuses such a cell first)."""
    carry = b""
    for piece in _inflate(data, info):
        buf = carry + piece
        cut = max(buf.rfind(b"<c "), buf.rfind(b"<c>"))
        if cut <= 0:  # cells with a namespace prefix (<x:c ...>)
            tail = max(0, len(buf) - 65536)
            cut = max((m.start() for m in _CELL_START.finditer(buf, tail)), default=-1)
        if cut <= 0 and len(buf) < cap:
            carry = buf
            continue
        if cut <= 0:
            cut = len(buf)
        yield buf[:cut]
        carry = buf[cut:]
    if carry:
        yield carry


# --- streamed XML ----------------------------------------------------------------------------


_LOCAL: dict[str, str] = {}


def _local(name: str) -> str:
    """An element's name without its namespace prefix (x:c → c), cached for speed."""
    local = name.rpartition(":")[2]
    if len(_LOCAL) < 1000:
        _LOCAL[name] = local
    return local


def _refuse_dtd(*_args):
    raise LimitExceeded(MSG_BROKEN.format(detail="含有 XML 文档类型或实体声明"))


def _parse(data: bytes, info: zipfile.ZipInfo, start, end=None, text=None, lim=None) -> None:
    """Stream one part through expat with the given handlers (local element names)."""
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = start  # handlers get the raw name: _LOCAL.get(n) or _local(n)
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    # expat holds an unfinished tag, a comment or a processing instruction in memory (text and
    # CDATA it streams): refuse a run of more than run_cap bytes without a '<' (an attribute
    # value cannot hold one; Excel's longest cell is 32,767 characters), any comment, and any
    # processing instruction but the leading <?xml ...?>.
    run_cap = max(4 * MiB, 16 * lim["cell_chars"])
    since_open, carry, first = 0, b"", True
    try:
        for piece in _inflate(data, info):
            last = piece.rfind(b"<")
            since_open = len(piece) - 1 - last if last >= 0 else since_open + len(piece)
            if since_open > run_cap:
                raise LimitExceeded(
                    MSG_RUN.format(
                        member=info.filename, value=size_text(run_cap), limit=lim["cell_chars"]
                    )
                )
            probe = carry + piece
            skip = 0
            if first:
                lead = len(probe) - len(probe.lstrip(b"\xef\xbb\xbf \t\r\n"))
                skip = lead + 2 if probe.startswith(b"<?", lead) else 0
                first = False
            if b"<!--" in probe or probe.find(b"<?", skip) >= 0:
                raise LimitExceeded(
                    MSG_BROKEN.format(detail=f"部件“{info.filename}”含有 XML 注释或处理指令")
                )
            carry = piece[-3:]
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError:
        raise LimitExceeded(
            MSG_BROKEN.format(detail=f"部件“{info.filename}”不是有效的 XML")
        ) from None


def _small_part(data: bytes, z: zipfile.ZipFile, name: str) -> str:
    info = z.getinfo(name)
    return b"".join(_inflate(data, info)).decode("utf-8", "replace")


def _sheets(data: bytes, z: zipfile.ZipFile, names: set[str]) -> tuple[list, str | None]:
    """[(title, part)] in book order, and the shared strings part, from workbook.xml and rels."""
    book = _small_part(data, z, "xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _small_part(data, z, rels_name) if rels_name in names else ""
    targets, shared = {}, None
    for rel in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]+)"', rel)
        target = re.search(r'\bTarget="([^"]+)"', rel)
        if not (rid and target):
            continue
        path = target.group(1)
        path = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
        targets[rid.group(1)] = path
        if re.search(r'\bType="[^"]*/sharedStrings"', rel):
            shared = path
    if shared not in names:
        shared = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None
    sheets = []
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        title = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]+)"', tag)
        title = xml_unescape(title.group(1), {"&quot;": '"', "&apos;": "'"}) if title else ""
        sheets.append((title, targets.get(rid.group(1)) if rid else None))
    return sheets, shared


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _ref(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref)
    return (int(m.group(2)), _column(m.group(1))) if m else None


@dataclass
class Totals:
    rows: int = 0
    cells: int = 0
    text: int = 0


def _shared_lengths(data: bytes, info: zipfile.ZipInfo, lim: dict) -> array:
    """The length in characters of every shared string (4 bytes each, at most the limit's)."""
    lengths = array("I")
    st = {"in_si": False, "in_t": 0, "n": 0, "count": 0}

    def start(name, attrs):
        name = _LOCAL.get(name) or _local(name)
        if name == "si":
            st["in_si"], st["n"] = True, 0
        elif name == "t" and st["in_si"]:
            st["in_t"] += 1

    def end(name):
        name = _LOCAL.get(name) or _local(name)
        if name == "si":
            st["in_si"] = False
            st["count"] += 1
            if st["n"] > lim["cell_chars"]:
                raise LimitExceeded(
                    MSG_STRING_CHARS.format(
                        value=st["n"], index=st["count"], limit=lim["cell_chars"]
                    )
                )
            if st["count"] <= lim["shared_strings"]:
                lengths.append(st["n"])
        elif name == "t" and st["in_t"]:
            st["in_t"] -= 1

    def text(chunk):
        if st["in_t"]:
            st["n"] += len(chunk)

    _parse(data, info, start, end, text, lim)
    if st["count"] > lim["shared_strings"]:  # counted to the end, holding no more than the limit
        raise LimitExceeded(
            MSG_SHARED_STRINGS.format(value=st["count"], limit=lim["shared_strings"])
        )
    return lengths


_COLUMNS: dict[str, int] = {}


def _column_of(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    if len(_COLUMNS) < 20000:
        _COLUMNS[letters] = n
    return n


def _scan_sheet_exact(data, info, title, lim, totals: Totals, shared: array) -> None:
    """Rows, columns, cells and text of one sheet, streamed; raises at the first limit passed.

    A cell counts when it holds a value (<v> or inline <t>): the template's styled empty cells
    do not, as the reader skips them too. Written for speed (one call per element).
    """
    cap, max_rows, max_cols, max_text = (
        lim["cell_chars"],
        lim["rows"] - totals.rows,
        lim["columns"],
        lim["text_chars"],
    )
    row = col = top = right = length = 0
    kind, index, ref = "n", "", ""
    in_text = valued = False
    digits = "0123456789"

    def start(name, attrs):
        nonlocal row, col, kind, index, ref, in_text, valued, length
        if name != "c" and name != "v" and name != "row" and name != "t":
            name = _LOCAL.get(name) or _local(name)
        if name == "c":
            ref = attrs.get("r", "")
            letters = ref.rstrip(digits)
            if letters and len(letters) < len(ref) and letters.isalpha():
                col = _COLUMNS.get(letters) or _column_of(letters)
                row = int(ref[len(letters) :])
            else:
                col += 1
                ref = f"第{row}行第{col}列"
            kind = attrs.get("t", "n")
            length, index, valued = 0, "", False
        elif name == "v" or name == "t":
            in_text = valued = True
        elif name == "row":
            r = attrs.get("r", "")
            row = int(r) if r.isdigit() else row + 1
            col = 0
        elif name == "dimension":
            corner = _ref(attrs.get("ref", "").rpartition(":")[2])
            if corner:
                if corner[0] > lim["rows"]:
                    raise LimitExceeded(
                        MSG_DIMENSION_ROWS.format(
                            sheet=title, ref=attrs["ref"], value=corner[0], limit=lim["rows"]
                        )
                    )
                if corner[1] > max_cols:
                    raise LimitExceeded(
                        MSG_COLUMNS.format(sheet=title, value=corner[1], limit=max_cols)
                    )

    def end(name):
        nonlocal top, right, in_text
        if name == "v" or name == "t":
            in_text = False
            return
        if name != "c":
            if _LOCAL.get(name, name) != "c" and _local(name) != "c":
                return
        if not valued:
            return
        if row > top:
            if row > max_rows:
                raise LimitExceeded(
                    MSG_ROWS.format(value=totals.rows + row, sheet=title, limit=lim["rows"])
                )
            top = row
        if col > right:
            if col > max_cols:
                raise LimitExceeded(MSG_COLUMNS.format(sheet=title, value=col, limit=max_cols))
            right = col
        if kind == "s":
            try:
                n = shared[int(index)]
            except (ValueError, IndexError):
                n = 0
        elif kind == "inlineStr" or kind == "str":
            n = length
        else:
            n = 0
        if length > cap and kind != "s":
            raise LimitExceeded(
                MSG_CELL_CHARS.format(sheet=title, cell=ref, value=length, limit=cap)
            )
        if n:
            totals.text += n
            if totals.text > max_text:
                raise LimitExceeded(MSG_TEXT.format(value=totals.text, sheet=title, limit=max_text))

    def text(chunk):
        nonlocal length, index
        if in_text:
            length += len(chunk)
            if kind == "s" and len(index) < 12:
                index += chunk.strip()

    _parse(data, info, start, end, text, lim)
    totals.rows += top
    totals.cells += top * right
    if totals.cells > lim["cells"]:
        raise LimitExceeded(MSG_CELLS.format(value=totals.cells, sheet=title, limit=lim["cells"]))


# The usual shape: every cell starts `<c r="A1"`; any other cell start sends the sheet to the
# exact scan.
_VALUED = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>(?!</c>)')
_NO_REF = re.compile(rb'<c(?! r=")[\s>/]')
_SHARED_REF = re.compile(rb'<c [^>]*?\bt="s"[^>]*>\s*<v>\s*(\d{1,12})\s*</v>')
_INLINE = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_STR_VALUE = re.compile(rb'<c [^>]*?\bt="str"[^>]*>(?:<f[^>]*?(?:/>|>[^<]*</f>))?<v>([^<]*)</v>')
_ENTITY = re.compile(rb"&#?\w{1,10};")
_DIMENSION = re.compile(rb'<dimension\s+ref="([^"]*)"')


def _chars(raw: bytes) -> int:
    """Characters of XML text: UTF-8 decoded, each entity reference one character."""
    entities = _ENTITY.findall(raw)
    return len(raw.decode("utf-8", "replace")) - sum(map(len, entities)) + len(entities)


def _cell_before(part: bytes, raw: bytes) -> str:
    """The reference of the cell a text belongs to (the last `<c r=` before it)."""
    at = part.find(raw)
    start = part.rfind(b'<c r="', 0, at)
    if start < 0:
        return "（见该工作表）"
    end = part.find(b'"', start + 6)
    return part[start + 6 : end].decode("ascii", "replace")


class _Unusual(Exception):
    """The sheet is not in the usual shape (prefixed names, cells without r): scan it exactly."""


def _scan_sheet_fast(data, info, title, lim, totals: Totals, shared: array) -> None:
    """The same counts as _scan_sheet_exact by regular expressions over windows of the XML, for
    the usual shape Excel, WPS and openpyxl write (unprefixed, every cell with its r); an order of
    magnitude faster. Inline text is counted per window (entities as one character)."""
    cap, top, right, first = lim["cell_chars"], 0, 0, True
    long_run = re.compile(rb">([^<]{%d,})<" % (cap + 1))
    columns: set[bytes] = set()
    for part in windows(data, info):
        if first:
            first = False
            if b"<worksheet" not in part[:4096]:
                raise _Unusual
            if b"<!DOCTYPE" in part[: part.find(b"<worksheet")]:
                _refuse_dtd()
            dim = _DIMENSION.search(part)
            corner = (
                _ref(dim.group(1).decode("ascii", "replace").rpartition(":")[2]) if dim else None
            )
            if corner and corner[0] > lim["rows"]:
                raise LimitExceeded(
                    MSG_DIMENSION_ROWS.format(
                        sheet=title, ref=dim.group(1).decode(), value=corner[0], limit=lim["rows"]
                    )
                )
            if corner and corner[1] > lim["columns"]:
                raise LimitExceeded(
                    MSG_COLUMNS.format(sheet=title, value=corner[1], limit=lim["columns"])
                )
        if _NO_REF.search(part):
            raise _Unusual
        valued = _VALUED.findall(part)
        if valued:
            cols, rows = zip(*valued, strict=True)
            top = max(top, max(map(int, rows)))
            if totals.rows + top > lim["rows"]:
                raise LimitExceeded(
                    MSG_ROWS.format(value=totals.rows + top, sheet=title, limit=lim["rows"])
                )
            new = set(cols) - columns
            if new:
                columns |= new
                right = max(right, *(_column(c.decode()) for c in new))
                if right > lim["columns"]:
                    raise LimitExceeded(
                        MSG_COLUMNS.format(sheet=title, value=right, limit=lim["columns"])
                    )
        texts = _INLINE.findall(part)
        if b't="str"' in part:
            texts += _STR_VALUE.findall(part)
        for raw in long_run.findall(part):  # a text node longer than the limit in bytes
            if _chars(raw) > cap:
                raise LimitExceeded(
                    MSG_CELL_CHARS.format(
                        sheet=title, cell=_cell_before(part, raw), value=_chars(raw), limit=cap
                    )
                )
        n = _chars(b"".join(texts)) if texts else 0
        indices = _SHARED_REF.findall(part) if b't="s"' in part else ()
        if indices:
            size = len(shared)
            n += sum(shared[i] for i in map(int, indices) if i < size)
        totals.text += n
        if totals.text > lim["text_chars"]:
            raise LimitExceeded(
                MSG_TEXT.format(value=totals.text, sheet=title, limit=lim["text_chars"])
            )
    totals.rows += top
    totals.cells += top * right
    if totals.cells > lim["cells"]:
        raise LimitExceeded(MSG_CELLS.format(value=totals.cells, sheet=title, limit=lim["cells"]))


def _scan_sheet(data, info, title, lim, totals: Totals, shared: array) -> None:
    before = Totals(totals.rows, totals.cells, totals.text)
    try:
        _scan_sheet_fast(data, info, title, lim, totals, shared)
    except _Unusual:
        totals.rows, totals.cells, totals.text = before.rows, before.cells, before.text
        _scan_sheet_exact(data, info, title, lim, totals, shared)


# --- the whole check -------------------------------------------------------------------------


def check_workbook(data: bytes, lim: dict | None = None) -> None:
    """Raise LimitExceeded (Chinese message) if the workbook passes a limit; see the docstring.

    A file that is not a zip at all is left to the caller (its own "not an .xlsx" message).
    """
    lim = lim or limits()
    check_upload_size(len(data), lim)
    directory = _directory_entries(data)
    if directory is None:
        return
    entries, cd_size = directory
    if entries > lim["members"] or cd_size > lim["members"] * 1024:
        raise LimitExceeded(MSG_MEMBERS.format(value=entries, limit=lim["members"]))
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return  # not a zip: the caller's message
    with z:
        infos = z.infolist()
        if len(infos) > lim["members"]:
            raise LimitExceeded(MSG_MEMBERS.format(value=len(infos), limit=lim["members"]))
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            return
        total = sum(i.file_size for i in infos)
        if total > lim["uncompressed_bytes"]:
            raise LimitExceeded(
                MSG_UNCOMPRESSED.format(
                    value=size_text(total), limit=size_text(lim["uncompressed_bytes"])
                )
            )
        for i in infos:
            if i.flag_bits & 0x1:
                raise LimitExceeded(MSG_BROKEN.format(detail=f"部件“{i.filename}”已加密"))
            if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise LimitExceeded(
                    MSG_BROKEN.format(detail=f"部件“{i.filename}”使用了不支持的压缩方式")
                )
            if i.file_size > lim["ratio_floor_bytes"]:
                ratio = i.file_size / max(i.compress_size, 1)
                if ratio > lim["compression_ratio"]:
                    raise LimitExceeded(
                        MSG_RATIO.format(
                            member=i.filename, value=f"{ratio:.0f}", limit=lim["compression_ratio"]
                        )
                    )
        for i in infos:
            if (
                i.filename.endswith((".xml", ".rels"))
                and "worksheets/" not in i.filename
                and not i.filename.endswith("sharedStrings.xml")
                and i.file_size > lim["part_bytes"]
            ):
                raise LimitExceeded(
                    MSG_PART.format(
                        member=i.filename,
                        value=size_text(i.file_size),
                        limit=size_text(lim["part_bytes"]),
                    )
                )
        sheets, shared_name = _sheets(data, z, names)
        if len(sheets) > lim["sheets"]:
            raise LimitExceeded(MSG_SHEETS.format(value=len(sheets), limit=lim["sheets"]))
        shared = _shared_lengths(data, z.getinfo(shared_name), lim) if shared_name else array("I")
        totals = Totals()
        scanned = {shared_name}
        for title, part in sheets:
            if part in names and part not in scanned:
                scanned.add(part)
                _scan_sheet(data, z.getinfo(part), title, lim, totals, shared)
        for i in infos:  # the rest: their real size must be the declared one
            if i.filename not in scanned:
                for _ in _inflate(data, i):
                    pass
