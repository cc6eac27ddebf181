"""Portal pages of answer sheets: read by whoever may see them, answered by their owner."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin.portal_utils import run_service

from .. import selectors, services
from ..forms import SheetForm


def _sheet(request, pk):
    return get_object_or_404(selectors.visible_sheets(request.user), pk=pk)


@login_required
def sheet(request, pk: int):
    """An answer sheet: read by whoever may see it, answered by its owner until submitted."""
    found = _sheet(request, pk)
    may_answer = selectors.may_answer(request.user, found) and found.is_editable
    items = list(found.checklist.items.order_by("number"))
    answers = {a.item_id: a for a in found.answers.all()}
    form = SheetForm(
        request.POST if request.method == "POST" else None, items=items, answers=answers
    )
    if request.method == "POST":
        if not selectors.may_answer(request.user, found):
            raise PermissionDenied
        if form.is_valid() and run_service(
            request,
            lambda: services.sheet_answer(sheet=found, answers=form.answers(), actor=request.user),
            _("Your answers were saved. Submit the sheet when every item is answered."),
        ):
            return redirect(found)
    return render(
        request,
        "audits/sheet.html",
        {
            "sheet": found,
            "form": form,
            "may_answer": may_answer,
            "answers": answers,
            "items": items,
            "answered": len(answers),
        },
    )


@login_required
@require_POST
def sheet_submit(request, pk: int):
    found = _sheet(request, pk)
    if not selectors.may_answer(request.user, found):
        raise PermissionDenied
    run_service(
        request,
        lambda: services.sheet_submit(sheet=found, actor=request.user),
        _("The sheet was submitted. Thank you."),
    )
    return redirect(found)
