"""Forms of the mediation case's moves: what each step asks for.

Fields the case's own rules require (an agreement form, a reason) are left optional here, so
that the refusal is the case's message (MediationCase.clean) on every door.
"""

import datetime as dt

from django import forms

from .models import AgreementForm


def _today():
    return dt.date.today()


class StartForm(forms.Form):
    on = forms.DateField(label="开始调解日期", initial=_today)


class SucceedForm(forms.Form):
    on = forms.DateField(label="办结日期", initial=_today)
    agreement_form = forms.ChoiceField(
        label="调解协议形式", required=False, choices=[("", "—"), *AgreementForm.choices]
    )
    effective_on = forms.DateField(
        label="协议生效日期", required=False, help_text="留空为办结日期。"
    )


class TerminateForm(forms.Form):
    on = forms.DateField(label="终止日期", initial=_today)
    reason = forms.CharField(
        label="终止原因", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmationForm(forms.Form):
    on = forms.DateField(label="申请司法确认日期", initial=_today)
