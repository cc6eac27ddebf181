"""Portal views of card inventories (現物確認): the open items and their confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access
from juki_admin.portal_utils import require_role, run_service

from .. import selectors, services
from ..forms import InventoryConfirmForm
from ._common import ACTING_ROLES

# --- inventory -------------------------------------------------------------------------------


@login_required
def inventory(request):
    items = selectors.open_inventory_items(request.user)
    return render(
        request,
        "cards/inventory.html",
        {
            "items": items,
            "can_act": access.has_role(request.user, *ACTING_ROLES),
            "form": InventoryConfirmForm(),
        },
    )


@login_required
@require_POST
def inventory_confirm(request, item_pk: int):
    require_role(request.user, *ACTING_ROLES)
    item = get_object_or_404(
        selectors.visible_inventory_items(request.user).changeable_by(request.user), pk=item_pk
    )
    form = InventoryConfirmForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.inventory_confirm(
                item=item,
                in_hand=form.cleaned_data["in_hand"],
                note=form.cleaned_data["note"],
                actor=request.user,
            ),
            _("Card %(serial)s confirmed.") % {"serial": item.card.serial},
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect("cards:inventory")
