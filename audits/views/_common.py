"""Private helpers of the audits portal pages: who reads every office, POST handling."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from juki_admin import access
from juki_admin.once import submit_once
from juki_admin.portal_utils import run_service

from .. import services


def _all_offices(request):
    """Results name every office and operator: for those who see every office."""
    if not access.sees_all_offices(request.user):
        raise PermissionDenied


AUDIT_WRITERS = services.AUDIT_WRITERS


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _altered(request, error, back: str) -> HttpResponse:
    """A notice whose stored bytes no longer match its digest: refused with a page saying so
    (409 Conflict: the record disagrees with itself), never served."""
    return _no_store(
        render(
            request,
            "audits/notice_altered.html",
            {"message": error.message, "back": back},
            status=409,
        )
    )


def _post(request, form, call, success, back):
    """Validate ``form``, call the service, say what happened, go ``back``; once per form
    (``juki_admin.once``): the same form sent again does nothing and goes ``back``."""

    def handle():
        if form.is_valid():
            done = run_service(request, lambda: call(form.cleaned_data), success)
        else:
            done = False
            messages.error(request, form.errors.as_text())
        return done, redirect(back)

    return submit_once(request, handle)
