"""The Django admin of the training app: plans, sessions with invitations and the attendance
sheet, and rule violations."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import ReadOnlyAdminMixin, ScopedHistoryAdmin
from juki_admin.errors import DomainError
from juki_admin.fiscal import fiscal_year

from . import selectors, services
from .choices import ATTENDED, SessionKind
from .forms import AttendanceSheetForm, InviteForm, ViolationForm
from .models import Attendance, TrainingPlan, TrainingSession, Violation


class TrainingSessionInline(admin.TabularInline):
    model = TrainingSession
    fields = ["kind", "title", "held_on", "place"]
    extra = 1


@admin.register(TrainingPlan)
class TrainingPlanAdmin(ScopedHistoryAdmin):
    office_path = None
    list_display = ["fiscal_year", "title"]
    inlines = [TrainingSessionInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["staff", "status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedHistoryAdmin):
    office_path = None
    list_display = ["held_on", "kind", "title", "plan", "place"]
    list_filter = ["kind", "plan"]
    search_fields = ["title"]
    list_select_related = ["plan"]
    inlines = [AttendanceInline]
    change_form_template = "admin/training/trainingsession/change_form.html"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="training_trainingsession_invite",
            ),
            path(
                "<path:object_id>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="training_trainingsession_attendance",
            ),
            *super().get_urls(),
        ]

    def _session(self, request, object_id):
        if not request.user.has_perm("training.change_attendance"):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def invite_view(self, request, object_id):
        """Invite the operators who must attend: for general training every operator of the
        year's rosters; for re-education those on the re-education list; for new-operator
        training those never trained."""
        session = self._session(request, object_id)
        form = InviteForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            people = self._who_must_attend(request.user, session, form.cleaned_data)
            try:
                count = services.session_invite(session=session, staff=people, actor=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(count)d people invited.") % {"count": count})
                return HttpResponseRedirect(
                    reverse("admin:training_trainingsession_attendance", args=[session.pk])
                )
        return self._render(request, session, form, _("Invite to the session"))

    def _who_must_attend(self, user, session, data):
        offices = data["offices"] or None
        if session.kind == SessionKind.REEDUCATION:
            people = {v.staff for v in selectors.reeducation_due(user)}
        else:
            year = fiscal_year(session.held_on)
            rows = selectors.general_training_rates(user, year)
            people = {r.staff for row in rows for r in row.operators if not r.away}
            if not data["include_invited_elsewhere"]:
                done = set(
                    Attendance.objects.filter(
                        staff__in=people,
                        status__in=ATTENDED,
                        session__kind=session.kind,
                        **(
                            {"session__plan": session.plan}
                            if session.kind == SessionKind.GENERAL
                            else {}
                        ),
                    ).values_list("staff_id", flat=True)
                )
                people = {p for p in people if p.pk not in done}
        if offices is not None:
            people = {p for p in people if p.office_id in {o.pk for o in offices}}
        return sorted(people, key=lambda p: p.employee_number)

    def attendance_view(self, request, object_id):
        """The attendance sheet: every invited person's attendance at once."""
        session = self._session(request, object_id)
        attendances = list(session.attendances.select_related("staff", "staff__office"))
        form = AttendanceSheetForm(
            request.POST if request.method == "POST" else None, attendances=attendances
        )
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.attendance_record(
                    session=session, entries=form.entries(), actor=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("%(count)d attendance(s) recorded.") % {"count": len(saved)}
                )
                return HttpResponseRedirect(
                    reverse("admin:training_trainingsession_change", args=[session.pk])
                )
        return self._render(request, session, form, _("Attendance sheet"))

    def _render(self, request, session, form, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "object": session,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/training/trainingsession/sheet.html", context)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    office_path = "staff__office"
    list_display = ["session", "staff", "status", "note"]
    list_filter = ["status", "session__kind", "session__plan"]
    search_fields = ["staff__name", "staff__employee_number"]
    list_select_related = ["session", "staff"]


@admin.register(Violation)
class ViolationAdmin(ScopedHistoryAdmin):
    office_path = "staff__office"
    list_display = ["recorded_on", "staff", "source", "description"]
    list_filter = ["source"]
    search_fields = ["staff__name", "description"]
    list_select_related = ["staff"]
    readonly_fields = ["staff", "source", "description", "recorded_on", "recorded_by"]
    change_list_template = "admin/training/violation/change_list.html"

    def has_add_permission(self, request):
        return False  # recorded through "record a violation", which asks for the source

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "record/",
                self.admin_site.admin_view(self.record_view),
                name="training_violation_record",
            ),
            *super().get_urls(),
        ]

    def record_view(self, request):
        return self.form_action_view(
            request,
            title=_("Record a rule violation"),
            form_class=ViolationForm,
            permission="training.add_violation",
            perform=lambda data, actor: services.violation_record(
                staff=data["staff"],
                source=data["source"],
                description=data["description"],
                actor=actor,
                on=data["on"],
            ),
            success=_("The violation was recorded."),
            success_url=reverse("admin:training_violation_changelist"),
        )
