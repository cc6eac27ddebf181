"""Forms of the organisation core."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import StaffStatus


class ReasonForm(forms.Form):
    """The confirmation every recorded action asks for: why it is done."""

    reason = forms.CharField(
        label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffStatusForm(ReasonForm):
    status = forms.ChoiceField(label=_("staff status"), choices=StaffStatus.choices)
    effective_date = forms.DateField(
        label=_("effective date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Required for on leave, retired and transferred; may lie in the future."),
    )

    field_order = ["status", "effective_date", "reason"]


class StaffImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    dry_run = forms.BooleanField(label=_("dry run (write nothing)"), required=False)
