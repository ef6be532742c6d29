"""`figures` and `report` commands: JSON shape, values from records, bad input messages."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sifa.core.indicators import registry
from sifa.reports import periods
from sifa.reports.management.commands import report as report_cmd

from .factories import activity

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def records(county, township_a, township_b, village_a):
    activity("rulelaw_inspection", dt.date(2022, 1, 1), county)
    activity("rulelaw_inspection", dt.date(2022, 12, 31), village_a)
    activity("rulelaw_inspection", dt.date(2023, 1, 1), county)
    activity("lecture", dt.date(2022, 5, 1), township_b, consultations=12345)


def figures_json(**options) -> dict:
    out = io.StringIO()
    call_command("figures", json=True, stdout=out, **options)
    return json.loads(out.getvalue())


def test_json_shape_for_every_registered_id(records):
    data = figures_json(year="2022")
    assert data["period"] == {"start": "2022-01-01", "end": "2022-12-31"}
    assert data["region"] is None
    public = {fid for fid, ind in registry().items() if not ind.internal}
    assert set(data["figures"]) == public
    for fid, entry in data["figures"].items():
        assert {"value", "text"} <= set(entry), fid
        if registry()[fid].kind == "rate":
            assert {"numerator", "denominator"} <= set(entry), fid
    assert data["checks"] and all(set(c) == {"invariant", "holds"} for c in data["checks"])


def test_json_values_come_from_records(records, township_a):
    data = figures_json(year="2022")
    assert data["figures"]["rulelaw.inspections"] == {"value": 2, "text": "2"}
    assert data["figures"]["org.villages"]["value"] == 4
    assert data["figures"]["publicity.consultations"] == {"value": 12345, "text": "12000余"}
    town = figures_json(year="2022", region=township_a.code)
    assert town["region"] == township_a.code
    assert town["figures"]["rulelaw.inspections"]["value"] == 1
    assert town["figures"]["org.villages"]["value"] == 2
    part = figures_json(start="2022-01-02", end="2022-12-31")
    assert part["figures"]["rulelaw.inspections"]["value"] == 1


def test_rates_give_numerator_and_denominator(records):
    data = figures_json(year="2022")
    rate = data["figures"]["mediation.success_rate"]
    assert rate["numerator"] == 0 and rate["denominator"] == 0
    assert rate["value"] is None and rate["text"] == "—"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"start": "2022-05-01", "end": "2022-01-01"},
            periods.MSG_START_AFTER_END.format(start="2022-05-01", end="2022-01-01"),
        ),
        (
            {"year": "2022", "region": "610999888000"},
            periods.MSG_UNKNOWN_REGION.format(code="610999888000"),
        ),
        ({"year": "2021"}, periods.MSG_NO_RECORDS.format(year=2021, first=2022)),
        ({"start": "2022-02-30"}, periods.MSG_BAD_DATE.format(value="2022-02-30")),
        ({"year": "二〇二二"}, periods.MSG_BAD_YEAR.format(value="二〇二二")),
    ],
)
def test_bad_input_is_one_chinese_sentence(records, options, message):
    with pytest.raises(CommandError) as exc:
        call_command("figures", **options)
    assert str(exc.value) == message


def test_village_is_not_a_scope(records, village_a):
    with pytest.raises(CommandError, match="统计范围只能是省、市、县或乡镇"):
        call_command("figures", year="2022", region=village_a.code)


def test_empty_database_is_refused(county):
    with pytest.raises(CommandError, match=periods.MSG_EMPTY):
        call_command("figures", year="2022")


def test_report_refuses_a_template_that_is_not_docx(records, tmp_path):
    bad = tmp_path / "模板.txt"
    bad.write_text("x")
    with pytest.raises(CommandError) as exc:
        call_command("report", year="2022", template=str(bad), output=str(tmp_path / "o.docx"))
    assert str(exc.value) == report_cmd.MSG_NOT_DOCX.format(name="模板.txt")
    fake = tmp_path / "假.docx"
    fake.write_text("not a zip")
    with pytest.raises(CommandError, match="不是有效的Word"):
        call_command("report", year="2022", template=str(fake), output=str(tmp_path / "o.docx"))


def test_report_refuses_unknown_format(records):
    with pytest.raises(CommandError, match="输出格式“pdf”不支持"):
        call_command("report", year="2022", format="pdf")


def test_report_writes_txt_and_docx(records, tmp_path):
    call_command(
        "report", year="2022", format="txt", output=str(tmp_path / "r.txt"), stdout=io.StringIO()
    )
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "今年共组织开展法治督察2次" in text
    call_command("report", year="2022", output=str(tmp_path / "r.docx"), stdout=io.StringIO())
    assert (tmp_path / "r.docx").read_bytes()[:2] == b"PK"


@pytest.mark.skipif(
    os.environ.get("SIFA_DATABASE_URL", "").startswith("postgres"),
    reason="the subprocess would need its own database",
)
def test_command_line_exit_code_and_stderr(tmp_path):
    """From a shell: exit code 1 and one line on stderr, no traceback."""
    env = {**os.environ, "SIFA_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "sifa.settings.test"}
    proc = subprocess.run(
        [sys.executable, "-m", "django", "figures", "--start", "2022-05-01", "--end", "2022-01-01"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == periods.MSG_START_AFTER_END.format(
        start="2022-05-01", end="2022-01-01"
    )
