import pytest

from sifa.core.lines import Line


@pytest.fixture
def plans_clerk(make_user):
    return make_user("section", lines=[Line.TEAM, Line.PLANS])


@pytest.fixture
def make_item(county):
    from sifa.plans import services

    def make(year=2023, order=1, deadline=None, heading="", text="工作内容", **kw):
        kw.setdefault("section_line", Line.RULELAW)
        return services.plan_item_create(
            year=year,
            order=order,
            heading=heading,
            text=text,
            deadline=deadline,
            region=kw.pop("region", county),
            **kw,
        )

    return make
