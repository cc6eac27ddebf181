"""Forms of the cards app. No form has a status field: statuses change only in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from juki_admin.forms import ReasonForm
from juki_admin.models import Staff

from .choices import CardKind, UseMode
from .models import Affair, OperatorGroup

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class DatedReasonForm(ReasonForm):
    """A reason and the date the action took place (default today)."""

    on = forms.DateField(label=_("date"), required=False, widget=DATE_WIDGET)


class OptionalReasonForm(DatedReasonForm):
    reason = forms.CharField(
        label=_("note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterCardsForm(ReasonForm):
    kind = forms.ChoiceField(label=_("kind"), choices=CardKind.choices)
    serials = forms.CharField(
        label=_("serial numbers"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, or separated by commas."),
    )
    on = forms.DateField(label=_("date"), required=False, widget=DATE_WIDGET)

    field_order = ["kind", "serials", "on", "reason"]

    def clean_serials(self):
        raw = self.cleaned_data["serials"].replace("、", ",").replace(",", "\n")
        return [s for s in raw.splitlines() if s.strip()]


class IssueForm(OptionalReasonForm):
    holder = forms.ModelChoiceField(
        label=_("holder"), queryset=Staff.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("operator group"), queryset=OperatorGroup.objects.none(), required=False
    )
    acknowledged_receipt = forms.BooleanField(
        label=_("The holder acknowledges receipt of the card."), required=False
    )
    pledged_not_to_lend = forms.BooleanField(
        label=_("The holder pledges not to lend the card to anyone."), required=False
    )

    field_order = ["holder", "group", "on", "acknowledged_receipt", "pledged_not_to_lend", "reason"]

    def __init__(self, *args, card=None, **kwargs):
        super().__init__(*args, **kwargs)
        if card is not None and card.kind == CardKind.GROUP:
            del self.fields["holder"]
            self.fields["group"].queryset = OperatorGroup.objects.select_related("office")
            self.fields["group"].required = True
        else:
            del self.fields["group"]
            self.fields["holder"].queryset = Staff.objects.select_related("office").order_by(
                "office__code", "employee_number"
            )
            self.fields["holder"].required = True


class ReportLostForm(OptionalReasonForm):
    reported_by = forms.ModelChoiceField(
        label=_("reported by"), queryset=Staff.objects.none(), required=False
    )
    last_seen_on = forms.DateField(label=_("last seen on"), required=False, widget=DATE_WIDGET)
    last_seen_place = forms.CharField(label=_("last seen at"), max_length=200, required=False)

    def __init__(self, *args, staff_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff_queryset is not None:
            self.fields["reported_by"].queryset = staff_queryset


class PasswordChangeForm(forms.Form):
    on = forms.DateField(label=_("date of the change"), required=False, widget=DATE_WIDGET)


class DesignateForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("operator"), queryset=Staff.objects.none())
    use_mode = forms.ChoiceField(label=_("use"), choices=UseMode.choices)
    group = forms.ModelChoiceField(
        label=_("operator group"), queryset=OperatorGroup.objects.none(), required=False
    )
    affairs = forms.ModelMultipleChoiceField(
        label=_("affairs"),
        queryset=Affair.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        if office is not None:
            self.fields["staff"].queryset = Staff.objects.filter(office=office)
            self.fields["group"].queryset = OperatorGroup.objects.filter(office=office)


class InventoryOpenForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    due_on = forms.DateField(label=_("due on"), widget=DATE_WIDGET)


class InventoryConfirmForm(forms.Form):
    in_hand = forms.TypedChoiceField(
        label=_("result"),
        choices=[("1", _("in hand")), ("0", _("not found"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("where and when last seen"), max_length=200, required=False)


class IncidentEntryForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    text = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 3}))
