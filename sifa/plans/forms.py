"""Forms of the plan item's moves."""

import datetime as dt

from django import forms


class MoveForm(forms.Form):
    on = forms.DateField(label="日期", initial=dt.date.today)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
