"""The forms of the rule-of-law line's steps and list actions (the workspace draws them)."""

from __future__ import annotations

import datetime as dt

from django import forms

MSG_LEAVE_FUTURE = "退出日期不能晚于今天（{today}）。"
MSG_YEAR_RANGE = "请填写 2000 至 2100 之间的年度。"


class LeaveForm(forms.Form):
    """办理退出 of one or several 法律明白人."""

    on = forms.DateField(label="退出日期", error_messages={"required": "请填写退出日期。"})
    note = forms.CharField(label="备注（退出原因）", max_length=200, required=False)

    def clean_on(self):
        on = self.cleaned_data["on"]
        today = dt.date.today()
        if on > today:
            raise forms.ValidationError(MSG_LEAVE_FUTURE.format(today=f"{today:%Y年%m月%d日}"))
        return on


def _year_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": f"请填写{label}。",
            "min_value": MSG_YEAR_RANGE,
            "max_value": MSG_YEAR_RANGE,
            "invalid": MSG_YEAR_RANGE,
        },
    )


class CarryForwardForm(forms.Form):
    """生成下一年度清单: copy one year's 普法责任清单 to a later year."""

    from_year = _year_field("原清单年度")
    to_year = _year_field("新清单年度")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = dt.date.today().year
        self.fields["from_year"].initial = year
        self.fields["to_year"].initial = year + 1


class CoverageForm(forms.Form):
    """The date the coverage page counts on."""

    on = forms.DateField(label="统计日期", required=False)
