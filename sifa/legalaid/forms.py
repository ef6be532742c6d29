"""Forms of the legalaid entry screens: the review and assignment moves, the case form."""

import datetime as dt

from django import forms

from sifa.core.models import Unit

from .models import HANDLER_KINDS, MSG_LAWYER_REQUIRED, MSG_REFUSAL_REASON, AidCase, RecipientGroup


def _today():
    return dt.date.today()


class ApproveForm(forms.Form):
    on = forms.DateField(label="决定日期", initial=_today)


class RefuseForm(forms.Form):
    on = forms.DateField(label="决定日期", initial=_today)
    refusal_reason = forms.CharField(
        label="不予援助理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="将书面告知申请人（《法律援助法》第四十三条）。",
        error_messages={"required": MSG_REFUSAL_REASON},
    )


class AssignForm(forms.Form):
    on = forms.DateField(label="指派日期", initial=_today)
    handler = forms.ModelChoiceField(
        label="承办机构", queryset=Unit.objects.filter(kind__in=HANDLER_KINDS)
    )
    lawyer = forms.CharField(
        label="承办律师", max_length=30, error_messages={"required": MSG_LAWYER_REQUIRED}
    )
    agri = forms.BooleanField(label="涉农案件", required=False)
    recipient_groups = forms.MultipleChoiceField(
        label="受援人群体",
        choices=RecipientGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AidCaseForm(forms.ModelForm):
    recipient_groups = forms.MultipleChoiceField(
        label="受援人群体",
        choices=RecipientGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AidCase
        fields = [
            "region",
            "application",
            "case_type",
            "recipient_name",
            "recipient_id_number",
            "handler",
            "lawyer",
            "assigned_on",
            "closed_on",
            "agri",
            "recipient_groups",
            "summary",
        ]
