"""An uploaded template is refused with a message naming the problem."""

import io

import pytest
from docx import Document

from sifa.reports import template_check as tc
from sifa.reports.docx_template import build


def docx(*paragraphs) -> bytes:
    """Each paragraph is a list of run texts (Word splits text into runs)."""
    doc = Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for text in runs:
            p.add_run(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def message(content: bytes) -> str:
    with pytest.raises(tc.TemplateProblem) as exc:
        tc.check_docx(content)
    return str(exc.value)


def test_the_default_template_passes(db):
    tc.check_docx(build())


def test_not_a_docx():
    assert message(b"plain text") == tc.MSG_NOT_DOCX
    assert message(b"PK\x03\x04broken") == tc.MSG_NOT_DOCX


def test_unknown_figure_id(db):
    assert message(docx(["标题"], ["共{{r F.rulelaw.inspectionz }}次"])) == (
        tc.MSG_UNKNOWN_FIGURE.format(n=2, id="rulelaw.inspectionz")
    )
    assert message(docx(["{% if V.nothing.here %}x{% endif %}"])) == (
        tc.MSG_UNKNOWN_FIGURE.format(n=1, id="nothing.here")
    )


def test_unknown_name_and_variable(db):
    assert message(docx(["{{ N.town }}"])) == tc.MSG_UNKNOWN_NAME.format(n=1, name="town")
    assert message(docx(["a"], ["b"], ["{{ yaer }}"])) == tc.MSG_UNKNOWN_VARIABLE.format(
        n=3, name="yaer"
    )


def test_tag_split_across_runs(db):
    assert message(docx(["共", "{{r F.rulelaw.", "inspections }}", "次"])) == (
        tc.MSG_SPLIT.format(n=1, tag="{{r F.rulelaw.inspections }}")
    )
    assert message(
        docx(["{%p for item in plan", "_items %}"], ["{{ item }}"], ["{%p endfor %}"])
    ) == tc.MSG_SPLIT.format(n=1, tag="{%p for item in plan_items %}")


def test_broken_tag(db):
    msg = message(docx(["ok"], ["{% if V.rulelaw.inspections %}没有结束"]))
    assert msg.startswith("第") and "标签有错误" in msg
    msg = message(docx(["{{ F.rulelaw.inspections "]))
    assert "标签有错误" in msg


def test_good_custom_template(db):
    tc.check_docx(
        docx(
            ["{{ N.bureau }}{{ year }}年"],
            ["督察{{r F.rulelaw.inspections }}次"],
            ["{%p for item in plan_items %}"],
            ["{{ item }}"],
            ["{%p endfor %}"],
        )
    )
