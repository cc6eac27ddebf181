"""What every ModelAdmin of the project shares: history, office scoping, confirmed actions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import access
from .errors import DomainError
from .fiscal import format_era_date
from .forms import ReasonForm


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """A history-keeping ModelAdmin whose queryset goes through ``access``.

    ``office_path`` leads from the model to its Office (``"pk"`` for Office itself; None for
    records that belong to no office).
    """

    office_path = "office"

    def get_list_display(self, request):
        """Date columns in the Japanese era (令和8年11月26日), still sortable."""
        return [self._era_column(name) for name in super().get_list_display(request)]

    def _era_column(self, name):
        if not isinstance(name, str):
            return name
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        if not isinstance(field, models.DateField):  # DateTimeField is a DateField too
            return name
        with_time = isinstance(field, models.DateTimeField)

        @admin.display(description=field.verbose_name, ordering=name)
        def column(obj):
            value = getattr(obj, name)
            if value is None:
                return "-"
            text = format_era_date(value)
            return f"{text} {timezone.localtime(value):%H:%M}" if with_time else text

        column.__name__ = name
        return column

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self.office_path is None:  # not an office's record (e.g. the list of affairs)
            return qs
        return access.scope_to_offices(qs, request.user, self.office_path)

    def confirmed_action_view(
        self,
        request,
        object_id,
        *,
        title: str,
        form_class=ReasonForm,
        perform,
        initial=None,
        form_kwargs=None,
    ):
        """A confirmation page for one recorded action on one object.

        ``perform(obj, form.cleaned_data, actor)`` calls a service; a ``DomainError`` shows
        as a message on the same page and changes nothing.
        """
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, obj):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = form_class(
            request.POST if request.method == "POST" else None,
            initial=initial,
            **(form_kwargs or {}),
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = perform(obj, form.cleaned_data, request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, title)
                if isinstance(result, HttpResponse):
                    return result
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "object": obj,
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/confirm_action.html", context)

    def form_action_view(
        self,
        request,
        *,
        title: str,
        form_class,
        permission: str,
        perform,
        success,
        success_url,
    ):
        """A page with one form that calls a service (register cards, open an inventory,
        record a violation, ...). ``perform(data, actor)`` returns what ``success`` (a
        message) and ``success_url`` (a URL or a callable of the result) are made from."""
        if not request.user.has_perm(permission):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                result = perform(form.cleaned_data, request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, success(result) if callable(success) else success)
                url = success_url(result) if callable(success_url) else success_url
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/form_action.html", context)


class ReadOnlyAdminMixin:
    """For registers whose rows only services write (ledgers, timelines): view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = "住基ネット端末機・操作者識別カード管理"
admin.site.site_title = "juki-admin"
admin.site.index_title = "システム管理者メニュー"
