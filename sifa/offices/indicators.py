"""Figures of the offices line (figures.yaml section 3)."""

from sifa.core.indicators import Indicator

INDICATORS = [
    Indicator(
        id="offices.construction_investment_wan",
        label="司法所业务用房建设投资",
        kind="sum",
        model="offices.BuildingProject",
        date_field="completed_on",
        field="investment_yuan",
        unit="万元",
        format="wan",
    ),
    Indicator(
        id="offices.construction_offices",
        label="业务用房新建和维修改造的司法所",
        kind="list",
        model="offices.BuildingProject",
        date_field="completed_on",
        field="office__short_name",
        order_by=("completed_on", "pk"),
    ),
]
