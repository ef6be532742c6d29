"""Figures of the team line (figures.yaml section 5: 队伍、乡村振兴、大走访)."""

from __future__ import annotations

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import DonationKind


def _activities(id_: str, label: str, code: str, unit: str, fmt: str = "exact") -> Indicator:
    return Indicator(
        id=id_,
        label=label,
        kind="count",
        model="core.Activity",
        date_field="date",
        where=Q(type__code=code),
        unit=unit,
        format=fmt,
    )


def _quantity(
    id_: str, label: str, code: str, measure: str, unit: str, fmt: str = "exact"
) -> Indicator:
    return Indicator(
        id=id_,
        label=label,
        kind="sum",
        model="core.Activity",
        date_field="date",
        where=Q(type__code=code),
        field=f"quantities__{measure}",
        unit=unit,
        format=fmt,
    )


def _serving(start, end) -> Q:
    """In office on the end date."""
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=end))


def _places(pks: list) -> str:
    """桥东街道东关村 for each first secretary in office, joined with 、."""
    from .models import FirstSecretary

    found = {
        s.pk: s.place
        for s in FirstSecretary.all_objects.filter(pk__in=pks).select_related("township", "region")
    }
    places = []
    for pk in pks:
        if found.get(pk) and found[pk] not in places:
            places.append(found[pk])
    return "、".join(places)


# The core's text kind needs a date_field (records dated in the period); a first secretary is a
# stock "in office on the end date", so the period is widened far enough back to take in every
# posting and `_serving` decides.
SERVING_WINDOW_YEARS = 100

INDICATORS = [
    _activities("team.rotation_classes", "举办政治轮训班", "rotation_class", "次"),
    _activities("team.party_lessons", "主题党课", "party_lesson", "次"),
    _activities("team.study_sessions", "集中学习会", "study_session", "次", "yu"),
    _activities("team.party_days", "开展主题党日活动", "party_day", "次"),
    Indicator(
        id="team.violations_3y",
        label="近三年违纪违法行为及因执法不当引发的群体性事件",
        kind="count",
        model="team.Incident",
        date_field="occurred_on",
        window_years=3,
        unit="起",
    ),
    _activities("rural.classes", "举办“乡村振兴法治课堂”", "rural_law_class", "场次"),
    _quantity(
        "rural.class_attendees",
        "乡村振兴法治课堂受教育群众",
        "rural_law_class",
        "attendees",
        "人",
        "wan_yu",
    ),
    _activities("rural.consultation_events", "涉农法律咨询", "agri_consultation", "场"),
    _activities("rural.enterprise_checkups", "乡村企业“法治体检”", "enterprise_checkup", "场次"),
    _activities("rural.policy_lectures", "宣讲涉农法律政策", "agri_policy_lecture", "场次"),
    Indicator(
        id="rural.first_secretary_village",
        label="选派第一书记所在村",
        kind="text",
        model="team.FirstSecretary",
        date_field="started_on",
        window_years=SERVING_WINDOW_YEARS,
        where=_serving,
        field="pk",
        order_by=("started_on", "pk"),
        text=_places,
    ),
    _quantity(
        "rural.volunteer_person_times",
        "干部参与疫情值守、果园防冻",
        "volunteering",
        "person_times",
        "人次",
        "yu",
    ),
    Indicator(
        id="rural.flood_donation_yuan",
        label="防汛救灾捐款",
        kind="sum",
        model="team.Donation",
        date_field="date",
        where=Q(kind=DonationKind.FLOOD_RELIEF),
        field="amount_yuan",
        unit="元",
    ),
    Indicator(
        id="rural.consumption_aid_yuan",
        label="消费扶贫",
        kind="sum",
        model="team.Donation",
        date_field="date",
        where=Q(kind=DonationKind.CONSUMPTION_AID),
        field="amount_yuan",
        unit="元",
        format="yu",
    ),
    Indicator(
        id="rural.village_project_wan",
        label="投资帮扶村建成项目",
        kind="sum",
        model="team.VillageProject",
        date_field="completed_on",
        field="investment_yuan",
        unit="万元",
        format="wan",
    ),
    _quantity(
        "visits.letters", "发放《致全县人民群众的一封信》", "household_visit", "letters", "份"
    ),
    _quantity("visits.outlines", "平安建设走访宣传提纲", "household_visit", "outlines", "份"),
    _quantity(
        "visits.mock_surveys", "平安建设满意度模拟问卷", "household_visit", "mock_surveys", "份"
    ),
    _quantity("visits.posters", "张贴宣传海报", "household_visit", "posters", "张", "yu"),
    _quantity("visits.materials", "发放宣传资料", "household_visit", "materials", "份", "yu"),
    _quantity(
        "visits.registrations", "填写入户来访登记表", "household_visit", "registrations", "份", "yu"
    ),
    _quantity("visits.surveys", "调查问卷", "household_visit", "surveys", "份", "yu"),
]
