"""Forms of the organisation core, and the form fields every app uses.

The fields here keep what a user types within what the database holds: dates are read as a
clerk writes them (令和8年11月26日, R8.11.26, 2026/11/26) and held to a plausible range; ids of
choices and numbers are held to the range of their columns, so no typed value reaches the
database to fail there.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import fiscal, validation
from .choices import StaffStatus
from .once import OnceFormMixin
from .params import parse_int

#: The largest value of a PositiveIntegerField on every database Django supports.
MAX_INT = 2_147_483_647


class EraDateInput(forms.TextInput):
    """A date typed as a clerk writes it; the era reading is shown beside it by the page."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "placeholder": "令和◯年◯月◯日",  # the form to type, not a date
                "autocomplete": "off",
                "inputmode": "text",
                "class": "era-date",
                "size": 16,
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, dt.date):
            return fiscal.format_era_date(value)
        return super().format_value(value)


class EraDateField(forms.DateField):
    """A date in the Japanese era or the Western calendar, within [earliest, latest].

    ``earliest`` / ``latest`` are dates or callables (evaluated when the form is cleaned);
    the defaults are 1950-01-01 and a year from today.
    """

    widget = EraDateInput
    default_error_messages = {
        "invalid": _("Enter a date such as 令和8年11月26日, R8.11.26 or 2026/11/26."),
    }

    def __init__(self, *args, earliest=None, latest=None, **kwargs):
        self.earliest = earliest or validation.EARLIEST_DATE
        self.latest = latest or validation.latest_planned_date
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return fiscal.parse_date(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        earliest = self.earliest() if callable(self.earliest) else self.earliest
        latest = self.latest() if callable(self.latest) else self.latest
        if not earliest <= value <= latest:
            raise ValidationError(
                _("Enter a date from %(earliest)s to %(latest)s.")
                % {
                    "earliest": fiscal.format_era_date(earliest),
                    "latest": fiscal.format_era_date(latest),
                },
                code="out_of_range",
            )


class PastDateField(EraDateField):
    """A date that has happened: not after today."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("latest", fiscal.today_for_forms)
        super().__init__(*args, **kwargs)


class _BoundedPk:
    """Refuses a choice whose id cannot exist (not a decimal, or beyond the column)."""

    def _pk_ok(self, value) -> bool:
        key = self.to_field_name or "pk"
        if key != "pk":
            return len(str(value)) <= 200
        return parse_int(value, minimum=1) is not None


class ModelChoiceField(_BoundedPk, forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, self.queryset.model) and not self._pk_ok(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(_BoundedPk, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not isinstance(pk, self.queryset.model) and not self._pk_ok(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(pk)[:20]},
                )
        return super()._check_values(value)


def CountField(**kwargs) -> forms.IntegerField:  # noqa: N802 - a field factory
    """A count of things: 0 up to what a PositiveIntegerField holds."""
    kwargs.setdefault("min_value", 0)
    kwargs.setdefault("max_value", MAX_INT)
    return forms.IntegerField(**kwargs)


class ReasonForm(OnceFormMixin):
    """The confirmation every recorded action asks for: why it is done. It carries the
    one-time token of ``juki_admin.once``, so that the action is done once per form."""

    reason = forms.CharField(
        label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffStatusForm(ReasonForm):
    status = forms.ChoiceField(label=_("staff status"), choices=StaffStatus.choices)
    effective_date = EraDateField(
        label=_("effective date"),
        required=False,
        help_text=_("Required for on leave, retired and transferred; may lie in the future."),
    )

    field_order = ["status", "effective_date", "reason"]


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        allow_empty_file=True,  # the import names it: line 1, the file is empty
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )
    dry_run = forms.BooleanField(label=_("dry run (write nothing)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A .csv or .txt file, UTF-8 or Shift_JIS, of up to %(limit)d MB."
        ) % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        """Size and type first, from what the upload says of itself (nothing is read)."""
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Send a CSV file (.csv or .txt)."))
        return upload
