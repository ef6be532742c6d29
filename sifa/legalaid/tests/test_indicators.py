import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.core.models import Unit, UnitKind
from sifa.legalaid.models import AidConsultation, AidDocument, CaseType, PleaHelp

D = dt.date
Y = (D(2022, 1, 1), D(2022, 12, 31))


def value(id_, region=None):
    return registry()[id_].compute(*Y, region)


@pytest.fixture
def cases(make_case, village_a, village_b, township_a, firm):
    other_firm = Unit.objects.create(
        name="秦川律师事务所", kind=UnitKind.LAW_FIRM, region=township_a
    )
    make_case(village_a, D(2022, 1, 1), CaseType.CRIMINAL)
    make_case(village_a, D(2022, 12, 31), CaseType.CIVIL, handler=firm, agri=True)
    make_case(village_b, D(2022, 6, 1), CaseType.CIVIL, agri=True)
    make_case(village_b, D(2022, 6, 2), CaseType.LABOR_ARBITRATION, agri=False)
    make_case(village_b, D(2022, 6, 3), CaseType.ADMINISTRATIVE)
    make_case(village_a, D(2023, 1, 1), CaseType.CIVIL, handler=other_firm, agri=True)
    make_case(village_a, D(2021, 12, 31), CaseType.CRIMINAL, handler=other_firm)


def test_cases_by_type_in_the_period(cases, county, township_a):
    assert value("legalaid.cases", county) == 5
    assert value("legalaid.criminal", county) == 1
    assert value("legalaid.civil", county) == 2
    assert value("legalaid.labor_arbitration", county) == 1
    assert value("legalaid.administrative", county) == 1
    assert value("legalaid.cases", township_a) == 2
    assert value("legalaid.civil", township_a) == 1


def test_agriculture_related_cases(cases, county, township_a):
    assert value("rural.agri_legal_aid", county) == 2
    assert value("rural.agri_legal_aid", township_a) == 1


def test_handlers_list_the_centre_then_the_firms(cases, county, township_a):
    assert value("legalaid.handlers", county) == ["测试县法律援助中心", "明德律师事务所"]
    assert value("legalaid.handlers", township_a) == ["测试县法律援助中心", "明德律师事务所"]
    assert value("legalaid.law_firms") == 1


@pytest.mark.parametrize(
    "model,id_",
    [
        (AidDocument, "legalaid.documents"),
        (PleaHelp, "legalaid.plea_cases"),
        (AidConsultation, "legalaid.consultations"),
    ],
)
def test_dated_records_count_one_each(model, id_, county, township_a, village_a):
    extra = {"lawyer": "值班律师"} if model is PleaHelp else {}
    for region, day in (
        (county, D(2022, 1, 1)),
        (village_a, D(2022, 12, 31)),
        (county, D(2023, 1, 1)),
        (county, D(2021, 12, 31)),
    ):
        model.objects.create(region=region, date=day, **extra)
    assert value(id_, county) == 2
    assert value(id_) == 2
    assert value(id_, township_a) == 1
