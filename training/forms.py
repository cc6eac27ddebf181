"""Forms of the training app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from juki_admin.forms import ModelChoiceField, ModelMultipleChoiceField, PastDateField
from juki_admin.models import Office, Staff

from .choices import AttendanceStatus, ViolationSource


class InviteForm(forms.Form):
    offices = ModelMultipleChoiceField(
        label=_("offices"),
        queryset=Office.objects.filter(active=True).order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every office."),
    )
    include_invited_elsewhere = forms.BooleanField(
        label=_("also those who already attended this kind of training this year"),
        required=False,
    )


class AttendanceSheetForm(forms.Form):
    """The session's list, one row per invited person: attendance and note."""

    def __init__(self, *args, attendances=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for a in attendances:
            status = forms.ChoiceField(
                label=str(a.staff), choices=AttendanceStatus.choices, initial=a.status
            )
            note = forms.CharField(label=_("note"), max_length=200, required=False, initial=a.note)
            self.fields[f"status_{a.staff_id}"] = status
            self.fields[f"note_{a.staff_id}"] = note
            self.rows.append((a, f"status_{a.staff_id}", f"note_{a.staff_id}"))

    def entries(self) -> list[tuple[Staff, str, str]]:
        return [(a.staff, self.cleaned_data[s], self.cleaned_data[n]) for a, s, n in self.rows]

    def bound_rows(self):
        return [(a, self[s], self[n]) for a, s, n in self.rows]


class ViolationForm(forms.Form):
    staff = ModelChoiceField(
        label=_("staff member"),
        queryset=Staff.objects.select_related("office").order_by("office__code", "employee_number"),
    )
    source = forms.ChoiceField(label=_("recorded by"), choices=ViolationSource.choices)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}))
    on = PastDateField(label=_("recorded on"), required=False)
