"""The demo county's 2022 figures of this line equal the seed's targets; lists match the seed."""

import datetime as dt

import pytest

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.core.demo.targets import SEED_2022
from sifa.core.indicators import registry
from sifa.rulelaw import demo


@pytest.fixture
def demo_ctx(db):
    profile, townships, villages = county_data.build_county()
    ctx = DemoContext(
        seed=DEMO_SEED,
        county=profile.region,
        townships=townships,
        villages=villages,
        profile=profile,
    )
    county_data.build_units(ctx)
    demo.generate(ctx)
    return ctx


def test_2022_targets_and_lists(demo_ctx):
    reg = registry()
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    ids = [i for i in SEED_2022 if i.split(".")[0] in ("rulelaw", "publicity")]
    assert ids
    for figure in ids:
        assert reg[figure].compute(start, end, None, reg) == demo_ctx.target(2022, figure), figure
    c = demo_ctx.profile.county_name
    assert reg["rulelaw.documents_issued"].compute(start, end) == [
        f"法治{c}建设实施规划（2022－2025）",
        f"{c}县法治社会建设实施方案（2022－2025）",
        f"{c}县法治政府建设设施方案（2022－2025）",
        f"{c}县“八五”普法规划",
        f"{c}县2022年度法治政府建设工作要点",
        "2022年全县普法依法治理工作要点",
    ]
    assert reg["publicity.campaign_themes"].compute(start, end) == [
        "《反有组织犯罪法》",
        "“4·15”全民国家安全教育日",
        "“美好生活·民法典相伴”",
        "“12.4”国家宪法宣传周",
    ]


def test_every_village_has_a_legal_literate_at_the_end_of_2022(demo_ctx):
    from sifa.accounts.models import User
    from sifa.rulelaw import selectors

    leader = User.objects.create(username="leader", role="leader", region=demo_ctx.county)
    assert selectors.villages_without_literate(leader, on=dt.date(2022, 12, 31)) == []
