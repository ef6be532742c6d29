import datetime as dt

import pytest

from sifa.core.models import Unit, UnitKind
from sifa.legalservice.models import AdvisorContract


@pytest.fixture
def law_firm(county):
    return Unit.objects.create(
        name="正衡律师事务所", short_name="正衡", kind=UnitKind.LAW_FIRM, region=county
    )


@pytest.fixture
def make_contract(law_firm):
    def make(
        village, starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 12, 31), lawyer="王律师"
    ):
        return AdvisorContract.objects.create(
            region=village, law_firm=law_firm, lawyer=lawyer, starts_on=starts_on, ends_on=ends_on
        )

    return make
