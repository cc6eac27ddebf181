"""What the terminals views share: the office a page shows or a POST writes to, the register
row a POST acts on, and the one way a register form is posted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from juki_admin import access, params
from juki_admin.once import submit_once
from juki_admin.portal_utils import run_service


def viewed_office(request):
    """The office whose registers are shown: ``?office=`` for those who see every office,
    else the user's own (404 for anyone without one)."""
    office_id = params.int_param(request, "office")
    if office_id is not None:
        return get_object_or_404(access.visible_offices(request.user), pk=office_id)
    office = access.office_of(request.user)
    if office is None or not access.roles_of(request.user):
        raise Http404
    return office


def kept_office(request):
    """The office whose register a POST writes to (``office`` in the form, default the
    user's own): 403 for a role that only reads, 404 for an office not the user's."""
    if not access.has_role(request.user, *access.REGISTER_KEEPERS):
        raise PermissionDenied
    raw = request.POST.get("office")
    office_id = params.parse_int(raw) if raw else getattr(access.office_of(request.user), "pk", 0)
    return get_object_or_404(access.register_offices(request.user), pk=office_id or 0)


def kept_row(request, model, pk):
    """A register row the user may write to (its office among ``register_offices``)."""
    if not access.has_role(request.user, *access.REGISTER_KEEPERS):
        raise PermissionDenied
    return get_object_or_404(
        model.objects.filter(office__in=access.register_offices(request.user)), pk=pk
    )


def back_to_registers(office):
    return redirect(reverse("terminals:registers") + f"?office={office.pk}")


def post_form(request, office, form_class, call, success, **form_kwargs):
    """Validate the register's form, call the service, back to the registers; once per form
    (``juki_admin.once``): a double click records one row."""
    form = form_class(request.POST, **form_kwargs)

    def handle():
        if form.is_valid():
            done = run_service(request, lambda: call(form), success)
        else:
            done = False
            messages.error(request, form.errors.as_text())
        return done, back_to_registers(office)

    return submit_once(request, handle)
