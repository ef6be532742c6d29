"""Figures a bureau defines itself: declared as data, refused with Chinese reasons naming the
field, counted from the records by the one engine in its one statement, and usable wherever
a built-in figure is (drill-down list, return column, report template, dashboard)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifa.core.indicators import REGISTRY, Indicator, registry
from sifa.reports import engine
from sifa.returns import compute, figures
from sifa.returns.models import FigureDefinition, ReturnDefinition

Y0, Y1 = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
AID = "legalaid.AidCase"

pytestmark = pytest.mark.django_db  # a definition's key is checked against the others


@pytest.fixture(autouse=True)
def fresh_registry():
    """A test's definitions are rolled back with it: no process keeps their figures."""
    figures._kept[0] = None
    yield
    figures._kept[0] = None


def define(**over) -> FigureDefinition:
    data = {
        "key": "agri_civil",
        "label": "涉农民事法律援助案件",
        "model": AID,
        "date_field": "assigned_on",
        "conditions": "case_type: civil\nagri: true",
        "aggregate": "count",
        "unit": "件",
    }
    data.update(over)
    d = FigureDefinition(**data)
    d.full_clean()
    d.save()
    return d


def errors_of(**over) -> dict[str, list[str]]:
    data = {
        "key": "x",
        "label": "甲",
        "model": AID,
        "date_field": "assigned_on",
        "aggregate": "count",
    }
    data.update(over)
    with pytest.raises(ValidationError) as exc:
        FigureDefinition(**data).full_clean()
    return exc.value.message_dict


@pytest.fixture
def aid_cases(make_case, county, township_a, township_b):
    """2022: civil+agri ×3 (one in township B), civil not agri, criminal+agri; 2021: civil+agri."""
    return {
        "counted": [
            make_case(county, dt.date(2022, 2, 1), "civil", agri=True),
            make_case(township_a, dt.date(2022, 5, 9), "civil", agri=True),
            make_case(township_b, dt.date(2022, 12, 31), "civil", agri=True),
        ],
        "other": [
            make_case(county, dt.date(2022, 3, 1), "civil", agri=False),
            make_case(county, dt.date(2022, 3, 2), "criminal", agri=True),
            make_case(county, dt.date(2021, 12, 31), "civil", agri=True),
        ],
    }


@pytest.fixture
def mediation_cases(village_a, village_b):
    """Mediation cases of 2022 with amounts: neighbour 1200 + 30000 (village A) + 500 (village
    B), family 7000; a neighbour case of 2023 (80000)."""
    from sifa.mediation import services
    from sifa.mediation.models import DisputeType
    from sifa.mediation.tests.conftest import make_committee, parties

    a, b = make_committee(village_a), make_committee(village_b)

    def case(committee, on, amount, kind=DisputeType.NEIGHBOUR):
        return services.case_accept(
            committee=committee,
            received_on=on,
            dispute_type=kind,
            amount_yuan=amount,
            parties=parties("张三", "李四"),
            user=None,
        )

    return {
        "counted": [
            case(a, dt.date(2022, 1, 5), 1200),
            case(a, dt.date(2022, 6, 5), 30000),
            case(b, dt.date(2022, 7, 5), 500),
        ],
        "other": [
            case(a, dt.date(2022, 4, 5), 7000, DisputeType.MARRIAGE_FAMILY),
            case(a, dt.date(2023, 1, 5), 80000),
        ],
    }


# --- counted from the records ----------------------------------------------------------------
def test_a_count_with_conditions_counts_the_records_that_meet_them(aid_cases, township_a):
    define()
    values = engine.compute_values(Y0, Y1)
    assert values["u.agri_civil"] == 3  # civil AND agri, assigned in 2022
    assert engine.compute_values(Y0, Y1, township_a)["u.agri_civil"] == 1
    ind = registry()["u.agri_civil"]
    assert ind.compute(Y0, Y1) == 3  # the reference query agrees with the batched one


def test_a_sum_of_a_field_with_a_choice_condition(mediation_cases, village_a):
    define(
        key="neighbour_amount",
        label="邻里纠纷涉及金额",
        model="mediation.MediationCase",
        date_field="received_on",
        conditions="dispute_type: neighbour",
        aggregate="sum",
        sum_field="amount_yuan",
        format="wan",
        unit="万元",
    )
    figs = engine.compute(Y0, Y1)
    assert figs.values["u.neighbour_amount"] == 1200 + 30000 + 500
    assert figs.text("u.neighbour_amount") == "3.17"  # 31700 元 = 3.17 万元
    assert engine.compute_values(Y0, Y1, village_a)["u.neighbour_amount"] == 31200


def test_an_inactive_or_no_longer_valid_definition_is_not_a_figure(aid_cases):
    d = define()
    assert "u.agri_civil" in registry()
    d.active = False
    d.save()
    assert "u.agri_civil" not in registry()
    FigureDefinition.objects.filter(pk=d.pk).update(active=True, date_field="gone_on")
    figures.forget()
    assert "u.agri_civil" not in registry()  # left out rather than break every figure


