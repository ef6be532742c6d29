import datetime as dt

import pytest

from sifa.notary import services
from sifa.notary.models import Category


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["notary"])


@pytest.fixture
def accept(county, clerk):
    def make(accepted_on=dt.date(2022, 3, 1), region=None):
        from sifa.notary.models import Notarization

        obj = Notarization(
            region=region or county,
            category=Category.DOMESTIC_CIVIL,
            matter="继承",
            applicant_name="张三",
            accepted_on=accepted_on,
        )
        return services.notarization_save(obj, user=clerk)

    return make
