"""The demo county's fixed geography, units and accounts (fictional names)."""

from __future__ import annotations

import datetime as dt
import os

from ..models import CountyProfile, Region, RegionLevel, Unit, UnitKind

COUNTY_CODE = "610632000000"
CITY_CODE = "610600000000"
PROVINCE_CODE = "610000000000"

# (code part, name, kind, number of villages) — 6 townships, 114 villages/communities.
TOWNSHIPS = [
    ("001", "桥东街道", "qiaodong", 18),
    ("002", "河西街道", "hexi", 17),
    ("100", "白石镇", "baishi", 21),
    ("101", "柳林镇", "liulin", 20),
    ("102", "青岗镇", "qinggang", 19),
    ("103", "双龙镇", "shuanglong", 19),
]

# Two-character village names; streets get communities (社区) for their first few.
VILLAGE_NAMES = (
    "东关 西关 南街 北街 新华 建设 文化 和平 园林 滨河 凤凰 金桥 上河 下河 杨庄 李家 王庄 张寨 "
    "马坊 刘湾 高坪 石门 红旗 胜利 前进 团结 永乐 安平 太平 长青 松林 柏树 桃园 杏林 梨园 枣坪 "
    "核桃 槐树 柳湾 杨坪 白杨 青松 黄土 红崖 黑龙 金盆 银坪 玉泉 龙泉 清泉 甘泉 温泉 泉沟 沙沟 "
    "水沟 麻地 菜园 果园 瓜园 稻田 麦地 谷坡 豆村 米家 何家 赵家 孙家 周家 吴家 郑家 冯家 陈家 "
    "褚家 卫家 蒋家 沈家 韩家 朱家 秦家 许家 吕家 施家 曹家 严家 华家 金家 魏家 陶家 姜家 谢家 "
    "邹家 柏家 窦家 章家 苏家 潘家 葛家 范家 彭家 鲁家 韦家 昌家 苗家 凤岭 雷家 贺家 倪家 汤家 "
    "殷家 罗家 毕家 郝家 安家 常家 乐家 于家 傅家 皮家 齐家 康家"
).split()

PROFILE = {
    "county_name": "安澜",
    "city_name": "北原",
    "province_short": "陕",
    "party_congress": "十七届三次",
    "county_slogan": "民族圣地﹒绿色安澜",
}

LAW_FIRMS = [("正衡", "100"), ("明德", "001"), ("秦川", "002"), ("华岳", "101")]

AGENCIES = [
    "县人民政府",
    "县公安局",
    "县市场监督管理局",
    "县自然资源局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县农业农村局",
    "县卫生健康局",
    "县应急管理局",
    "县城市管理执法局",
    "县文化和旅游局",
    "县人力资源和社会保障局",
    "县林业局",
    "县水务局",
    "县教育局",
    "县生态环境分局",
    "县民政局",
    "县财政局",
]

OPENED = dt.date(2019, 6, 1)


def build_county():
    from ..catalogue import load_catalogue
    from ..models import ActivityType, Measure

    if not ActivityType.objects.exists():  # a flushed database (transactional tests)
        load_catalogue(Measure, ActivityType)
    province = Region.objects.create(code=PROVINCE_CODE, name="陕西省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(
        code=CITY_CODE, name=f"{PROFILE['city_name']}市", level=RegionLevel.CITY, parent=province
    )
    county = Region.objects.create(
        code=COUNTY_CODE, name=f"{PROFILE['county_name']}县", level=RegionLevel.COUNTY, parent=city
    )
    profile = CountyProfile.objects.create(region=county, **PROFILE)
    townships, villages = [], []
    names = iter(VILLAGE_NAMES)
    for i, (part, name, _slug, n) in enumerate(TOWNSHIPS):
        town = Region.objects.create(
            code=f"{COUNTY_CODE[:6]}{part}000",
            name=name,
            level=RegionLevel.TOWNSHIP,
            parent=county,
            sort=i,
        )
        townships.append(town)
        for j in range(n):
            is_street = name.endswith("街道")
            community = is_street and j < 6
            suffix = "社区" if community else "村"
            num = (j + 1) if community else (200 + j)
            villages.append(
                Region(
                    code=f"{town.code[:9]}{num:03d}",
                    name=f"{next(names)}{suffix}",
                    level=RegionLevel.VILLAGE,
                    parent=town,
                    sort=j,
                )
            )
    Region.objects.bulk_create(villages)
    return profile, townships, villages


