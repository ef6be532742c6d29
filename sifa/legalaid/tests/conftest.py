import datetime as dt

import pytest

from sifa.core.idnumber import make
from sifa.core.models import Unit, UnitKind
from sifa.legalaid import services
from sifa.legalaid.models import AidCase, CaseType

# A valid resident ID number (check digit computed), and one with a wrong check digit.
GOOD_ID = make("61099919800101123")
BAD_ID = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")


@pytest.fixture
def centre(county):
    return Unit.objects.get(kind=UnitKind.LEGAL_AID_CENTRE)


@pytest.fixture
def firm(county):
    return Unit.objects.create(
        name="明德律师事务所", short_name="明德", kind=UnitKind.LAW_FIRM, region=county
    )


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["legalaid"])


@pytest.fixture
def receive(village_a, clerk):
    def make(received_on=dt.date(2022, 3, 1), region=None, case_type=CaseType.CIVIL):
        return services.application_receive(
            region=region or village_a,
            applicant_name="张三",
            id_number=GOOD_ID,
            case_type=case_type,
            matter="追索劳动报酬",
            received_on=received_on,
            user=clerk,
        )

    return make


@pytest.fixture
def make_case(centre):
    def make(region, assigned_on, case_type=CaseType.CIVIL, handler=None, agri=False):
        return AidCase.objects.create(
            region=region,
            case_type=case_type,
            recipient_name="李四",
            handler=handler or centre,
            lawyer="王律师",
            assigned_on=assigned_on,
            agri=agri,
        )

    return make
