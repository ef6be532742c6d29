"""`sifa demo` writes the demo county's 2022 summary next to its data: internal and masked."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

DEMO_YEAR = 2022


def write_demo_report(home: Path) -> Path | None:
    """Write 年度工作总结 (.docx) and its masked text edition under HOME/reports/; return the folder."""
    folder = Path(home) / "reports"
    folder.mkdir(exist_ok=True)
    docx = folder / f"{DEMO_YEAR}年度工作总结.docx"
    masked = folder / f"{DEMO_YEAR}年度工作总结（脱敏版）.txt"
    if docx.exists() and masked.exists():
        return folder
    call_command("report", "--year", str(DEMO_YEAR), "--format", "docx", "-o", str(docx))
    call_command(
        "report", "--year", str(DEMO_YEAR), "--format", "txt", "--masked", "-o", str(masked)
    )
    return folder
