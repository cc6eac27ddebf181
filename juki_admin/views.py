"""Portal views of the organisation core, and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import access, params, portal


@login_required
def home(request):
    return render(request, "portal/home.html", portal.home_context(request.user))


@login_required
def staff_list(request):
    page = Paginator(portal.visible_staff_for_list(request.user), 50).get_page(
        params.page_param(request)
    )
    return render(request, "portal/staff_list.html", {"page": page})


@login_required
def staff_detail(request, pk: int):
    staff = get_object_or_404(access.visible_staff(request.user), pk=pk)
    history = staff.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "portal/staff_detail.html", {"staff": staff, "history": history})


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 ``{"status": "ok"}`` when the application and its database
    answer, else 503 ``{"status": "unavailable"}``; nothing about the stack."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
