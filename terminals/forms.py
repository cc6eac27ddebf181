"""Forms of the terminals app: quick to fill on a desk or a phone."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cards.models import Affair, Card
from juki_admin.forms import CountField, ModelChoiceField, PastDateField
from juki_admin.once import OnceFormMixin

from .choices import MediaKind
from .models import Terminal

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class UsageStartForm(OnceFormMixin):
    terminal = ModelChoiceField(label=_("terminal"), queryset=Terminal.objects.none())
    card = ModelChoiceField(label=_("card"), queryset=Card.objects.none())
    affair = ModelChoiceField(label=_("affair"), queryset=Affair.objects.none())
    started_at = forms.DateTimeField(
        label=_("started at"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty for now."),
    )

    def __init__(self, *args, terminals, cards, affairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terminal"].queryset = terminals
        self.fields["card"].queryset = cards
        self.fields["affair"].queryset = affairs


class UsageFinishForm(forms.Form):
    lookups = CountField(label=_("number of look-ups"))
    ended_at = forms.DateTimeField(
        label=_("ended at"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty for now."),
    )
    reason = forms.CharField(
        label=_("reason for a correction"),
        required=False,
        max_length=500,
    )


class RoomEntryForm(OnceFormMixin):
    room = forms.CharField(label=_("room"), max_length=100)
    name = forms.CharField(label=_("name"), max_length=100)
    affiliation = forms.CharField(label=_("affiliation"), max_length=100)
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    is_operator = forms.BooleanField(label=_("operator"), required=False)
    escort = forms.CharField(label=_("escort (立会者)"), max_length=100, required=False)


class KeyTakeForm(OnceFormMixin):
    key = forms.CharField(label=_("key"), max_length=100)
    taken_by = forms.CharField(label=_("taken by"), max_length=100)
    purpose = forms.CharField(label=_("purpose"), max_length=200)


class MediaForm(OnceFormMixin):
    kind = forms.ChoiceField(label=_("kind"), choices=MediaKind.choices)
    title = forms.CharField(label=_("item"), max_length=200)
    storage_place = forms.CharField(label=_("locked storage place"), max_length=200)


class HandoverForm(OnceFormMixin):
    from_person = forms.CharField(label=_("from"), max_length=100)
    to_person = forms.CharField(label=_("to"), max_length=100)
    on = PastDateField(label=_("date"), required=False)


class DisposeForm(OnceFormMixin):
    method = forms.CharField(label=_("disposal method"), max_length=100)
    on = PastDateField(label=_("date"), required=False)


class DailyCheckForm(OnceFormMixin):
    terminal = ModelChoiceField(label=_("terminal"), queryset=Terminal.objects.none())
    on = PastDateField(label=_("date"), required=False)
    notes = forms.CharField(
        label=_("what was wrong and what was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, terminals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terminal"].queryset = terminals
        for i, point in enumerate(settings.TERMINAL_DAILY_CHECK_POINTS):
            self.fields[f"point_{i}"] = forms.BooleanField(
                label=point, required=False, initial=True
            )

    def results(self) -> dict[str, bool]:
        return {
            point: self.cleaned_data[f"point_{i}"]
            for i, point in enumerate(settings.TERMINAL_DAILY_CHECK_POINTS)
        }
