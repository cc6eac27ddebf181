"""What every ModelAdmin of the project shares: office scoping, history that only reads,
no deletion, a reason on every edit, and actions that call services.

The system administrator's desk is the Django admin, and the admin writes only in three
ways, all of them here:

- a change form for descriptive fields (names, codes, notes), which asks for the reason of
  the change and keeps it in the history; fields a rule depends on (status, office, serial,
  head, dates a service owns) are read-only in every form;
- an *object action* (``ObjectAction``): a confirmation page for one recorded action on
  one record, asking for its date and reason and calling one service;
- a *list action* (``ListAction``): a page with one form that calls one service (register
  cards, open an inventory, record a violation, ...).

Nothing is deleted from the admin: records are cancelled, closed or withdrawn through their
services. History pages are for reading only, whatever the role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_display import show_read_only_fields, with_columns
from .admin_history import ReadOnlyHistoryMixin
from .errors import DomainError
from .fiscal import format_fiscal_year
from .forms import EraDateField, ReasonForm
from .history import stamp
from .models import normalize_name
from .params import MAX_ID, parse_int
from .people import display_name


class AdminEraDateField(EraDateField):
    """A date typed in the admin as a clerk writes it (令和8年11月26日, R8.11.26,
    2026/11/26), from 1950 to 2099: the service says what a rule allows."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("widget", None)
        super().__init__(*args, latest=dt.date(2099, 12, 31), **kwargs)


class FiscalYearFilter(admin.SimpleListFilter):
    """年度 in the era (令和8年度), from the years the list holds."""

    title = _("fiscal year")
    parameter_name = "fiscal_year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .distinct()
        )
        return [(str(y), format_fiscal_year(y)) for y in years]

    def queryset(self, request, queryset):
        year = parse_int(self.value() or "", minimum=1900, maximum=2100)
        return queryset.filter(fiscal_year=year) if year else queryset


@dataclass(frozen=True)
class ObjectAction:
    """A recorded action on one record, offered on its change page when ``available``.

    ``perform(obj, cleaned_data, actor)`` calls a service; it may return an HttpResponse
    (e.g. the receipt to print) or None (back to the record's page).
    """

    key: str
    title: Any
    perform: Callable
    form: type = ReasonForm
    available: Callable[[Any], bool] = lambda obj: True
    form_kwargs: Callable[[Any], dict] = lambda obj: {}
    done: Any = None  # the success message (default: the title)


@dataclass(frozen=True)
class ListAction:
    """A page on a model's list with one form that calls one service."""

    key: str
    title: Any
    form: type
    permission: str
    perform: Callable  # (cleaned_data, actor) -> result
    done: Any  # message, or callable(result) -> message
    next_url: Any = None  # URL or callable(result) -> URL; default the list


@dataclass(frozen=True)
class Link:
    title: Any
    url: str
    extra: dict = field(default_factory=dict)


