"""What an import reports: its problems (sheet, row, column, Chinese message) and result, and
the rows it plans to write."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ..models import ImportBatch
from ..schema import SheetSpec


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”"
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    batch: ImportBatch | None = None
    annotated: bytes | None = None
    # Why no annotated copy was made for a rejected file (too large to annotate), or "".
    annotation_note: str = ""
    # Every problem as a workbook (sheet, row, column, message) when there is no annotated copy.
    error_list: bytes | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class Progress:
    """What an import tells as it goes: the rows it will read, each row validated, the rows it
    will write and each written. Subclasses show it (a bar on the command line, a job's
    progress on the web page); a plain callable passed as progress is told of validated rows."""

    def reading(self, total: int) -> None:
        """About `total` data rows to read (the sheets' used ranges, empty rows included)."""

    def validated(self, n: int = 1) -> None:
        """`n` more rows read and validated."""

    def writing(self, total: int) -> None:
        """The read passed: the `total` rows written as they were read (the unchanged ones
        are not written) are checked together (a parent's children) and committed."""

    def written(self, n: int) -> None:
        """`n` more rows written and committed."""


class CallableProgress(Progress):
    def __init__(self, step):
        self.step = step

    def validated(self, n: int = 1) -> None:
        self.step(n)


def as_progress(progress) -> Progress:
    if progress is None:
        return Progress()
    if isinstance(progress, Progress):
        return progress
    return CallableProgress(progress)


class Rejected(Exception):
    """The file as a whole cannot be read."""


@dataclass(slots=True)
class Planned:
    spec: SheetSpec
    obj: object
    created: bool
    before: dict | None
    row: int | None = None  # the row of the sheet, for a problem found only while writing


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: exc.messages}
