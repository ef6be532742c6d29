"""The offices figures, computed from projects made here (period edges and scope)."""

import datetime as dt

from sifa.core.indicators import registry
from sifa.core.models import Region, RegionLevel, Unit, UnitKind
from sifa.offices import services

D = dt.date
YEAR = (D(2022, 1, 1), D(2022, 12, 31))


def test_investment_and_offices_of_projects_completed_in_the_period(county, township_a, township_b):
    town_c = Region.objects.create(
        code="610999101000", name="丙镇", level=RegionLevel.TOWNSHIP, parent=county
    )
    Unit.objects.create(
        name="丙司法所", short_name="丙", kind=UnitKind.JUDICIAL_OFFICE, region=town_c
    )
    office = {u.short_name: u for u in Unit.objects.filter(kind=UnitKind.JUDICIAL_OFFICE)}

    def project(name, amount, completed):
        return services.project_start(
            office=office[name],
            kind="renovation",
            investment_yuan=amount,
            started_on=D(2021, 6, 1),
            completed_on=completed,
            user=None,
        )

    project("乙", 500_000, D(2022, 12, 31))  # last day counts
    project("甲", 300_000, D(2022, 1, 1))  # first day counts
    project("丙", 480_000, D(2022, 7, 1))
    project("甲", 70_000, D(2022, 9, 1))  # a second project of the same office
    project("乙", 900_000, D(2021, 12, 31))  # previous year
    project("丙", 800_000, D(2023, 1, 1))  # next year
    project("甲", 600_000, None)  # still under way
    reg = registry()
    inv, names = reg["offices.construction_investment_wan"], reg["offices.construction_offices"]
    assert inv.compute(*YEAR) == 1_350_000
    assert inv.compute(*YEAR, county) == 1_350_000
    assert inv.compute(*YEAR, township_a) == 370_000
    assert names.compute(*YEAR) == ["甲", "丙", "乙"]  # by completion date, each once
    assert names.compute(*YEAR, township_b) == ["乙"]
    assert inv.format == "wan" and inv.unit == "万元"
