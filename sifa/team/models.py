"""Records of the team line (队伍建设与乡村振兴).

Training classes, Party lessons, rural-law classes, household visits and the like are typed
activities of the core catalogue (`core.Activity`); the proxies below give each group its own
entry screen. The line's own records are donations, paired-village projects, the posted first
secretary and the incidents the report's "近三年…未发生" sentence counts.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Activity, Record, Region, RegionLevel
from sifa.core.models.records import LiveManager

MSG_AMOUNT_NEGATIVE = "金额不能为负数。"
MSG_INVESTMENT_NEGATIVE = "投资金额不能为负数。"
MSG_COMPLETED_BEFORE_START = "建成日期不能早于开工日期。"
MSG_ENDED_BEFORE_START = "任职结束日期不能早于任职开始日期。"
MSG_NOT_A_VILLAGE = "请选择村（社区）。"
MSG_NOT_A_TOWNSHIP = "请选择乡镇（街道）。"
MSG_VILLAGE_OUTSIDE_TOWNSHIP = "所选村（社区）不属于“{township}”，请重新选择。"


# --- typed activities of this line, one entry screen per group ------------------------------
class TeamActivityManager(LiveManager):
    """Live activities of the proxy's types only."""

    def get_queryset(self):
        return super().get_queryset().filter(type__code__in=self.model.type_codes)


class ActivityGroupMixin:
    """A group of this line's activity types: the proxy sees and scopes only `type_codes`."""

    type_codes: tuple[str, ...] = ()

    @classmethod
    def line_q(cls, lines):
        if Line.TEAM not in lines:
            return None
        return models.Q(type__line=Line.TEAM, type__code__in=cls.type_codes)


class TeamBuildingActivity(ActivityGroupMixin, Activity):
    type_codes = ("rotation_class", "party_lesson", "study_session", "party_day")

    objects = TeamActivityManager()
    all_objects = models.Manager()

    class Meta:
        proxy = True
        base_manager_name = "all_objects"
        verbose_name = "队伍建设活动"
        verbose_name_plural = "队伍建设活动（轮训班、党课、学习会、党日）"


class RuralActivity(ActivityGroupMixin, Activity):
    type_codes = (
        "rural_law_class",
        "agri_consultation",
        "enterprise_checkup",
        "agri_policy_lecture",
        "volunteering",
    )

    objects = TeamActivityManager()
    all_objects = models.Manager()

    class Meta:
        proxy = True
        base_manager_name = "all_objects"
        verbose_name = "乡村振兴活动"
        verbose_name_plural = "乡村振兴活动（法治课堂、涉农咨询、法治体检、政策宣讲、志愿服务）"


class HouseholdVisit(ActivityGroupMixin, Activity):
    type_codes = ("household_visit",)

    objects = TeamActivityManager()
    all_objects = models.Manager()

    class Meta:
        proxy = True
        base_manager_name = "all_objects"
        verbose_name = "干警大走访"
        verbose_name_plural = "干警大走访"


ACTIVITY_GROUPS = (TeamBuildingActivity, RuralActivity, HouseholdVisit)


# --- the line's own records --------------------------------------------------------------------
class DonationKind(models.TextChoices):
    FLOOD_RELIEF = "flood_relief", "防汛救灾捐款"
    CONSUMPTION_AID = "consumption_aid", "消费扶贫"


class Donation(Record):
    line = Line.TEAM

    kind = models.CharField("类别", max_length=20, choices=DonationKind.choices)
    date = models.DateField("日期", db_index=True)
    amount_yuan = models.BigIntegerField("金额（元）", help_text="取整到元。")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "捐款与消费扶贫"
        verbose_name_plural = "捐款与消费扶贫"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_yuan__gte=0),
                name="team_donation_amount_not_negative",
                violation_error_message=MSG_AMOUNT_NEGATIVE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.amount_yuan}元"

    def clean(self):
        if self.amount_yuan is not None and self.amount_yuan < 0:
            raise ValidationError({"amount_yuan": MSG_AMOUNT_NEGATIVE})


class VillageProject(Record):
    """A project in the paired-aid village (帮扶村); `region` is the village itself."""

    line = Line.TEAM

    region = models.ForeignKey(
        Region, verbose_name="帮扶村", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("项目名称", max_length=100)
    investment_yuan = models.BigIntegerField("投资金额（元）")
    started_on = models.DateField("开工日期")
    completed_on = models.DateField("建成日期", null=True, blank=True, db_index=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "帮扶村项目"
        verbose_name_plural = "帮扶村项目"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment_yuan__gte=0),
                name="team_project_investment_not_negative",
                violation_error_message=MSG_INVESTMENT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("started_on")),
                name="team_project_completed_after_start",
                violation_error_message=MSG_COMPLETED_BEFORE_START,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.region_id and self.region.level != RegionLevel.VILLAGE:
            errors["region"] = MSG_NOT_A_VILLAGE
        if self.investment_yuan is not None and self.investment_yuan < 0:
            errors["investment_yuan"] = MSG_INVESTMENT_NEGATIVE
        if self.completed_on and self.started_on and self.completed_on < self.started_on:
            errors["completed_on"] = MSG_COMPLETED_BEFORE_START
        if errors:
            raise ValidationError(errors)


class FirstSecretary(Record):
    """A staff member posted as first secretary (第一书记); `region` is the village."""

    line = Line.TEAM

    person = models.CharField("姓名", max_length=30)
    township = models.ForeignKey(
        Region, verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region,
        verbose_name="村",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="须属于所选乡镇（街道）。",
    )
    started_on = models.DateField("任职开始日期")
    ended_on = models.DateField("任职结束日期", null=True, blank=True, help_text="仍在任的留空。")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "选派第一书记"
        verbose_name_plural = "选派第一书记"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="team_secretary_end_after_start",
                violation_error_message=MSG_ENDED_BEFORE_START,
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.place}）"

    @property
    def village(self) -> Region | None:
        return self.region if self.region_id else None

    @property
    def place(self) -> str:
        """Township and village names, e.g. 桥东街道东关村."""
        township = self.township.name if self.township_id else ""
        village = self.region.name if self.region_id else ""
        return f"{township}{village}"

    def clean(self):
        errors = {}
        if self.township_id and self.township.level != RegionLevel.TOWNSHIP:
            errors["township"] = MSG_NOT_A_TOWNSHIP
        if self.region_id:
            if self.region.level != RegionLevel.VILLAGE:
                errors["region"] = MSG_NOT_A_VILLAGE
            elif self.township_id and not self.township.contains(self.region):
                errors["region"] = MSG_VILLAGE_OUTSIDE_TOWNSHIP.format(township=self.township.name)
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = MSG_ENDED_BEFORE_START
        if errors:
            raise ValidationError(errors)


class IncidentKind(models.TextChoices):
    MISCONDUCT = "misconduct", "干警违纪违法行为"
    MASS_INCIDENT = "mass_incident", "因执法不当引发的群体性事件"


class Incident(Record):
    line = Line.TEAM

    kind = models.CharField("类别", max_length=20, choices=IncidentKind.choices)
    occurred_on = models.DateField("发生日期", db_index=True)
    description = models.TextField("情况说明")

    class Meta:
        verbose_name = "违纪违法及群体性事件"
        verbose_name_plural = "违纪违法及群体性事件"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"
