"""Returns an administrator declares in the admin, as the same YAML the built-in ones use."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .spec import ReturnSpec, SpecError, load_text, parse

MSG_NAME_TAKEN = "“{name}”是内置报表的代号，请换一个。"
MSG_NAME_DIFFERS = "定义中的代号“{inner}”与报表代号“{name}”不一致。"

EXAMPLE = """name: mediation_by_committee_kind
title: 人民调解案件按调委会类型统计表
model: mediation.MediationCase
date_field: received_on
unit: 件
rows:
  - by: committee__kind
    total: 合计
columns:
  - {key: received, label: 受理}
  - {key: succeeded, label: 调解成功, figure: mediation.succeeded}
"""


class ReturnDefinition(models.Model):
    name = models.SlugField("报表代号", max_length=50, unique=True)
    title = models.CharField("报表名称", max_length=100, editable=False)
    declaration = models.TextField(
        "报表定义",
        default=EXAMPLE,
        help_text="YAML格式：记录类型、统计期依据的日期、行（分类）、栏（条件与统计方式）。"
        "字段须取自“字段目录”，保存时逐项检查。",
    )
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "自定义统计报表"
        verbose_name_plural = "自定义统计报表"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title or self.name

    def spec(self) -> ReturnSpec:
        return parse(load_text(self.declaration))

    def clean(self):
        from .library import builtin

        if self.name in builtin():
            raise ValidationError({"name": MSG_NAME_TAKEN.format(name=self.name)})
        try:
            spec = self.spec()
        except SpecError as exc:
            raise ValidationError({"declaration": exc.messages})
        if spec.name != self.name:
            raise ValidationError(
                {"declaration": MSG_NAME_DIFFERS.format(inner=spec.name, name=self.name)}
            )
        self.title = spec.title
