"""Forms of the correction moves: the date, the reason where the law asks for one, a note."""

from django import forms


class MoveForm(forms.Form):
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label="原因", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        if reasons:
            self.fields["reason"].choices = [(r.value, r.label) for r in reasons]
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class SupervisionForm(forms.ModelForm):
    """One act of supervision recorded on a subject's file page (the subject is the page's)."""

    class Meta:
        from .models import SupervisionEvent

        model = SupervisionEvent
        fields = ["kind", "date", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"kind": "监督管理方式"}
