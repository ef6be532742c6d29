"""The last case number given per county, line and year (core.casenumbers locks its row)."""

from django.db import models

from ..lines import Line
from .regions import Region


class CaseNumberSequence(models.Model):
    county = models.ForeignKey(
        Region, verbose_name="县", on_delete=models.PROTECT, related_name="+"
    )
    line = models.CharField("业务条线", max_length=20, choices=Line.choices)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已编到第几号", default=0)

    class Meta:
        verbose_name = "案号序列"
        verbose_name_plural = "案号序列"
        constraints = [
            models.UniqueConstraint(
                fields=["county", "line", "year"], name="one_case_number_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_line_display()}{self.year}年：第{self.last}号"
