"""Forms of the reconsideration moves (行政复议法): what each step of a case asks for.

Field names are shared by the steps (`text` is the correction items, the reason for rejecting
or for an extension), so the entry screen's single 办理 form and the per-step forms of the API
give the service the same data.
"""

import datetime as dt

from django import forms

from .models import CloseKind, Procedure, SuspensionGround, TerminationGround


def _today():
    return dt.date.today()


class OnForm(forms.Form):
    on = forms.DateField(label="办理日期", initial=_today)


class AcceptForm(OnForm):
    procedure = forms.ChoiceField(label="审理程序", choices=Procedure.choices, required=False)


class CorrectionForm(OnForm):
    text = forms.CharField(label="补正事项", required=False, widget=forms.Textarea)


class RejectForm(OnForm):
    text = forms.CharField(label="不予受理理由", required=False, widget=forms.Textarea)


class ExtendForm(OnForm):
    extension_days = forms.IntegerField(label="延长天数", required=False, min_value=1)
    extension_approver = forms.CharField(label="延期批准人", required=False)
    text = forms.CharField(label="延期理由", required=False, widget=forms.Textarea)


class SuspendForm(OnForm):
    suspension_ground = forms.ChoiceField(
        label="中止事由", required=False, choices=[("", "—"), *SuspensionGround.choices]
    )


class CloseForm(OnForm):
    close_kind = forms.ChoiceField(
        label="结案方式", required=False, choices=[("", "—"), *CloseKind.choices]
    )
    termination_ground = forms.ChoiceField(
        label="终止事由", required=False, choices=[("", "—"), *TerminationGround.choices]
    )
    summary = forms.CharField(label="决定要旨", required=False, widget=forms.Textarea)
