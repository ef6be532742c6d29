"""The children rules on a formset of child rows (a case's parties), shared by the entry forms.

Business records are entered through the workspace only (`sifa.workspace`); the admin keeps
accounts, catalogue and settings, so no record type has admin screens any more.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


def _children_checked(formset_class, rt, child):
    """`formset_class` whose clean() runs `child`'s rules on the rows the form will keep."""

    class ChildrenCheckedFormSet(formset_class):  # type: ignore[misc, valid-type]  # made at runtime
        def clean(self):
            super().clean()
            if any(self.errors):
                return
            rows = [
                f.instance
                for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            creating = self.instance is None or self.instance._state.adding
            problems = child.problems(self.instance, rows, creating=creating)
            if problems:
                raise ValidationError(problems)

    ChildrenCheckedFormSet.__name__ = formset_class.__name__
    return ChildrenCheckedFormSet
