"""Every format example of figures.yaml, table-driven."""

import pytest

from sifa.reports import formats


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (12345, "12000余"),
        (987, "980余"),
        (24, "20余"),
        (12000, "12000"),
        (9, "9"),
        (0, "0"),
        (10, "10"),
        (99, "90余"),
        (100, "100"),
        (101, "100余"),
        (12683, "12000余"),
        (36542, "36000余"),
        (563, "560余"),
        (26, "20余"),
    ],
)
def test_yu_rounds_down_to_two_leading_digits(n, text):
    assert formats.yu(n) == text


@pytest.mark.parametrize(
    ("n", "text"), [(36512, "3万余"), (30000, "3万"), (13560, "1万余"), (123456, "12万余")]
)
def test_wan_yu(n, text):
    assert formats.wan_yu(n) == text


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (1_234_500, "123"),
        (1_235_000, "124"),
        (12_300, "1.23"),
        (2_346_800, "235"),
        (1_280_000, "128"),
        (150_000, "15"),
        (100_000, "10"),
        (99_995, "10"),
        (12_000, "1.2"),
        (10_000, "1"),
        (50, "0.01"),
        (49, "0"),
        (0, "0"),
    ],
)
def test_wan_rounds_half_up(yuan, text):
    assert formats.wan(yuan) == text


@pytest.mark.parametrize(
    ("num", "den", "text"),
    [
        (7, 7, "100％"),
        (1, 3, "33.3％"),
        (2, 3, "66.7％"),
        (1, 8, "12.5％"),
        (1, 16, "6.3％"),
        (0, 5, "0％"),
        (0, 0, "—"),
        (5, 0, "—"),
    ],
)
def test_percent_half_up_full_width(num, den, text):
    assert formats.percent(num, den) == text
    assert formats.format_value("percent", (num, den)) == text


@pytest.mark.parametrize(
    ("items", "text"),
    [
        (["店头司法所", "隆坊司法所", "田庄司法所"], "店头、隆坊、田庄司法所"),
        (["法援中心", "正衡律师事务所", "明德律师事务所"], "法援中心，正衡、明德律师事务所"),
        (["甲", "乙"], "甲、乙"),
        (["白石司法所"], "白石司法所"),
        (["《甲规划》", "《乙方案》"], "《甲规划》《乙方案》"),
        (
            [
                "《反有组织犯罪法》",
                "“4·15”全民国家安全教育日",
                "“美好生活·民法典相伴”",
                "“12.4”国家宪法宣传周",
            ],
            "《反有组织犯罪法》“4·15”全民国家安全教育日、“美好生活·民法典相伴”“12.4”国家宪法宣传周",
        ),
        ([], ""),
    ],
)
def test_lists_share_suffix_once(items, text):
    assert formats.join_list(items) == text


def test_format_value_dispatches_on_format():
    assert formats.format_value("yu", 12345) == "12000余"
    assert formats.format_value("exact", 12345) == "12345"
    assert formats.format_value("wan", 2_346_800) == "235"
    assert formats.format_value("wan_yu", 13560) == "1万余"
    assert formats.format_value("text", "桥东街道东关村") == "桥东街道东关村"
