"""Forms of the notary moves: issue the certificate, refuse or terminate with reasons."""

import datetime as dt

from django import forms

from .models import MSG_CERT_REQUIRED, MSG_REASON_REQUIRED


def _today():
    return dt.date.today()


class IssueForm(forms.Form):
    on = forms.DateField(label="出证日期", initial=_today)
    certificate_no = forms.CharField(
        label="公证书编号", max_length=40, error_messages={"required": MSG_CERT_REQUIRED}
    )


class ReasonForm(forms.Form):
    on = forms.DateField(label="决定日期", initial=_today)
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": MSG_REASON_REQUIRED},
    )
