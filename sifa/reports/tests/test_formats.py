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


class TestChange:
    """A change is written in the figure's own unit and format, never the raw difference."""

    def test_amount_in_wan_yuan(self):
        # 235万元 against 216万元 (kept in yuan): the change is in 万元 too, not "+187744".
        assert formats.format_change("wan", 2_350_000, 2_162_256, "万元") == "+19万元（+8.7％）"
        assert formats.format_change("wan", 1_180_000, 1_282_400, "万元") == "-10万元（-8％）"

    def test_a_large_amount_to_whole_wan(self):
        assert formats.format_change("wan", 1_050_000, 1_000_000, "万元") == "+5万元（+5％）"
        assert formats.format_change("wan", 1_001_234, 1_000_000, "万元") == "+0.12万元（+0.1％）"

    def test_a_tiny_amount_is_not_shown_as_zero(self):
        assert formats.format_change("wan", 10_030, 10_000, "万元").startswith("+不足0.01万元")

    def test_count_with_its_unit(self):
        assert formats.format_change("exact", 12, 10, "件") == "+2件（+20％）"
        assert formats.format_change("exact", 3, 0, "件") == "+3件"

    def test_approximate_count_keeps_its_rounding(self):
        assert formats.format_change("yu", 12_345, 11_000, "人次") == "+1300余人次（+12.2％）"

    def test_equal(self):
        assert formats.format_change("exact", 5, 5, "件") == "持平"
        assert formats.format_change("percent", (5, 5), (6, 6)) == "持平"

    def test_rate_in_percentage_points(self):
        assert formats.format_change("percent", (9, 10), (4, 5)) == "+10个百分点"
        assert formats.format_change("percent", (3, 4), (5, 6)) == "-8.3个百分点"
        assert formats.format_change("percent", (1, 2), (0, 0)) == "—"

    def test_lists_have_no_change(self):
        assert formats.format_change("list", ["甲"], ["乙"]) == ""
