import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.notary import services
from sifa.notary.models import NotaryConsultation, NotaryDocument

D = dt.date
Y = (D(2022, 1, 1), D(2022, 12, 31))


def value(id_, region=None):
    return registry()[id_].compute(*Y, region)


def test_cases_count_issued_certificates_by_issue_date(accept, clerk, county, township_a):
    n = iter(range(100))

    def issue(accepted, issued, region=None):
        return services.notarization_issue(
            accept(accepted, region=region), on=issued, certificate_no=f"第{next(n)}号", user=clerk
        )

    issue(D(2021, 12, 20), D(2022, 1, 1))  # accepted last year, issued this year: counts
    issue(D(2022, 12, 20), D(2022, 12, 31), region=township_a)
    issue(D(2022, 12, 20), D(2023, 1, 1))  # issued next year
    issue(D(2021, 12, 1), D(2021, 12, 31))
    accept(D(2022, 6, 1))  # accepted, not issued
    services.notarization_refuse(accept(D(2022, 6, 1)), on=D(2022, 6, 2), reason="理由", user=clerk)
    assert value("notary.cases", county) == 2
    assert value("notary.cases") == 2
    assert value("notary.cases", township_a) == 1


@pytest.mark.parametrize(
    "model,id_,extra",
    [
        (NotaryConsultation, "notary.consultations", {}),
        (NotaryDocument, "notary.documents", {"title": "委托书"}),
    ],
)
def test_dated_records_count_one_each(model, id_, extra, county, township_a, village_a):
    for region, day in (
        (county, D(2022, 1, 1)),
        (village_a, D(2022, 12, 31)),
        (county, D(2023, 1, 1)),
        (county, D(2021, 12, 31)),
    ):
        model.objects.create(region=region, date=day, **extra)
    assert value(id_, county) == 2
    assert value(id_, township_a) == 1


def test_consultations_are_reported_as_more_than(county):
    assert registry()["notary.consultations"].format == "yu"
