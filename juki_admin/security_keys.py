"""Security keys (FIDO2 / WebAuthn, django-otp-webauthn) as a second factor beside the
authenticator app: no phone in the terminal room (the paper forbids camera phones there),
and no network needed.

A signed-in user registers keys on ``/account/two-factor/`` (the browser's own dialogue,
driven by django-otp-webauthn's static script under the strict CSP), names them, and signs in
with any of them at the second step (``/account/two-factor/verify/``). Removing a key asks
for a reason; registering, renaming and removing are kept in the login's history (the keys
are django-otp devices, like the authenticator app's, which have no history of their own).
The system administrator's 「二要素認証をリセットする」 removes the keys too.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from . import validation
from .errors import DomainError
from .history import stamp
from .logs import security_event
from .once import submit_once

NAME_MAX_LENGTH = 64


def keys_of(user):
    """The security keys of ``user``, oldest first."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def _locked_key(*, key_id: int, user) -> WebAuthnCredential:
    key = WebAuthnCredential.objects.select_for_update().filter(pk=key_id, user=user).first()
    if key is None:
        raise DomainError(_("This security key is not registered to your login (any more)."))
    return key


@transaction.atomic
def security_key_rename(*, key_id: int, user, name: str) -> WebAuthnCredential:
    """Give one of ``user``'s keys a name of theirs (「青いキー」, 「予備」)."""
    name = " ".join(str(name or "").split())
    if not name:
        raise DomainError(_("Give the security key a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("A security key's name has at most %(count)d characters.")
            % {"count": NAME_MAX_LENGTH}
        )
    key = _locked_key(key_id=key_id, user=user)
    old = key.name
    key.name = name
    key.full_clean()
    key.save(update_fields=["name"])
    stamp(
        user,
        actor=user,
        reason=_("Security key renamed: %(old)s → %(new)s") % {"old": old, "new": name},
    )
    user.save()  # the login's history row
    return key


@transaction.atomic
def security_key_remove(*, key_id: int, user, reason: str) -> None:
    """Remove one of ``user``'s keys (lost, broken, handed back); the reason is kept."""
    reason = validation.require_reason(reason)
    key = _locked_key(key_id=key_id, user=user)
    name = key.name
    key.delete()
    stamp(
        user,
        actor=user,
        reason=_("Security key removed: %(name)s (%(reason)s)") % {"name": name, "reason": reason},
    )
    user.save()


@transaction.atomic
def security_key_registered(*, key: WebAuthnCredential) -> WebAuthnCredential:
    """A key just registered: named after its number (「セキュリティキー2」) until its owner
    renames it, and kept in the login's history."""
    user = key.user
    key = WebAuthnCredential.objects.select_for_update().get(pk=key.pk)
    key.name = _("Security key %(number)d") % {"number": keys_of(user).count()}
    key.save(update_fields=["name"])
    stamp(user, actor=user, reason=_("Security key registered: %(name)s") % {"name": key.name})
    user.save()
    security_event("security_key_registered", user=user, key=key.pk)
    return key


class KeyHelper(WebAuthnHelper):
    """django-otp-webauthn's helper (``OTP_WEBAUTHN_HELPER_CLASS``), a registered key passed
    to :func:`security_key_registered`."""

    def register_complete(self, user, state, data):
        return security_key_registered(key=super().register_complete(user, state, data))


class KeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("name of the key"), max_length=NAME_MAX_LENGTH, required=False
    )
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=500, required=False)
    action = forms.ChoiceField(choices=[("rename", "rename"), ("remove", "remove")])


@require_POST
@login_required
def security_key_change(request, key_id: int):
    """Rename or remove one of the signed-in user's keys (after the second step)."""
    if not request.user.is_verified() and keys_of(request.user).exists():
        return redirect("portal:two_factor_verify")
    form = KeyForm(request.POST)

    def handle():
        back = redirect("portal:two_factor_setup")
        if not form.is_valid():
            messages.error(request, _("The form was not complete."))
            return False, back
        data = form.cleaned_data
        try:
            if data["action"] == "rename":
                security_key_rename(key_id=key_id, user=request.user, name=data["name"])
                messages.success(request, _("The security key was renamed."))
            else:
                security_key_remove(key_id=key_id, user=request.user, reason=data["reason"])
                security_event("security_key_removed", request=request, key=key_id)
                messages.success(request, _("The security key was removed."))
        except DomainError as error:
            messages.error(request, error.html)
            return False, back
        return True, back

    return submit_once(request, handle)
