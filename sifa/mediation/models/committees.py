"""Mediation committees (人民调解委员会), their members and mediation rooms (调解室)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.lines import Line
from sifa.core.models import Record

MSG_TERM_ORDER = "任期结束日期不能早于任期开始日期。"
MSG_MEMBER_ORDER = "离任日期不能早于任职日期。"
MSG_ROOM_ORDER = "停用日期不能早于启用日期。"


class CommitteeKind(models.TextChoices):
    VILLAGE = "village", "村（居）人民调解委员会"
    TOWNSHIP = "township", "乡镇（街道）人民调解委员会"
    ENTERPRISE = "enterprise", "企事业单位人民调解委员会"
    INDUSTRY = "industry", "行业性专业性人民调解委员会"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class MemberRole(models.TextChoices):
    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"


class MediationCommittee(Record):
    """人民调解委员会: 3–9 members including a woman (art. 9), a three-year term."""

    line = Line.MEDIATION

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=CommitteeKind.choices)
    term_start = models.DateField("本届任期开始日期")
    term_end = models.DateField("本届任期结束日期")
    established_on = models.DateField("成立日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "人民调解委员会"
        verbose_name_plural = "人民调解委员会"
        ordering = ["region_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="mediation_committee_term_order",
                violation_error_message=MSG_TERM_ORDER,
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": MSG_TERM_ORDER})

    def members_on(self, on: dt.date) -> list[CommitteeMember]:
        return [m for m in self.members.all() if m.serves_on(on)]


class CommitteeMember(models.Model):
    """One member of a committee for a span of time (a child of the committee)."""

    committee = models.ForeignKey(
        MediationCommittee,
        verbose_name="调解委员会",
        on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    role = models.CharField(
        "职务", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    from_on = models.DateField("任职日期")
    to_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "调解委员会委员"
        verbose_name_plural = "调解委员会委员"
        ordering = ["committee_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_on__isnull=True) | models.Q(to_on__gte=models.F("from_on")),
                name="mediation_member_dates_order",
                violation_error_message=MSG_MEMBER_ORDER,
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    def serves_on(self, on: dt.date) -> bool:
        return self.from_on <= on and (self.to_on is None or self.to_on >= on)

    def clean(self):
        if self.from_on and self.to_on and self.to_on < self.from_on:
            raise ValidationError({"to_on": MSG_MEMBER_ORDER})


class MediationRoom(Record):
    """调解室; one with a brand name is a 品牌调解室 (e.g. “老张调解室”)."""

    line = Line.MEDIATION

    name = models.CharField("名称", max_length=100)
    committee = models.ForeignKey(
        MediationCommittee,
        verbose_name="所属调解委员会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rooms",
    )
    brand_name = models.CharField(
        "品牌名称", max_length=50, blank=True, help_text="品牌调解室填写品牌名称；普通调解室留空。"
    )
    opened_on = models.DateField("启用日期")
    closed_on = models.DateField("停用日期", null=True, blank=True)

    class Meta:
        verbose_name = "调解室"
        verbose_name_plural = "调解室"
        ordering = ["region_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="mediation_room_dates_order",
                violation_error_message=MSG_ROOM_ORDER,
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branded(self) -> bool:
        return bool(self.brand_name)

    def clean(self):
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": MSG_ROOM_ORDER})


__all__ = [
    "MSG_TERM_ORDER",
    "MSG_MEMBER_ORDER",
    "MSG_ROOM_ORDER",
    "CommitteeKind",
    "Gender",
    "MemberRole",
    "MediationCommittee",
    "CommitteeMember",
    "MediationRoom",
]
