"""The history pages of the admin (``admin_utils.ScopedHistoryAdmin``): read only, values
shown as the pages show them (the person or record a key names, choices by their label,
dates in the era)."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_display import display_for_field, shown
from .fiscal import format_era_date
from .params import parse_int


class ReadOnlyHistoryMixin:
    """django-simple-history's pages of a ModelAdmin, for reading only, whatever the role:
    a GET shows the list of changes and one version; nothing is ever POSTed to them."""

    object_history_list_template = "admin/juki_history_list.html"

    # --- history: read only, for every role --------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if self.get_object(request, object_id) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """What each change changed, as the pages show values: the person or record a key
        names, choices by their label, dates in the era, nothing as —."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(current, foreign_keys_are_objs=False)
                previous.history_delta_changes = [
                    {
                        "field": self._field_label(change.field),
                        "old": self._shown(change.field, change.old),
                        "new": self._shown(change.field, change.new),
                    }
                    for change in delta.changes
                ]
            previous = current

    def _field_label(self, name):
        try:
            return self.model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            return name

    def _shown(self, name, value):
        if value is None or value == "":
            return "—"
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return value
        if field.is_relation and field.related_model is not None:
            found = field.related_model._default_manager.filter(pk=value).first()
            return shown(found) if found is not None else f"#{value}"
        if isinstance(value, str) and isinstance(field, models.DateField):
            try:
                value = field.to_python(value)
            except ValidationError:
                return value
        return display_for_field(value, field, "—")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One version of the record, read-only. (django-simple-history's own view saves a
        POSTed form after checking only the view permission; it is never reached.)"""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        obj = self.get_object(request, object_id)
        version = parse_int(unquote(str(version_id)))
        if obj is None or version is None:
            raise Http404
        record = obj.history.filter(history_id=version).select_related("history_user").first()
        if record is None:
            raise Http404
        rows = []
        for f in self.model._meta.concrete_fields:
            value = getattr(record, f.attname, None)
            if f.is_relation and value is not None:
                related = f.related_model._default_manager.filter(pk=value).first()
                value = shown(related) if related is not None else value
            elif f.choices:
                value = dict(f.flatchoices).get(value, value)
            if hasattr(value, "year") and hasattr(value, "month"):
                value = format_era_date(value) + (
                    f" {timezone.localtime(value):%H:%M}" if hasattr(value, "hour") else ""
                )
            rows.append((f.verbose_name, "" if value is None else value))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(object)s as it was") % {"object": shown(obj)},
            "object": obj,
            "record": record,
            "rows": rows,
            "opts": opts,
        }
        return TemplateResponse(request, "admin/history_version.html", context)
