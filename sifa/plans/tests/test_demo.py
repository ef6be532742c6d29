"""The demo's 2023 plan items are the seed's closing section (二、下一步工作方向)."""

import datetime as dt

import pytest
from django.db.models import Q

from sifa.core.demo import DEMO_SEED, DemoContext
from sifa.core.demo import county as county_data
from sifa.plans import demo, selectors
from sifa.plans.models import PlanItem

SEED_OPENINGS = [
    "一是全面落实工作责任。全面落实党委（党组）书记点评法治",
    "二是加强行政应诉工作。认真贯彻落实市委依法治市委员会",
    "三是推进法治政府建设。推进法治政府建设“八项行动”",
    "四是加强执法协调监督。推进全面严格落实行政执法“三项制度”",
    "五是加强普法依法治理。持续推动落实国家工作人员学法用法制度",
]


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
    demo.generate(ctx)
    return ctx


@pytest.fixture
def leader(demo_ctx):
    from sifa.accounts.models import User

    return User.objects.create(username="leader", role="leader", region=demo_ctx.county)


def test_next_year_items_are_the_seeds(leader):
    sentences = selectors.report_sentences(leader, 2023)
    assert len(sentences) == 5
    for sentence, opening in zip(sentences, SEED_OPENINGS, strict=True):
        assert sentence.startswith(opening)
    assert "《北原市行政机关负责人出庭应诉办法》" in sentences[1]


def test_2022_items_exist_and_one_was_late_at_the_years_end(leader):
    """One 2022 item was still open past its deadline on 31 December 2022; the living demo
    completes it early in 2023, so no 2022 item stays overdue for ever."""
    end = dt.date(2022, 12, 31)
    assert selectors.items_of_year(leader, 2022).count() == 6
    late = PlanItem.objects.filter(year=2022, deadline__lt=end).filter(
        Q(closed_on=None) | Q(closed_on__gt=end)
    )
    assert late.count() == 1
    assert late.get().closed_on is not None
    assert selectors.overdue_items(leader).filter(year=2022).count() == 0