def test_three_user_figures_on_one_table_add_no_statement(aid_cases):
    engine.compute_values(Y0, Y1)  # builds the plan
    with CaptureQueriesContext(connection) as before:
        engine.compute_values(Y0, Y1)
    define()
    define(key="criminal", label="刑事", conditions="case_type: criminal")
    define(key="in_townships", label="乡镇", conditions="region__level: 4")
    reg = registry()
    engine.compute_values(Y0, Y1, None, reg)  # builds the new plan
    with CaptureQueriesContext(connection) as after:
        values = engine.compute_values(Y0, Y1, None, reg)
    assert len(after.captured_queries) == len(before.captured_queries)
    assert (values["u.agri_civil"], values["u.criminal"], values["u.in_townships"]) == (3, 1, 2)


# --- refused with Chinese reasons naming the field -------------------------------------------
def test_an_unknown_record_type_is_named():
    assert errors_of(model="core.Nothing") == {
        "model": ["“core.Nothing”不是本系统登记的记录类型。"]
    }


def test_an_unknown_field_in_a_condition_is_named():
    assert errors_of(conditions="colour: red") == {
        "conditions": ["法律援助案件没有“colour”这一字段。"]
    }


def test_a_value_outside_the_choices_lists_the_choices():
    (msg,) = errors_of(conditions="case_type: theft")["conditions"]
    assert msg.startswith("“theft”不是案件类别的可选值（可选：criminal（刑事）")


def test_a_boolean_condition_takes_true_or_false():
    assert errors_of(conditions="agri: 是") == {
        "conditions": ["“是”不是涉农案件的可选值（可选：true（是）、false（否））。"]
    }


def test_the_date_field_must_be_a_date():
    assert errors_of(date_field="case_type") == {
        "date_field": ["“案件类别”不是日期字段，不能作为统计期依据。"]
    }
    assert errors_of(date_field="closed_at_noon") == {
        "date_field": ["法律援助案件没有“closed_at_noon”这一字段。"]
    }


def test_a_sum_needs_a_numeric_field():
    assert errors_of(aggregate="sum", sum_field="case_type") == {
        "sum_field": ["“案件类别”不是数值字段，不能求和。"]
    }
    assert errors_of(aggregate="sum") == {"sum_field": ["统计方式为求和时，须填写求和字段。"]}
    assert errors_of(format="wan") == {"format": ["“万元”格式只用于金额求和（以元计的数值字段）。"]}


def test_a_key_must_be_a_slug_and_not_a_builtin_figure(monkeypatch):
    assert errors_of(key="农民工") == {
        "key": ["代号“农民工”只能由小写字母、数字和下划线组成，且以字母开头（不超过40个字符）。"]
    }
    builtin = Indicator(
        id="u.taken", label="内置", kind="count", model=AID, date_field="assigned_on"
    )
    monkeypatch.setitem(REGISTRY, "u.taken", builtin)
    assert errors_of(key="taken") == {
        "key": ["代号“taken”与内置统计数字“u.taken”（内置）重复，请换一个。"]
    }


def test_a_second_definition_with_the_same_key_is_refused(db):
    define()
    assert errors_of(key="agri_civil")["key"] == ["已有代号相同的自定义指标，请换一个代号。"]


def test_broken_conditions_are_refused_and_nothing_is_written(db):
    errs = errors_of(conditions="case_type: [civil")
    assert errs["conditions"][0].startswith("条件不是正确的写法：")
    assert not FigureDefinition.objects.exists()


# --- usable wherever a built-in figure is ----------------------------------------------------
def test_the_drill_down_lists_exactly_the_records_counted(client, bureau_leader, aid_cases):
    define()
    client.force_login(bureau_leader)
    resp = client.get("/reports/figures/u.agri_civil/?start=2022-01-01&end=2022-12-31")
    assert resp.status_code == 200
    assert resp.context["total"] == 3
    listed = {r["text"] for r in resp.context["rows"]}
    assert listed == {str(c) for c in aid_cases["counted"]}
    assert not listed & {str(c) for c in aid_cases["other"]}


def test_the_drill_down_is_scoped_to_the_readers_region(client, make_user, township_a, aid_cases):
    define()
    client.force_login(make_user("section", region=township_a, lines=["legalaid"]))
    resp = client.get("/reports/figures/u.agri_civil/?start=2022-01-01&end=2022-12-31")
    assert resp.status_code == 200
    assert [r["text"] for r in resp.context["rows"]] == [str(aid_cases["counted"][1])]


