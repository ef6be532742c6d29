import datetime as dt

from sifa.core.indicators import registry
from sifa.core.models import Unit, UnitKind
from sifa.legalservice.models import AdvisorService

D = dt.date
Y = (D(2022, 1, 1), D(2022, 12, 31))


def ind(id_):
    return registry()[id_]


class TestPlatforms:
    def test_counts_platforms_in_operation_on_the_end_date(
        self, county, township_a, village_a, village_b
    ):
        def unit(kind, region, opened=None, closed=None):
            Unit.objects.create(
                name="平台", kind=kind, region=region, opened_on=opened, closed_on=closed
            )

        unit(UnitKind.PLATFORM_CENTRE, county, D(2018, 9, 1))
        unit(UnitKind.PLATFORM_STATION, township_a, D(2019, 3, 1))
        unit(UnitKind.PLATFORM_ROOM, village_a, D(2022, 12, 31))  # opened on the last day
        unit(UnitKind.PLATFORM_ROOM, village_b, D(2020, 1, 1))
        unit(UnitKind.PLATFORM_ROOM, village_a, D(2023, 1, 1))  # opened next year
        unit(UnitKind.PLATFORM_ROOM, village_a, D(2020, 1, 1), D(2022, 12, 31))  # closed
        unit(UnitKind.PLATFORM_ROOM, village_b, D(2020, 1, 1), D(2023, 1, 1))  # closed later
        unit(UnitKind.MEDIATION_ROOM, village_a, D(2020, 1, 1))  # not a platform
        assert ind("legalservice.platforms").compute(*Y, county) == 5
        assert ind("legalservice.platforms").compute(*Y) == 5
        assert ind("legalservice.platforms").compute(*Y, township_a) == 2


class TestVillagesWithAdvisor:
    def test_counts_each_village_once(
        self, county, township_a, village_a, village_b, make_contract
    ):
        make_contract(village_a, D(2022, 1, 1), D(2022, 12, 31))
        make_contract(village_a, D(2022, 7, 1), D(2023, 6, 30), lawyer="另一律师")
        make_contract(village_b, D(2022, 1, 1), D(2022, 12, 31))
        assert ind("legalservice.villages_with_advisor").compute(*Y, county) == 2
        assert ind("legalservice.villages_with_advisor").compute(*Y, township_a) == 1

    def test_contract_must_be_in_force_on_the_end_date(
        self, county, village_a, village_b, make_contract
    ):
        make_contract(village_a, D(2022, 1, 1), D(2022, 12, 30))  # ended the day before
        make_contract(village_b, D(2023, 1, 1), D(2023, 12, 31))  # starts next year
        assert ind("legalservice.villages_with_advisor").compute(*Y, county) == 0
        make_contract(village_b, D(2022, 12, 31), D(2022, 12, 31))
        assert ind("legalservice.villages_with_advisor").compute(*Y, county) == 1

    def test_deleted_contract_does_not_count(self, county, village_a, make_contract):
        make_contract(village_a).soft_delete()
        assert ind("legalservice.villages_with_advisor").compute(*Y, county) == 0


class TestAdvisorServices:
    def test_sums_people_served_in_the_period(
        self, county, township_a, village_a, village_b, make_contract
    ):
        a = make_contract(village_a, D(2022, 1, 1), D(2023, 12, 31))
        b = make_contract(village_b, D(2022, 1, 1), D(2023, 12, 31))
        for contract, day, n in (
            (a, D(2022, 1, 1), 10),
            (a, D(2022, 12, 31), 20),
            (a, D(2023, 1, 1), 400),
            (b, D(2022, 6, 1), 5),
        ):
            AdvisorService.objects.create(
                contract=contract, region_id=contract.region_id, date=day, people_served=n
            )
        assert ind("legalservice.advisor_services").compute(*Y, county) == 35
        assert ind("legalservice.advisor_services").compute(*Y, township_a) == 30
        assert ind("legalservice.advisor_services").format == "yu"
