"""The Django admin of the training app: plans, sessions with invitations and the attendance
sheet, and rule violations."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cards.forms import DatedReasonForm
from juki_admin.admin_utils import (
    ChangeReasonForm,
    Link,
    ListAction,
    ObjectAction,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ScopedHistoryAdmin,
)
from juki_admin.errors import DomainError
from juki_admin.fiscal import fiscal_year

from . import selectors, services
from .choices import ATTENDED, SessionKind
from .forms import AttendanceSheetForm, InviteForm, ViolationForm
from .models import Attendance, TrainingPlan, TrainingSession, Violation


class TrainingSessionInline(ReadOnlyInline):
    model = TrainingSession
    fields = ["kind", "title", "held_on", "place", "cancelled_on"]


@admin.register(TrainingPlan)
class TrainingPlanAdmin(ScopedHistoryAdmin):
    office_scoped = False
    list_display = ["fiscal_year", "title"]
    service_fields = ("fiscal_year",)
    inlines = [TrainingSessionInline]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.plan_create(
            fiscal_year=obj.fiscal_year, title=obj.title, notes=obj.notes, actor=request.user
        )
        obj.pk = created.pk


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["staff", "status", "note"]


class SessionForm(ChangeReasonForm):
    def clean(self):
        data = super().clean()
        session = self.instance
        if session.pk and session.has_recorded_attendance:
            for name in ("kind", "held_on"):
                if name in self.changed_data:
                    self.add_error(
                        name,
                        _(
                            "Attendance is recorded for this session: its kind and date can "
                            "no longer change."
                        ),
                    )
        return data


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedHistoryAdmin):
    office_scoped = False
    form = SessionForm
    list_display = ["held_on", "kind", "title", "plan", "place", "cancelled_on"]
    list_filter = ["kind", "plan"]
    search_fields = ["title"]
    list_select_related = ["plan"]
    readonly_fields = ["cancelled_on", "cancel_reason"]
    service_fields = ("plan",)
    inlines = [AttendanceInline]
    object_actions = (
        ObjectAction(
            "cancel",
            _("Cancel the session"),
            form=DatedReasonForm,
            available=lambda session: "cancel" in session.steps,
            perform=lambda session, data, actor: services.session_cancel(
                session=session, actor=actor, reason=data["reason"], on=data["on"]
            ),
            done=_("The session was cancelled."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and ("change" not in obj.steps or obj.has_recorded_attendance):
            fields += ["kind", "held_on"]
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.session_update(
                session=TrainingSession.objects.get(pk=obj.pk),
                actor=request.user,
                reason=data.get("change_reason", ""),
                **{k: data[k] for k in ("kind", "title", "held_on", "place") if k in data},
            )
        else:
            saved = services.session_schedule(
                plan=data["plan"],
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                place=data.get("place", ""),
                actor=request.user,
            )
        obj.pk = saved.pk

    def object_links(self, request, session):
        if not self.has_change_permission(request, session):
            return []
        links = []
        if "invite" in session.steps:
            links.append(
                Link(
                    _("Invite to the session"),
                    reverse("admin:training_trainingsession_invite", args=[session.pk]),
                )
            )
        if "record_attendance" in session.steps:
            links.append(
                Link(
                    _("Attendance sheet"),
                    reverse("admin:training_trainingsession_attendance", args=[session.pk]),
                )
            )
        return links

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
        session = self.get_object(request, object_id)
        if session is None:
            raise Http404
        return session

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
                messages.error(request, error.html)
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
            rows = selectors.general_training_rates(user, year, names="all")
            people = {p for row in rows for p in row.operators if not p.away}
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
                messages.error(request, error.html)
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
    list_display = ["session", "staff", "status", "note"]
    list_filter = ["status", "session__kind", "session__plan"]
    search_fields = ["staff__name", "staff__employee_number"]
    list_select_related = ["session", "staff"]


@admin.register(Violation)
class ViolationAdmin(ScopedHistoryAdmin):
    list_display = ["recorded_on", "staff", "source", "description"]
    list_filter = ["source"]
    search_fields = ["staff__name", "description"]
    list_select_related = ["staff"]
    readonly_fields = ["staff", "source", "description", "recorded_on", "recorded_by"]
    fields = readonly_fields
    list_actions = (
        ListAction(
            "record",
            _("Record a rule violation"),
            ViolationForm,
            "training.add_violation",
            perform=lambda data, actor: services.violation_record(
                staff=data["staff"],
                source=data["source"],
                description=data["description"],
                actor=actor,
                on=data["on"],
            ),
            done=_("The violation was recorded."),
        ),
    )

    def has_add_permission(self, request):
        return False  # recorded through "record a violation", which asks for the source

    def list_links(self, request):
        return [Link(_("Re-education list"), reverse("training:reeducation"))]
