"""Portal pages of evidence files (証拠書類, 監査調書): the files of one record, added by
whoever writes the record, downloaded by whoever reads it, after the digest is rechecked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from juki_admin.errors import DomainError
from juki_admin.once import submit_once
from juki_admin.portal_utils import run_service

from .. import services
from ..forms import EvidenceForm
from ._common import _no_store


def _owner(request, kind: str, pk: int):
    if kind not in services.OWNER_KINDS:
        raise Http404
    return get_object_or_404(services.visible_owners(request.user, kind), pk=pk)


@login_required
def evidence_list(request, kind: str, pk: int):
    """The files of one record, oldest first, each with its digest and any correction; the
    form to add one for whoever may write the record."""
    owner = _owner(request, kind, pk)
    field = services.OWNER_KINDS[kind][0]
    kept = list(
        services.visible_evidence(request.user)
        .filter(**{field: owner})
        .select_related("corrects")
        .order_by("created_at", "pk")
    )
    may_add = services.may_add_evidence(request.user, owner)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        form = EvidenceForm(request.POST, request.FILES, files_kept=kept)
        by_pk = {e.pk: e for e in kept}

        def handle():
            if not form.is_valid():
                messages.error(request, form.errors.as_text())
                return False, redirect(request.path)
            data = form.cleaned_data
            done = run_service(
                request,
                lambda: services.evidence_add(
                    owner=owner,
                    upload=data["file"],
                    note=data["note"],
                    corrects=by_pk.get(data["corrects"]),
                    actor=request.user,
                ),
                _("The file was kept, with its SHA-256."),
            )
            return done, redirect(request.path)

        return submit_once(request, handle)
    return render(
        request,
        "audits/evidence.html",
        {
            "owner": owner,
            "owner_page": services.owner_page(owner),
            "files": kept,
            "form": EvidenceForm(files_kept=kept) if may_add else None,
        },
    )


@login_required
@require_GET
def evidence_download(request, pk: int):
    """The file as it was added; refused (409) when its bytes no longer match its digest."""
    evidence = get_object_or_404(services.visible_evidence(request.user), pk=pk)
    try:
        data = services.evidence_bytes_checked(evidence)
    except DomainError as error:  # 409 Conflict: the record disagrees with itself
        page = render(
            request,
            "audits/evidence_altered.html",
            {"message": error.message, "back": services.owner_page(evidence.owner)},
            status=409,
        )
        return _no_store(page)
    response = HttpResponse(data, content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(True, evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)