class ChangeReasonForm(forms.ModelForm):
    """Every admin change form asks why: the answer is the history row's change reason."""

    change_reason = forms.CharField(
        label=_("reason for the change"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Kept in the history with your name."),
    )

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.has_changed() and not data.get("change_reason", "").strip():
            self.add_error("change_reason", _("Enter the reason for the change."))
        return data


class ScopedAdminMixin:
    """What every ModelAdmin of the project does: its queryset goes through ``access``
    (the model's own ``Model.objects.visible_to(user)``; ``office_scoped = False`` for records
    of no office), nothing is deleted, dates show in the era, actions call services, every
    edit asks why."""

    #: False for records of no office (e.g. the list of affairs): every reader sees them all.
    office_scoped = True
    form = ChangeReasonForm
    object_actions: tuple[ObjectAction, ...] = ()
    list_actions: tuple[ListAction, ...] = ()
    change_form_template = "admin/juki_change_form.html"
    change_list_template = "admin/juki_change_list.html"
    #: Model fields that only services change: read-only once the record exists.
    service_fields: tuple[str, ...] = ()

    # --- scoping and permissions ---------------------------------------------------------

    @property
    def office_path(self) -> str | None:
        """The path from the model to its Office, as its queryset knows it (None: no office)."""
        if not self.office_scoped:
            return None
        return getattr(self.model._default_manager._queryset_class, "office_path", None)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not self.office_scoped:
            return qs
        return qs.visible_to(request.user)  # the one rule, on the model's queryset

    def has_delete_permission(self, request, obj=None):
        return False  # records are cancelled, closed or withdrawn through services

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied  # nothing is deleted from the admin

    def get_object(self, request, object_id, from_field=None):
        """The record, or None for an id that is malformed or out of scope (then 404)."""
        if from_field or not self._valid_id(object_id):
            return None
        return super().get_object(request, object_id)

    def _valid_id(self, object_id) -> bool:
        pk = self.model._meta.pk
        if isinstance(pk, models.AutoField | models.BigAutoField | models.IntegerField):
            return parse_int(unquote(str(object_id))) is not None
        try:
            pk.to_python(unquote(str(object_id)))
        except ValidationError:
            return False
        return True

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [f for f in self.service_fields if f not in fields]
        return fields

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if "change_reason" in fields:
            fields.remove("change_reason")
        if obj is not None and self.has_change_permission(request, obj):
            fields.append("change_reason")
        return fields

    def save_model(self, request, obj, form, change):
        if change and not set(form.changed_data) - {"change_reason"}:
            return  # nothing changed (a read-only page sent back as it was): no history row
        stamp(obj, actor=request.user, reason=form.cleaned_data.get("change_reason", ""))
        super().save_model(request, obj, form, change)

    def get_search_results(self, request, queryset, search_term):
        """Every search reads the term as names are kept: width-normalised (０１２３４ finds
        01234, ﾀﾅｶ finds タナカ), nothing else changed."""
        return super().get_search_results(request, queryset, normalize_name(search_term) or "")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A service refusing what a change form saves (``save_model`` raising DomainError)
        rolls the whole save back and says why."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            messages.error(request, error.html)
            return HttpResponseRedirect(request.get_full_path())

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- dates in the Japanese era ---------------------------------------------------------

    formfield_overrides = {models.DateField: {"form_class": AdminEraDateField}}

    def get_list_display(self, request):
        """Date, fiscal-year and login columns through their display columns (era, name)."""
        return with_columns(
            self.model, super().get_list_display(request), self.get_empty_value_display()
        )

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        if links is None:
            return None
        return with_columns(self.model, links, self.get_empty_value_display())

    def get_list_select_related(self, request):
        # a key column is a display column now, which Django's automatic join cannot see
        related = super().get_list_select_related(request)
        shown = set(super().get_list_display(request))
        if related is False and any(
            isinstance(f, models.ForeignKey) and f.name in shown
            for f in self.model._meta.concrete_fields
        ):
            return True
        return related

    def render_change_form(self, request, context, *args, **kwargs):
        """Read-only dates, fiscal years and logins of the record and its inlines in the era
        and by name."""
        empty = self.get_empty_value_display()
        if (adminform := context.get("adminform")) is not None:
            show_read_only_fields(adminform, self.model, empty)
        for inline in context.get("inline_admin_formsets", ()):
            show_read_only_fields(
                inline, inline.opts.model, empty, all_read_only=not inline.has_change_permission
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is get_user_model():
            formfield.label_from_instance = display_name
        return formfield

    def get_list_filter(self, request):
        """A fiscal-year filter lists 令和8年度, not 2026."""
        return [
            FiscalYearFilter if name == "fiscal_year" else name
            for name in super().get_list_filter(request)
        ]

    # --- object and list actions ------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        urls = [
            path(
                "<path:object_id>/do/<slug:action>/",
                self.admin_site.admin_view(self.object_action_view),
                name=f"{name}_action",
            ),
            path(
                "actions/<slug:action>/",
                self.admin_site.admin_view(self.list_action_view),
                name=f"{name}_list_action",
            ),
        ]
        return urls + super().get_urls()

    def object_links(self, request, obj) -> list[Link]:
        """Links shown beside the actions on a record's page (PDFs, portal pages, ...)."""
        return []

    def list_links(self, request) -> list[Link]:
        return []

    def available_object_actions(self, request, obj) -> list[ObjectAction]:
        if obj is None or not self.has_change_permission(request, obj):
            return []
        return [a for a in self.object_actions if a.available(obj)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = {
            "object_actions": self.available_object_actions(request, obj),
            "object_links": self.object_links(request, obj) if obj is not None else [],
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def changelist_view(self, request, extra_context=None):
        # a number no column can hold (20 digits in a filter) reads as a wrong filter, as
        # Django answers any other: the list without filters and a note (?e=1)
        if any(
            v.isascii() and v.isdigit() and int(v) > MAX_ID
            for values in request.GET.lists()
            for v in values[1]
        ):
            return HttpResponseRedirect(f"{request.path}?e=1")
        extra = {
            "list_actions": [a for a in self.list_actions if request.user.has_perm(a.permission)],
            "list_links": self.list_links(request),
        }
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def object_action_view(self, request, object_id, action):
        spec = next((a for a in self.object_actions if a.key == action), None)
        obj = self.get_object(request, object_id)
        if spec is None or obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST" and not spec.available(obj):
            messages.error(request, _("This action is not possible for this record now."))
            return self._back_to(obj)
        # a POST goes to the service even when the page would not offer the action: the
        # service is the guard, and its refusal says why
        form = spec.form(
            request.POST if request.method == "POST" else None, **spec.form_kwargs(obj)
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = spec.perform(obj, form.cleaned_data, request.user)
            except DomainError as error:
                messages.error(request, error.html)
            else:
                messages.success(request, spec.done or spec.title)
                if isinstance(result, HttpResponse):
                    return result
                return self._back_to(obj)
        context = {
            **self.admin_site.each_context(request),
            "title": spec.title,
            "object": obj,
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/confirm_action.html", context)

    def _back_to(self, obj):
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def list_action_view(self, request, action):
        spec = next((a for a in self.list_actions if a.key == action), None)
        if spec is None:
            raise Http404
        if not request.user.has_perm(spec.permission):
            raise PermissionDenied
        form = spec.form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                result = spec.perform(form.cleaned_data, request.user)
            except DomainError as error:
                messages.error(request, error.html)
            else:
                messages.success(request, spec.done(result) if callable(spec.done) else spec.done)
                url = spec.next_url(result) if callable(spec.next_url) else spec.next_url
                opts = self.model._meta
                return HttpResponseRedirect(
                    url or reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "title": spec.title,
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/form_action.html", context)


class ScopedHistoryAdmin(ScopedAdminMixin, ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """The ModelAdmin of every model with history: its history pages only read."""


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The ModelAdmin of an append-only table without history (the access log)."""


class ReadOnlyAdminMixin:
    """For registers whose rows only services write (ledgers, timelines): view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline that shows dependants written by services (timeline, attendance, ...)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
