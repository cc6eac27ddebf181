"""Forms of the audits app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from juki_admin.forms import (
    EraDateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    PastDateField,
    ReasonForm,
)
from juki_admin.models import Office
from juki_admin.once import OnceFormMixin

from .choices import Audience, AuditCategory, AuditKind, FindingKind, Result, Review
from .models import Campaign, Checklist, ChecklistItem, Notice


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


class CampaignOpenForm(OnceFormMixin):
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


class ChecklistNewForm(OnceFormMixin):
    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=1989, max_value=2099)
    audience = forms.ChoiceField(label=_("answered by"), choices=Audience.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    copy_from = ModelChoiceField(
        label=_("copy the items of"), queryset=Checklist.objects.all(), required=False
    )


class SiteVisitForm(OnceFormMixin):
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


# --- audits ---------------------------------------------------------------------------------


class AuditPlanForm(OnceFormMixin):
    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=1989, max_value=2099)
    title = forms.CharField(label=_("title"), max_length=200)


class AuditAddForm(OnceFormMixin):
    office = ModelChoiceField(
        label=_("office"), queryset=Office.objects.filter(active=True).order_by("code")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=AuditKind.choices)
    category = forms.TypedChoiceField(
        label=_("kind of audit"),
        choices=AuditCategory.choices,
        required=False,
        empty_value=AuditCategory.INTERNAL,  # internal unless said otherwise
        initial=AuditCategory.INTERNAL,
    )
    organisation = forms.CharField(
        label=_("auditing organisation"),
        required=False,
        max_length=200,
        help_text=_("For an external audit or a penetration test: who performs it."),
    )
    planned_month = forms.TypedChoiceField(
        label=_("planned month"),
        coerce=int,
        choices=[(m, f"{m}月") for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)],
    )
    scope = forms.CharField(label=_("scope"), widget=forms.Textarea(attrs={"rows": 2}))


class AnnounceForm(OnceFormMixin):
    starts_on = EraDateField(label=_("first day of the audit"))
    ends_on = EraDateField(label=_("last day of the audit"))
    auditors = forms.CharField(label=_("auditors"), max_length=300)


class AuditResultForm(OnceFormMixin):
    result = forms.CharField(label=_("result"), widget=forms.Textarea(attrs={"rows": 4}))
    items = ModelMultipleChoiceField(
        label=_("checklist items examined"),
        queryset=ChecklistItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["items"].queryset = items


class FindingForm(OnceFormMixin):
    kind = forms.ChoiceField(label=_("kind"), choices=FindingKind.choices)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = EraDateField(label=_("due on"))
    item = ModelChoiceField(
        label=_("checklist item"), queryset=ChecklistItem.objects.none(), required=False
    )

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["item"].queryset = items


class FindingEditForm(FindingForm):
    reason = forms.CharField(label=_("reason for the change"), max_length=500)


class ImprovementForm(OnceFormMixin):
    measures = forms.CharField(label=_("measures"), widget=forms.Textarea(attrs={"rows": 4}))
    responsible = forms.CharField(label=_("person responsible"), max_length=200)
    target_on = EraDateField(label=_("target date"))


class CompletionForm(OnceFormMixin):
    report = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}))
    on = PastDateField(label=_("completed on"), required=False)


class GeneralNoticeForm(OnceFormMixin):
    office = ModelChoiceField(
        label=_("addressed office"), queryset=Office.objects.order_by("code"), required=False
    )
    addressee = forms.CharField(
        label=_("addressee"),
        max_length=200,
        required=False,
        help_text=_("e.g. 端末機設置機関の長 (default: the office head of the office above)"),
    )
    subject = forms.CharField(label=_("subject"), max_length=200)
    body = forms.CharField(label=_("body"), widget=forms.Textarea(attrs={"rows": 4}))
    items = forms.CharField(
        label=_("numbered items (one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    sender = forms.CharField(label=_("sender"), max_length=200, required=False)
    corrects = ModelChoiceField(
        label=_("corrects the notice"), queryset=Notice.objects.defer("pdf"), required=False
    )

    def clean_items(self):
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


# --- the access log ------------------------------------------------------------------------


class AccessLogUploadForm(forms.Form):
    # an empty file reaches the import, which names it: line 1, the file is empty
    file = forms.FileField(label=_("access-log CSV file"), allow_empty_file=True)


class AccessReviewForm(OnceFormMixin):
    review = forms.ChoiceField(
        label=_("review"),
        choices=[c for c in Review.choices if c[0] != Review.NEW],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}))
    open_incident = forms.BooleanField(label=_("open an incident"), required=False)
    reeducate = forms.BooleanField(
        label=_("put the person on the re-education list"), required=False
    )


class ConclusionForm(OnceFormMixin):
    conclusion = forms.CharField(
        label=_("conclusion"),
        initial="不正アクセスは確認されなかった",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- evidence files --------------------------------------------------------------------


class EvidenceForm(OnceFormMixin):
    # an empty file reaches the service, which says that it is empty
    file = forms.FileField(label=_("file"), allow_empty_file=True)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    corrects = forms.TypedChoiceField(
        label=_("corrects"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, files_kept=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].choices = [("", "—")] + [(e.pk, e.name) for e in files_kept]
        self.fields["corrects"].help_text = _(
            "A file is never replaced: to correct one, add the new file, choose the file it "
            "corrects and say why in the note."
        )
