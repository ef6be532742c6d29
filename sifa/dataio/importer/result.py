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
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class Rejected(Exception):
    """The file as a whole cannot be read."""


@dataclass
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