def build_units(ctx) -> None:
    county = ctx.county
    cname = ctx.profile.county_name
    units = [
        Unit(name=f"{cname}县司法局", short_name="县司法局", kind=UnitKind.BUREAU, region=county),
        Unit(
            name=f"{cname}县法律援助中心",
            short_name="法援中心",
            kind=UnitKind.LEGAL_AID_CENTRE,
            region=county,
        ),
        Unit(
            name=f"{cname}县公证处", short_name="公证处", kind=UnitKind.NOTARY_OFFICE, region=county
        ),
        Unit(name=f"{cname}县人民法院", short_name="县法院", kind=UnitKind.COURT, region=county),
        Unit(
            name=f"{cname}县人民检察院",
            short_name="县检察院",
            kind=UnitKind.PROCURATORATE,
            region=county,
        ),
        Unit(
            name=f"{cname}县公共法律服务中心",
            short_name="县公共法律服务中心",
            kind=UnitKind.PLATFORM_CENTRE,
            region=county,
            opened_on=dt.date(2018, 9, 1),
        ),
    ]
    units += [
        Unit(name=f"{cname}{a}", short_name=a, kind=UnitKind.AGENCY, region=county)
        for a in AGENCIES
    ]
    for town in ctx.townships:
        short = town.short_name
        units.append(
            Unit(
                name=f"{short}司法所", short_name=short, kind=UnitKind.JUDICIAL_OFFICE, region=town
            )
        )
        units.append(
            Unit(
                name=f"{town.name}公共法律服务工作站",
                short_name=f"{short}工作站",
                kind=UnitKind.PLATFORM_STATION,
                region=town,
                opened_on=dt.date(2019, 3, 1),
            )
        )
    for firm, township_part in LAW_FIRMS:
        region = Region.objects.get(code=f"{COUNTY_CODE[:6]}{township_part}000")
        units.append(
            Unit(name=f"{firm}律师事务所", short_name=firm, kind=UnitKind.LAW_FIRM, region=region)
        )
    rng = ctx.rng("platform_rooms")
    for village in ctx.villages:
        opened = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 900))  # by mid-2021
        units.append(
            Unit(
                name=f"{village.name}公共法律服务室",
                short_name=f"{village.short_name}服务室",
                kind=UnitKind.PLATFORM_ROOM,
                region=village,
                opened_on=opened,
            )
        )
    Unit.objects.bulk_create(units)


DEMO_PASSWORD_DEFAULT = "Sifa-demo-2022"


def demo_password(password: str | None = None) -> str:
    return password or os.environ.get("SIFA_DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT


def account_specs(county, townships):
    """(username, display name, role, region, lines, sealed) for every demo account."""
    specs = [
        # 三员分立: three administrators, none with business rights (two-factor login)
        ("admin", "系统管理员", "admin", county, [], False),
        ("anquan", "安全管理员", "security", county, [], False),
        ("shenji", "安全审计员", "auditor", county, [], False),
        ("juzhang", "局长", "leader", county, [], False),
        (
            "fazhi",
            "法制股科员",
            "section",
            county,
            ["rulelaw", "normdocs", "reconsideration", "litigation", "enforcement"],
            False,
        ),
        ("jiaozheng", "社区矫正股科员", "section", county, ["correction"], True),
        (
            "gongfu",
            "公共法律服务股科员",
            "section",
            county,
            ["mediation", "legalservice", "legalaid", "notary", "offices"],
            False,
        ),
        ("zhenggong", "政工室科员", "section", county, ["team", "plans"], False),
        ("shangji", "市局查看", "viewer", county, [], False),
    ]
    for (_part, _name, slug, _n), town in zip(TOWNSHIPS, townships, strict=True):
        specs.append((f"sfs_{slug}", f"{town.short_name}司法所", "office", town, [], False))
    return specs


def build_accounts(ctx, password: str | None = None) -> None:
    from django.contrib.auth.hashers import make_password

    from sifa.accounts.models import User

    # One Argon2 hash shared by the demo accounts (same demo password): hashing is the slow
    # part of the first run, and demo accounts are not real people's secrets.
    existing = set(User.objects.values_list("username", flat=True))
    specs = [s for s in account_specs(ctx.county, ctx.townships) if s[0] not in existing]
    if not specs:  # a demo built by an earlier version gets only the accounts it lacks
        return
    hashed = make_password(demo_password(password))
    for username, display, role, region, lines, sealed in specs:
        user = User(
            username=username,
            display_name=display,
            role=role,
            region=region,
            lines=lines,
            can_view_sealed=sealed,
        )
        user.password = hashed
        user.save()
