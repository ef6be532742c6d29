"""Declarations: the built-in ones load, and a bad declaration is refused with Chinese reasons."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sifa.returns import library, spec
from sifa.returns.models import EXAMPLE, ReturnDefinition

BUILTIN_LINES = {
    "mediation",
    "reconsideration",
    "litigation",
    "legalaid",
    "correction",
    "notary",
    "enforcement",
}


def declaration(**over):
    data = spec.load_text(EXAMPLE)
    data.update(over)
    return data


def messages(data) -> list[str]:
    with pytest.raises(spec.SpecError) as exc:
        spec.parse(data)
    return exc.value.messages


def test_every_line_of_the_issue_has_a_builtin_return_following_a_named_form():
    returns = library.builtin()
    assert {s.model.line for s in returns.values()} == BUILTIN_LINES
    assert all(s.form for s in returns.values())
    assert list(returns)[:2] == ["mediation", "reconsideration"]


def test_the_example_declaration_is_valid():
    s = spec.parse(spec.load_text(EXAMPLE))
    assert s.model.__name__ == "MediationCase"
    assert [c.key for c in s.columns] == ["received", "succeeded"]


def test_an_unknown_field_is_named():
    data = declaration(rows=[{"by": "colour"}])
    assert messages(data) == ["人民调解案件没有“colour”这一字段。"]


def test_a_value_outside_the_choices_lists_the_choices():
    data = declaration(columns=[{"key": "a", "label": "甲", "where": {"status": "won"}}])
    (msg,) = messages(data)
    assert msg.startswith("“won”不是状态的可选值（可选：accepted（受理）")


def test_an_unknown_record_type_is_refused():
    assert messages(declaration(model="core.Nothing")) == [
        "“core.Nothing”不是本系统登记的记录类型。"
    ]


def test_a_figure_of_another_record_type_is_refused():
    data = declaration(columns=[{"key": "a", "label": "甲", "figure": "notary.cases"}])
    assert messages(data) == ["统计数字“notary.cases”统计的是另一类记录，不能用于本报表。"]


def test_a_sum_needs_a_number_field_and_parts_must_exist():
    data = declaration(
        columns=[
            {"key": "a", "label": "甲", "aggregate": "sum", "field": "summary"},
            {"key": "b", "label": "乙", "parts": ["a", "c"]},
        ]
    )
    assert messages(data) == [
        "“纠纷简要情况”不是数值字段，不能求和。",
        "“b”的组成部分“c”不存在。",
    ]


def test_duplicate_keys_and_missing_parts_of_the_declaration():
    data = declaration(columns=[{"key": "a", "label": "甲"}, {"key": "a", "label": "乙"}])
    assert messages(data) == ["代号“a”重复。"]
    assert messages({"name": "x"}) == [
        "报表定义缺少“title”。",
        "报表定义缺少“model”。",
        "报表定义缺少“columns”。",
        "报表定义缺少“rows”。",
    ]


def test_bad_yaml_is_told_in_chinese():
    with pytest.raises(spec.SpecError) as exc:
        spec.load_text("rows: [")
    assert exc.value.messages[0].startswith("报表定义不是正确的YAML格式")


def test_catalogue_comes_from_the_registry_and_hides_personal_fields():
    types = {t["model"]: t for t in spec.catalogue()}
    fields = {f["name"]: f for f in types["correction.Subject"]["fields"]}
    assert fields["correction_type"]["type"] == "choice"
    assert ("probation", "缓刑") in fields["correction_type"]["choices"]
    assert "id_number" not in fields


@pytest.mark.django_db
def test_an_administrator_declared_return_is_validated_on_save_and_listed():
    bad = ReturnDefinition(name="mediation", declaration=EXAMPLE)
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert exc.value.message_dict["name"] == ["“mediation”是内置报表的代号，请换一个。"]
    wrong = ReturnDefinition(name="other", declaration=EXAMPLE)
    with pytest.raises(ValidationError) as exc:
        wrong.full_clean()
    assert "与报表代号“other”不一致" in exc.value.message_dict["declaration"][0]
    broken = ReturnDefinition(
        name="mediation_by_committee_kind", declaration=EXAMPLE.replace("committee__kind", "x")
    )
    with pytest.raises(ValidationError) as exc:
        broken.full_clean()
    assert exc.value.message_dict["declaration"] == ["人民调解案件没有“x”这一字段。"]
    good = ReturnDefinition(name="mediation_by_committee_kind", declaration=EXAMPLE)
    good.full_clean()
    good.save()
    assert good.title == "人民调解案件按调委会类型统计表"
    assert "mediation_by_committee_kind" in library.all_returns()


@pytest.mark.django_db
def test_the_administrator_declares_a_return_in_the_admin(client, admin_user):
    from sifa.accounts.testing import login_verified

    login_verified(client, admin_user)
    url = "/admin/returns/returndefinition/add/"
    assert client.get(url).status_code == 200
    bad = EXAMPLE.replace("committee__kind", "committee__colour")
    resp = client.post(
        url, {"name": "mediation_by_committee_kind", "declaration": bad, "active": "on"}
    )
    assert resp.status_code == 200
    assert "人民调解委员会没有“colour”这一字段。" in resp.content.decode()
    resp = client.post(
        url, {"name": "mediation_by_committee_kind", "declaration": EXAMPLE, "active": "on"}
    )
    assert resp.status_code == 302
    assert ReturnDefinition.objects.get().title == "人民调解案件按调委会类型统计表"
