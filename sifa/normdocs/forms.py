"""Forms of a legality review's moves: what each step asks for."""

import datetime as dt

from django import forms

from .models import Opinion


def _today():
    return dt.date.today()


class CompleteForm(forms.Form):
    on = forms.DateField(label="审核完成日期", initial=_today)
    opinion = forms.ChoiceField(label="审核意见", choices=Opinion.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    on = forms.DateField(label="发布日期", initial=_today)
    number = forms.CharField(label="文号", required=False, max_length=60)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FileForm(forms.Form):
    on = forms.DateField(label="备案日期", initial=_today)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
