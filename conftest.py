"""Shared pytest fixtures: a small county built from scratch, and one user per role."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core.models import CountyProfile, Region, RegionLevel, Unit, UnitKind

COUNTY = "610999000000"


def ensure_catalogue() -> None:
    """The activity catalogue comes from a data migration; a transactional test's flush (browser
    tests) empties it for the tests that follow on the same worker, so put it back."""
    from sifa.core.catalogue import load_catalogue
    from sifa.core.models import ActivityType, Measure

    if not ActivityType.objects.exists():
        load_catalogue(Measure, ActivityType)


@pytest.fixture
def county(db) -> Region:
    """A county with two townships (A: 甲镇, B: 乙街道), two villages each, and basic units."""
    ensure_catalogue()
    province = Region.objects.create(code="610000000000", name="陕西省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(
        code="610900000000", name="测试市", level=RegionLevel.CITY, parent=province
    )
    county = Region.objects.create(
        code=COUNTY, name="测试县", level=RegionLevel.COUNTY, parent=city
    )
    CountyProfile.objects.create(
        region=county,
        county_name="测试",
        city_name="测试",
        province_short="陕",
        party_congress="十七届三次",
        county_slogan="民族圣地﹒绿色测试",
    )
    for code, name in (("100", "甲镇"), ("001", "乙街道")):
        town = Region.objects.create(
            code=f"610999{code}000", name=name, level=RegionLevel.TOWNSHIP, parent=county
        )
        Unit.objects.create(
            name=f"{town.short_name}司法所",
            short_name=town.short_name,
            kind=UnitKind.JUDICIAL_OFFICE,
            region=town,
        )
        for i in (1, 2):
            Region.objects.create(
                code=f"610999{code}{200 + i:03d}",
                name=f"{name[0]}{i}村",
                level=RegionLevel.VILLAGE,
                parent=town,
            )
    Unit.objects.create(
        name="测试县司法局", short_name="县司法局", kind=UnitKind.BUREAU, region=county
    )
    Unit.objects.create(
        name="测试县法律援助中心",
        short_name="法援中心",
        kind=UnitKind.LEGAL_AID_CENTRE,
        region=county,
    )
    Unit.objects.create(
        name="测试县公证处", short_name="公证处", kind=UnitKind.NOTARY_OFFICE, region=county
    )
    Unit.objects.create(
        name="测试县人民政府", short_name="县人民政府", kind=UnitKind.AGENCY, region=county
    )
    return county


@pytest.fixture
def township_a(county) -> Region:
    return Region.objects.get(code="610999100000")


@pytest.fixture
def township_b(county) -> Region:
    return Region.objects.get(code="610999001000")


@pytest.fixture
def village_a(township_a) -> Region:
    return Region.objects.get(code="610999100201")


@pytest.fixture
def village_b(township_b) -> Region:
    return Region.objects.get(code="610999001201")


@pytest.fixture
def make_user(db, county):
    from sifa.accounts.models import User

    counter = {"n": 0}

    def make(
        role: str,
        *,
        region: Region | None = None,
        lines=(),
        sealed: bool = False,
        password: str = "pw-test-123",
    ) -> User:
        counter["n"] += 1
        user = User(
            username=f"{role}{counter['n']}",
            role=role,
            region=region or county,
            lines=list(lines),
            can_view_sealed=sealed,
        )
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("admin")


@pytest.fixture
def bureau_leader(make_user):
    return make_user("leader")


@pytest.fixture
def section_clerk(make_user):
    """A clerk of every line (tests narrow `lines` with make_user when the rule needs it)."""
    from sifa.core.lines import Line

    return make_user("section", lines=Line.values)


@pytest.fixture
def township_clerk(make_user, township_a):
    return make_user("office", region=township_a)


@pytest.fixture
def other_township_clerk(make_user, township_b):
    return make_user("office", region=township_b)


@pytest.fixture
def viewer(make_user):
    return make_user("viewer")


@pytest.fixture
def d():
    """d(2022, 3, 1) → date; keeps tests short."""
    return dt.date


@pytest.fixture
def make_activity(county):
    """make_activity("lecture", region, date, attendees=30) → a saved core Activity."""
    from sifa.core.models import Activity, ActivityType

    def make(
        type_code: str,
        region: Region,
        on: dt.date,
        *,
        title: str = "",
        theme: str = "",
        **quantities,
    ) -> Activity:
        kind = ActivityType.objects.get(code=type_code)
        return Activity.objects.create(
            type=kind,
            region=region,
            date=on,
            title=title or f"{kind.name}{on:%m%d}",
            theme=theme,
            quantities=quantities,
        )

    return make
