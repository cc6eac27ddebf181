"""The admin of evidence files (証拠書類): a register to read; files are added in the
portal through ``services.evidence_add`` and never changed or deleted."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import Link, ReadOnlyAdminMixin, ScopedHistoryAdmin

from ..models import Evidence


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["name", "office", "content_type", "size", "added_by", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["name", "digest"]
    list_select_related = ["office", "added_by"]
    show_full_result_count = False
    fields = [
        "office", "answer", "audit", "finding", "improvement_plan", "site_visit", "incident",
        "name", "size", "content_type", "digest", "note", "corrects", "added_by", "created_at",
    ]  # fmt: skip
    readonly_fields = fields

    def object_links(self, request, evidence):
        return [Link(_("Download (digest checked)"), evidence.get_absolute_url())]
