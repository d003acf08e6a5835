"""Forms of the ledger and credits pages: the reason of a reversal, and the semester whose
credits the officer assigns."""

from __future__ import annotations

from django import forms

from apps.core.forms import StyledFormMixin

from .common import SEMESTER_CHOICES, school_year_choices


class ReverseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="更正理由",
        required=False,
        max_length=2000,
        error_messages={"max_length": "更正理由最多 2000 字。"},
    )


class CreditAssignForm(forms.Form):
    school_year = forms.TypedChoiceField(coerce=int, choices=school_year_choices)
    semester = forms.TypedChoiceField(coerce=int, choices=SEMESTER_CHOICES)
