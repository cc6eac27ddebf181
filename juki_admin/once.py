"""One submission per form (one letter per click).

A form that creates a numbered or irreversible record (a notice, a finding, a card's
receipt, a register's row, ...) carries a one-time token, rendered with the form (the hidden
field of ``OnceFormMixin``, or ``{% once_field %}`` in a form with no fields). The view
handles its POST through ``submit_once``: the first POST of a token claims it (a row of
``SubmittedForm``, unique by token, in the same transaction as the service) and stores
where it led; a second POST of the same form, a double click or a reload, creates nothing
and shows the first result. Two POSTs at the same moment are serialised by the unique
index: the second waits for the first to commit and then finds its claim. A POST the
service refused claims nothing (the transaction is rolled back), so the form may be sent
again once corrected.

A POST without a token (a script, an old page) is handled as before.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The name of the hidden field that carries the token.
FIELD = "once_token"
TOKEN_LENGTH = 64


def new_token() -> str:
    """A fresh token for one rendering of one form."""
    return secrets.token_urlsafe(32)


class SubmittedForm(models.Model):
    """A form's one-time token, claimed by its first POST, and where that POST led."""

    token = models.CharField(gettext_lazy("token"), max_length=TOKEN_LENGTH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    result_url = models.CharField(gettext_lazy("result"), max_length=1000, blank=True)

    class Meta:
        app_label = "juki_admin"
        verbose_name = gettext_lazy("submitted form")
        verbose_name_plural = gettext_lazy("submitted forms")
        constraints = [
            models.UniqueConstraint(fields=["token"], name="juki_admin_submittedform_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M} {self.result_url}"


class OnceTokenField(forms.CharField):
    """The hidden field of the token; a fresh token each time the form is rendered."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_length=TOKEN_LENGTH,
            widget=forms.HiddenInput,
            initial=new_token,
            **kwargs,
        )


class OnceFormMixin(forms.Form):
    """Give a form the one-time token of ``submit_once``. The token is read by the view from
    the POST; it is not part of ``cleaned_data``, so a form's data still goes to its service
    as it is."""

    once_token = OnceTokenField()

    def clean(self):
        cleaned = super().clean()
        if cleaned is not None:
            cleaned.pop(FIELD, None)
        return cleaned


class _Refused(Exception):
    """The handler's service refused: roll the claim back with it."""

    def __init__(self, response: HttpResponse):
        self.response = response


def submit_once(request, handle: Callable[[], tuple[bool, HttpResponse]]) -> HttpResponse:
    """Handle a POST once per token. ``handle()`` validates the form and calls the service;
    it returns ``(done, response)``. The token is claimed when ``done``; a POST of a token
    already claimed calls nothing and goes where the first one led."""
    token = str(request.POST.get(FIELD, "")).strip()
    if not token:
        done, response = handle()
        return response
    if len(token) > TOKEN_LENGTH:
        messages.error(request, _("This form is not valid any more: open the page again."))
        return redirect(request.get_full_path())
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = SubmittedForm.objects.create(token=token, user=request.user)
            except IntegrityError:
                return _already_submitted(request, token)
            done, response = handle()
            if not done:
                raise _Refused(response)
            claim.result_url = _where(request, response)
            claim.save(update_fields=["result_url"])
            return response
    except _Refused as refused:
        return refused.response


def _where(request, response: HttpResponse) -> str:
    url = getattr(response, "url", None)
    return str(url) if url else request.get_full_path()


def _already_submitted(request, token: str) -> HttpResponse:
    first = SubmittedForm.objects.filter(token=token, user=request.user).first()
    messages.info(
        request,
        _("This form was already sent: nothing was done again. This is the result of the first."),
    )
    return redirect(first.result_url if first and first.result_url else request.get_full_path())


class OnceAdminMixin:
    """For a ModelAdmin of ``admin_utils`` (before it among the bases): its recorded actions
    (``object_actions``, ``list_actions``) are done once per form. A POST the service did
    (a redirect, or the receipt to print) claims its token; a refused one (the form shown
    again, a ``TemplateResponse``) does not."""

    def object_action_view(self, request, object_id, action):
        view = super().object_action_view
        if request.method != "POST":
            return view(request, object_id, action)
        return submit_once(request, lambda: _admin_done(view(request, object_id, action)))

    def list_action_view(self, request, action):
        view = super().list_action_view
        if request.method != "POST":
            return view(request, action)
        return submit_once(request, lambda: _admin_done(view(request, action)))


def _admin_done(response: HttpResponse) -> tuple[bool, HttpResponse]:
    return not isinstance(response, TemplateResponse), response
