"""Forms of the cards app. No form has a status field: statuses change only in services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juki_admin import fiscal
from juki_admin.forms import (
    EraDateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    PastDateField,
    ReasonForm,
)
from juki_admin.models import Staff
from juki_admin.once import OnceFormMixin

from .choices import CardKind, UseMode
from .models import Affair, OperatorGroup


class DatedReasonForm(ReasonForm):
    """A reason and the date the action took place (default today)."""

    on = PastDateField(label=_("date"), required=False, help_text=_("Leave empty for today."))

    field_order = ["on", "reason"]


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
    on = PastDateField(label=_("date"), required=False, help_text=_("Leave empty for today."))

    field_order = ["kind", "serials", "on", "reason"]

    def clean_serials(self):
        raw = self.cleaned_data["serials"].replace("、", ",").replace(",", "\n")
        return [s for s in raw.splitlines() if s.strip()]


class IssueForm(OptionalReasonForm):
    holder = ModelChoiceField(
        label=_("holder"),
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.Select(attrs={"data-searchable": _("Narrow by name or number")}),
    )
    group = ModelChoiceField(
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
        from . import selectors

        if card is not None and card.kind == CardKind.GROUP:
            del self.fields["holder"]
            self.fields["group"].queryset = selectors.groups_without_card()
            self.fields["group"].required = True
        else:
            del self.fields["group"]
            self.fields["holder"].queryset = selectors.operators_awaiting_card()
            self.fields["holder"].required = True
            self.fields["holder"].help_text = _(
                "Operators designated for an individual card on their office's roster in "
                "force who hold no card in use."
            )


class ReportLostForm(OptionalReasonForm):
    reported_by = ModelChoiceField(
        label=_("reported by"), queryset=Staff.objects.none(), required=False
    )
    last_seen_on = PastDateField(label=_("last seen on"), required=False)
    last_seen_place = forms.CharField(label=_("last seen at"), max_length=200, required=False)

    def __init__(self, *args, staff_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff_queryset is not None:
            self.fields["reported_by"].queryset = staff_queryset


class PasswordChangeForm(forms.Form):
    on = PastDateField(label=_("date of the change"), required=False)


class DesignateForm(forms.Form):
    staff = ModelChoiceField(
        label=_("operator"),
        queryset=Staff.objects.none(),
        widget=forms.Select(attrs={"data-searchable": _("Narrow by name or number")}),
    )
    use_mode = forms.ChoiceField(label=_("use"), choices=UseMode.choices)
    group = ModelChoiceField(
        label=_("operator group"), queryset=OperatorGroup.objects.none(), required=False
    )
    affairs = ModelMultipleChoiceField(
        label=_("affairs"),
        queryset=Affair.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, roster=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roster is not None:
            from . import selectors

            self.fields["staff"].queryset = selectors.designatable_staff(roster)
            self.fields["group"].queryset = OperatorGroup.objects.filter(office=roster.office)


class InventoryOpenForm(OnceFormMixin):
    title = forms.CharField(label=_("title"), max_length=200)
    due_on = EraDateField(label=_("due on"))


class InventoryConfirmForm(forms.Form):
    in_hand = forms.TypedChoiceField(
        label=_("result"),
        choices=[("1", _("in hand")), ("0", _("not found"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("where and when last seen"), max_length=200, required=False)


class IncidentEntryForm(OnceFormMixin):
    on = PastDateField(label=_("date"))
    text = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 3}))


class GroupMemberForm(ReasonForm):
    """A person to add to (staff of the group's office) or remove from (a member) a group."""

    staff = ModelChoiceField(label=_("staff member"), queryset=Staff.objects.none())
    field_order = ["staff", "reason"]

    def __init__(self, *args, group=None, adding=True, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            members = group.members.all()
            self.fields["staff"].queryset = (
                Staff.objects.filter(office_id=group.office_id).exclude(pk__in=members)
                if adding
                else members
            ).order_by("employee_number")


class IncidentDescribeForm(ReasonForm):
    causes = forms.CharField(label=_("causes (要因)"), widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(
        label=_("measures (対策)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    field_order = ["causes", "measures", "reason"]


class LedgerRangeForm(forms.Form):
    """Which part of the card ledger to show: a fiscal year (default the current one), or a
    range of dates within it or across years (dates in the era or the Western calendar)."""

    fy = forms.IntegerField(label=_("fiscal year"), min_value=1989, max_value=2099, required=False)
    start = EraDateField(label=pgettext_lazy("date range", "from"), required=False)
    end = EraDateField(label=pgettext_lazy("date range", "to"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.current_year = fiscal.current_fiscal_year()

    def clean(self):
        data = super().clean()
        year = data.get("fy") or self.current_year
        first, last = fiscal.fiscal_year_bounds(year)
        data["fy"] = year
        data["start"] = data.get("start") or first
        data["end"] = data.get("end") or last
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def year_choices(self, chosen: int) -> list[tuple[int, str]]:
        """The recent fiscal years for the select box, and ``chosen`` if older."""
        return fiscal.fiscal_year_menu(chosen=chosen, around=self.current_year, before=10)

    def range(self) -> tuple[int, dt.date, dt.date]:
        """(fiscal year, first day, last day): what the user asked for when it is valid, the
        current fiscal year otherwise."""
        if self.is_valid():
            return self.cleaned_data["fy"], self.cleaned_data["start"], self.cleaned_data["end"]
        return self.current_year, *fiscal.fiscal_year_bounds(self.current_year)
