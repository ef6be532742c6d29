import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation
from sifa.core.models import UnitKind
from sifa.legalservice import services
from sifa.legalservice.models import (
    MSG_CONTRACT_ORDER,
    MSG_NOT_LAW_FIRM,
    MSG_NOT_VILLAGE,
    MSG_PLATFORM_LEVEL,
    MSG_SERVICE_OUTSIDE,
    AdvisorContract,
    AdvisorService,
    Platform,
    ServiceKind,
)

D = dt.date


class TestContractSave:
    def test_saves_a_contract_for_a_village(self, village_a, law_firm, township_clerk):
        c = AdvisorContract(
            region=village_a,
            law_firm=law_firm,
            lawyer="李律师",
            starts_on=D(2022, 1, 1),
            ends_on=D(2022, 12, 31),
        )
        services.contract_save(c, user=township_clerk)
        assert AdvisorContract.objects.get().created_by == township_clerk

    def test_end_before_start_is_refused_on_the_field(self, village_a, law_firm, section_clerk):
        c = AdvisorContract(
            region=village_a,
            law_firm=law_firm,
            lawyer="李律师",
            starts_on=D(2022, 6, 1),
            ends_on=D(2022, 5, 31),
        )
        with pytest.raises(RuleViolation) as exc:
            services.contract_save(c, user=section_clerk)
        assert exc.value.message_dict["ends_on"] == [MSG_CONTRACT_ORDER]
        assert not AdvisorContract.all_objects.exists()

    def test_one_day_contract_is_allowed(self, village_a, law_firm, section_clerk):
        c = AdvisorContract(
            region=village_a,
            law_firm=law_firm,
            lawyer="李律师",
            starts_on=D(2022, 6, 1),
            ends_on=D(2022, 6, 1),
        )
        services.contract_save(c, user=section_clerk)

    def test_contract_must_name_a_village(self, township_a, law_firm, section_clerk):
        c = AdvisorContract(
            region=township_a,
            law_firm=law_firm,
            lawyer="李律师",
            starts_on=D(2022, 1, 1),
            ends_on=D(2022, 12, 31),
        )
        with pytest.raises(RuleViolation) as exc:
            services.contract_save(c, user=section_clerk)
        assert exc.value.message_dict["region"] == [MSG_NOT_VILLAGE]

    def test_firm_must_be_a_law_firm(self, county, village_a, section_clerk):
        from sifa.core.models import Unit

        centre = Unit.objects.get(kind=UnitKind.LEGAL_AID_CENTRE)
        c = AdvisorContract(
            region=village_a,
            law_firm=centre,
            lawyer="李律师",
            starts_on=D(2022, 1, 1),
            ends_on=D(2022, 12, 31),
        )
        with pytest.raises(RuleViolation) as exc:
            services.contract_save(c, user=section_clerk)
        assert exc.value.message_dict["law_firm"] == [MSG_NOT_LAW_FIRM]

    def test_township_clerk_cannot_write_another_townships_village(
        self, village_b, law_firm, township_clerk
    ):
        c = AdvisorContract(
            region=village_b,
            law_firm=law_firm,
            lawyer="李律师",
            starts_on=D(2022, 1, 1),
            ends_on=D(2022, 12, 31),
        )
        with pytest.raises(PermissionDenied):
            services.contract_save(c, user=township_clerk)


class TestServiceCreate:
    def test_service_counts_in_the_contracts_village(
        self, village_a, make_contract, township_clerk
    ):
        contract = make_contract(village_a)
        s = services.service_create(
            contract=contract,
            date=D(2022, 3, 1),
            people_served=12,
            kind=ServiceKind.LECTURE,
            user=township_clerk,
        )
        assert s.region_id == village_a.code

    def test_service_outside_the_contract_period_is_refused(
        self, village_a, make_contract, section_clerk
    ):
        contract = make_contract(village_a)
        with pytest.raises(RuleViolation) as exc:
            services.service_create(
                contract=contract,
                date=D(2023, 1, 1),
                people_served=3,
                kind=ServiceKind.CONSULTATION,
                user=section_clerk,
            )
        assert exc.value.message_dict["date"] == [
            MSG_SERVICE_OUTSIDE.format(start=D(2022, 1, 1), end=D(2022, 12, 31))
        ]

    def test_negative_people_served_is_refused(self, village_a, make_contract, section_clerk):
        contract = make_contract(village_a)
        with pytest.raises(RuleViolation) as exc:
            services.service_create(
                contract=contract,
                date=D(2022, 3, 1),
                people_served=-1,
                kind=ServiceKind.CONSULTATION,
                user=section_clerk,
            )
        assert "people_served" in exc.value.message_dict
        assert not AdvisorService.all_objects.exists()

    def test_zero_people_served_is_allowed(self, village_a, make_contract, section_clerk):
        contract = make_contract(village_a)
        services.service_create(
            contract=contract,
            date=D(2022, 3, 1),
            people_served=0,
            kind=ServiceKind.CONTRACT_REVIEW,
            user=section_clerk,
        )


class TestPlatformSave:
    def test_room_stands_in_a_village(self, village_a, township_clerk):
        p = Platform(
            name="甲1村公共法律服务室",
            kind=UnitKind.PLATFORM_ROOM,
            region=village_a,
            opened_on=D(2021, 5, 1),
        )
        services.platform_save(p, user=township_clerk)
        assert Platform.objects.get().name == "甲1村公共法律服务室"

    def test_station_in_a_village_is_refused(self, village_a, section_clerk):
        p = Platform(name="工作站", kind=UnitKind.PLATFORM_STATION, region=village_a)
        with pytest.raises(RuleViolation) as exc:
            services.platform_save(p, user=section_clerk)
        assert exc.value.message_dict["region"] == [
            MSG_PLATFORM_LEVEL.format(kind="公共法律服务工作站", level="乡镇/街道")
        ]

    def test_closing_before_opening_is_refused(self, village_a, section_clerk):
        p = Platform(
            name="服务室",
            kind=UnitKind.PLATFORM_ROOM,
            region=village_a,
            opened_on=D(2021, 5, 1),
            closed_on=D(2021, 4, 30),
        )
        with pytest.raises(RuleViolation):
            services.platform_save(p, user=section_clerk)

    def test_platform_list_holds_platforms_only(self, county, village_a, section_clerk):
        Platform.objects.create(name="服务室", kind=UnitKind.PLATFORM_ROOM, region=village_a)
        assert list(Platform.objects.values_list("kind", flat=True)) == ["platform_room"]

    def test_township_clerk_cannot_open_a_room_elsewhere(self, village_b, township_clerk):
        p = Platform(name="服务室", kind=UnitKind.PLATFORM_ROOM, region=village_b)
        with pytest.raises(PermissionDenied):
            services.platform_save(p, user=township_clerk)