def test_a_return_column_takes_a_user_figure_count_and_sum(mediation_cases):
    define(
        key="neighbour_amount",
        label="邻里纠纷涉及金额",
        model="mediation.MediationCase",
        date_field="received_on",
        conditions="dispute_type: neighbour",
        aggregate="sum",
        sum_field="amount_yuan",
        unit="元",
    )
    define(
        key="neighbour",
        label="邻里纠纷",
        model="mediation.MediationCase",
        date_field="received_on",
        conditions="dispute_type: neighbour",
    )
    ret = ReturnDefinition(
        name="own_figures",
        declaration="""name: own_figures
title: 邻里纠纷统计表
model: mediation.MediationCase
date_field: received_on
rows:
  - by: region
    total: 合计
columns:
  - {key: n, label: 邻里纠纷, figure: u.neighbour}
  - {key: amount, label: 涉及金额, figure: u.neighbour_amount}
""",
    )
    ret.full_clean()
    ret.save()
    table = compute.compute(ret.spec(), Y0, Y1)
    assert table.value("s0-total", "n") == 3
    assert table.value("s0-total", "amount") == 31700
    assert all(c.holds for c in table.checks)


def test_a_report_template_may_print_a_user_figure(aid_cases):
    from docx import Document

    from sifa.reports.render import render_docx
    from sifa.reports.services import report_data
    from sifa.reports.template_check import TemplateProblem, check_docx

    doc = Document()
    doc.add_paragraph("涉农案件{{r F.u.agri_civil }}件，原数{{ V.u.agri_civil }}。")
    out = io.BytesIO()
    doc.save(out)
    template = out.getvalue()
    with pytest.raises(TemplateProblem, match="u.agri_civil"):
        check_docx(template)  # not defined yet: an unknown figure
    define()
    check_docx(template)
    written = Document(io.BytesIO(render_docx(report_data(Y0, Y1), template=template)))
    assert written.paragraphs[0].text == "涉农案件3件，原数3。"


def test_the_home_pages_key_figures_carry_the_bureaus_own_figures(bureau_leader, aid_cases):
    from sifa.workbench.keyfigures import key_figures

    define()
    rows = {r["label"]: r for r in key_figures(bureau_leader, end=Y1)}
    row = rows["涉农民事法律援助案件"]
    assert (row["now"], row["before"], row["unit"]) == ("3", "1", "件")  # 2022 vs 2021


def test_the_annual_report_data_carries_the_user_figure(aid_cases):
    from sifa.reports.render import nest

    define()
    figs = engine.compute(Y0, Y1)
    tree = nest({fid: figs.text(fid) for fid in figs.public_ids()})
    assert tree.u.agri_civil == "3"


def test_the_dashboard_shows_the_bureaus_own_figures(client, bureau_leader, aid_cases):
    define(note="涉农民事案件")
    client.force_login(bureau_leader)
    resp = client.get("/dashboard/?year=2022")
    html = resp.content.decode()
    assert "本局自定义指标" in html
    (row,) = [r for r in resp.context["own_figures"] if r["id"] == "u.agri_civil"]
    assert (row["text"], row["unit"], row["note"]) == ("3", "件", "涉农民事案件")
    assert row["url"].startswith("/reports/figures/u.agri_civil/")


def test_a_definition_saved_by_another_process_shows_after_its_stamp_changes(
    aid_cases, monkeypatch
):
    from django.core.cache import cache

    define()
    assert "u.criminal" not in registry()
    # another worker saves a definition and, on commit, bumps the shared stamp
    FigureDefinition.objects.bulk_create(
        [
            FigureDefinition(
                key="criminal",
                label="刑事",
                model=AID,
                date_field="assigned_on",
                conditions="case_type: criminal",
            )
        ]
    )
    assert "u.criminal" not in registry()  # this process has not been told yet
    cache.set(figures.STAMP_KEY, "saved elsewhere", None)
    monkeypatch.setattr(figures, "RECHECK_SECONDS", 0.0)
    assert engine.compute_values(Y0, Y1)["u.criminal"] == 1


def test_the_drill_down_keeps_a_minors_sealed_file_out_and_says_so(
    client, bureau_leader, township_a
):
    from sifa.correction.tests.helpers import subject

    subject(township_a, name="成年甲", received=dt.date(2022, 3, 10))
    subject(
        township_a,
        name="未成年乙",
        birth=dt.date(2006, 4, 1),
        is_minor=True,
        received=dt.date(2022, 3, 12),
    )
    define(
        key="received_in_townships",
        label="乡镇接收的社区矫正对象",
        model="correction.Subject",
        date_field="received_on",
        conditions="region__level: 4",
        unit="人",
    )
    assert engine.compute_values(Y0, Y1)["u.received_in_townships"] == 2  # both are counted
    client.force_login(bureau_leader)
    resp = client.get("/reports/figures/u.received_in_townships/?start=2022-01-01&end=2022-12-31")
    html = resp.content.decode()
    assert "成年甲" in html and "未成年乙" not in html
    assert (resp.context["total"], resp.context["sealed"]) == (1, 1)


def test_the_figures_page_groups_user_figures_under_their_own_heading():
    from sifa.reports.views import figure_group

    assert figure_group("u.agri_civil") == "本局自定义指标"
