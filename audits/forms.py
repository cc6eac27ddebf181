"""Forms of the audits app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from juki_admin.forms import EraDateField, ModelChoiceField, PastDateField, ReasonForm
from juki_admin.models import Office

from .choices import Audience, Result
from .models import Campaign, Checklist


class SheetForm(forms.Form):
    """An answer sheet: for each item compliant / not compliant / not applicable, and the
    cause when not compliant. Items may be left for later until the sheet is submitted."""

    def __init__(self, *args, items=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.rows = []
        for item in items:
            done = answers.get(item.pk)
            result = forms.ChoiceField(
                label=f"{item.number}. {item.text}",
                choices=Result.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=done.result if done else None,
            )
            cause = forms.CharField(
                label=_("cause"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=done.cause if done else "",
            )
            self.fields[f"result_{item.pk}"] = result
            self.fields[f"cause_{item.pk}"] = cause
            self.rows.append((item, f"result_{item.pk}", f"cause_{item.pk}"))

    def answers(self) -> dict[int, tuple[str, str]]:
        """The items answered in this form ({item id: (result, cause)})."""
        return {
            item.pk: (self.cleaned_data[r], self.cleaned_data[c])
            for item, r, c in self.rows
            if self.cleaned_data.get(r)
        }

    def bound_rows(self):
        return [(item, self[r], self[c]) for item, r, c in self.rows]


class CampaignOpenForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=1989, max_value=2099)
    office_checklist = ModelChoiceField(
        label=_("office checklist"), queryset=Checklist.objects.filter(audience=Audience.OFFICE)
    )
    operator_checklist = ModelChoiceField(
        label=_("operator checklist"),
        queryset=Checklist.objects.filter(audience=Audience.OPERATOR),
    )
    due_on = EraDateField(label=_("due on"))


class ChecklistNewForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=1989, max_value=2099)
    audience = forms.ChoiceField(label=_("answered by"), choices=Audience.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    copy_from = ModelChoiceField(
        label=_("copy the items of"), queryset=Checklist.objects.all(), required=False
    )


class SiteVisitForm(forms.Form):
    office = ModelChoiceField(label=_("office"), queryset=Office.objects.order_by("code"))
    campaign = ModelChoiceField(
        label=_("self-inspection"), queryset=Campaign.objects.all(), required=False
    )
    visited_on = PastDateField(label=_("visited on"))
    visitor = forms.CharField(label=_("visited by"), max_length=200)
    confirmed = forms.CharField(label=_("what was confirmed"), widget=forms.Textarea)
    to_improve = forms.CharField(
        label=_("what must improve"), widget=forms.Textarea, required=False
    )


class CloseForm(ReasonForm):
    on = PastDateField(label=_("date"), required=False)
    reason = forms.CharField(
        label=_("note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
