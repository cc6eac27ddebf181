"""The Django admin of the organisation core, for the system administrator: offices, staff,
and logins (which get one of the six roles, an office through their staff record, and
nothing else: no superuser status, no permission granted one by one)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from . import access, accounts, lockouts
from .admin_utils import Link, ObjectAction, ScopedHistoryAdmin
from .csvio import read_upload
from .errors import DomainError
from .forms import EraDateField, ModelChoiceField, ReasonForm, StaffImportForm, StaffStatusForm
from .models import Office, Staff
from .people import display_name
from .search import IndexedSearchMixin
from .services import office_set_head, staff_change_status, staff_transfer
from .staff_import import staff_import


class HeadForm(ReasonForm):
    head = ModelChoiceField(label=_("office head"), queryset=Staff.objects.none(), required=False)
    field_order = ["head", "reason"]

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        if office is not None:
            self.fields["head"].queryset = Staff.objects.filter(office=office).order_by(
                "employee_number"
            )
            self.fields["head"].initial = office.head_id


class TransferForm(ReasonForm):
    office = ModelChoiceField(
        label=_("new office"), queryset=Office.objects.filter(active=True).order_by("code")
    )
    effective_date = EraDateField(label=_("effective date"))
    field_order = ["office", "effective_date", "reason"]


@admin.register(Office)
class OfficeAdmin(ScopedHistoryAdmin):
    list_display = ["code", "name", "kind", "card_mode", "hosts_terminals", "head", "active"]
    list_filter = ["kind", "card_mode", "hosts_terminals", "active"]
    search_fields = ["code", "name"]
    list_select_related = ["head"]
    readonly_fields = ["head"]
    object_actions = (
        ObjectAction(
            "head",
            _("Appoint the office head"),
            form=HeadForm,
            form_kwargs=lambda office: {"office": office},
            perform=lambda office, data, actor: office_set_head(
                office=office, head=data["head"], actor=actor, reason=data["reason"]
            ),
            done=_("The office head was recorded."),
        ),
    )


@admin.register(Staff)
class StaffAdmin(IndexedSearchMixin, ScopedHistoryAdmin):
    list_display = [
        "employee_number",
        "name",
        "kana",
        "office",
        "employment_type",
        "status",
        "status_date",
        "user",
    ]
    list_filter = ["status", "employment_type", "office"]
    search_codes = ("employee_number",)
    search_names = ("name", "kana")
    show_full_result_count = False
    list_select_related = ["office", "user"]
    autocomplete_fields = ["office", "user"]
    readonly_fields = ["status", "status_date", "office_since"]
    service_fields = ("office",)
    object_actions = (
        ObjectAction(
            "status",
            _("Change status"),
            form=StaffStatusForm,
            perform=lambda staff, data, actor: staff_change_status(
                staff=staff,
                status=data["status"],
                effective_date=data["effective_date"],
                actor=actor,
                reason=data["reason"],
            ),
            done=_("The staff status was changed."),
        ),
        ObjectAction(
            "transfer",
            _("Transfer to another office"),
            form=TransferForm,
            perform=lambda staff, data, actor: staff_transfer(
                staff=staff,
                office=data["office"],
                effective_date=data["effective_date"],
                actor=actor,
                reason=data["reason"],
            ),
            done=_("The transfer was recorded."),
        ),
    )

    def list_links(self, request):
        if request.user.has_perm("juki_admin.add_staff"):
            return [Link(_("Import staff from the personnel system"), "import/")]
        return []

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="juki_admin_staff_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload of the personnel system's CSV: all rows or none, every bad row named."""
        if not (
            request.user.has_perm("juki_admin.add_staff")
            and request.user.has_perm("juki_admin.change_staff")
        ):
            raise PermissionDenied
        form = StaffImportForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = staff_import(
                    data=read_upload(form.cleaned_data["file"]),
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except DomainError as error:
                messages.error(request, error.html)
            else:
                if report.ok and not report.dry_run:
                    messages.success(
                        request,
                        _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                        % {
                            "created": len(report.created),
                            "updated": len(report.updated),
                            "unchanged": report.unchanged,
                        },
                    )
                elif not report.ok:
                    messages.error(
                        request,
                        _("%(count)d error(s): nothing was imported.")
                        % {"count": len(report.errors)},
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import staff from the personnel system"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/juki_admin/staff/import.html", context)


# --- logins --------------------------------------------------------------------------------


class UserForm(forms.ModelForm):
    """A login: names, mail, active or not, one or more of the six roles. Superuser status
    and single permissions are not offered (roles are the only grants)."""

    roles = forms.MultipleChoiceField(
        label=_("roles"),
        choices=access.Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_reason = forms.CharField(label=_("reason for the change"), max_length=500)

    class Meta:
        model = get_user_model()
        fields = ["username", "last_name", "first_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(access.roles_of_record(self.instance))

    def save(self, commit=True):  # the admin calls save_model, which calls the service
        return self.instance


# Django's own pages for logins and groups and django-otp's for authenticator secrets are not
# offered: the site declines them (``sites.NOT_OFFERED``); this page resets two-factor sign-in.


class LockedFilter(admin.SimpleListFilter):
    """Logins locked out of signing in now (from at least one address)."""

    title = _("sign-in lock")
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", _("locked out now"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(username__in=lockouts.locked_usernames())
        return queryset


def describe_locks(locks) -> str:
    """「10.1.2.3：12月4日 21:05から、失敗5回（21:35に自動解除）」 per address, or —."""
    from django.utils import formats, timezone
    from django.utils.translation import gettext

    def when(moment):
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")

    parts = []
    for lock in locks or ():
        text = gettext("%(address)s: since %(since)s, %(failures)d failures") % {
            "address": lock.address or "—",
            "since": when(lock.since or lock.last_failure),
            "failures": lock.failures,
        }
        if lock.lifts_at:
            text += gettext(" (lifts by itself at %(time)s)") % {"time": when(lock.lifts_at)}
        parts.append(text)
    return " / ".join(parts) or "—"


@admin.register(get_user_model())
class UserAdmin(ScopedHistoryAdmin):
    # Django's User has no office-scoped queryset of ours: a login is scoped by its 職員 record,
    # through the same rule (``access.scope_to_offices``), here only.
    office_scoped = False
    office_path = "staff__office"
    form = UserForm
    list_display = [
        "username",
        "last_name",
        "first_name",
        "role_names",
        "staff",
        "is_active",
        "sign_in_lock",
    ]
    list_filter = ["is_active", LockedFilter, "groups"]
    search_fields = ["username", "last_name", "first_name", "staff__name"]
    list_select_related = ["staff", "staff__office"]
    readonly_fields = ["staff_record", "sign_in_lock", "last_login", "date_joined"]
    fields = [
        "username",
        "last_name",
        "first_name",
        "email",
        "is_active",
        "roles",
        "staff_record",
        "sign_in_lock",
        "last_login",
        "date_joined",
        "change_reason",
    ]

    object_actions = (
        ObjectAction(
            "unlock",
            _("Lift the sign-in lock"),
            available=accounts.is_locked_out,
            perform=lambda user, data, actor: accounts.user_unlock(
                user=user, actor=actor, reason=data["reason"]
            ),
            done=_("The sign-in lock was lifted."),
        ),
        ObjectAction(
            "reset-two-factor",
            _("Reset two-factor sign-in"),
            available=lambda user: user_has_device(user, confirmed=None),
            perform=lambda user, data, actor: accounts.user_reset_two_factor(
                user=user, actor=actor, reason=data["reason"]
            ),
            done=_("Two-factor sign-in was reset: the login enrols again at its next sign-in."),
        ),
    )

    def get_queryset(self, request):
        logins = super(ScopedHistoryAdmin, self).get_queryset(request).prefetch_related("groups")
        return access.scope_to_offices(logins, request.user, self.office_path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # the page names the person, not the login ID
            context["subtitle"] = display_name(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            # a reader sees the roles as text, not the form's checkboxes and reason
            return [
                f if f != "roles" else "role_names" for f in self.fields if f != "change_reason"
            ]
        return list(self.fields)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "role_names"]

    def has_view_permission(self, request, obj=None):
        return access.sees_all_offices(request.user) and super().has_view_permission(request, obj)

    def get_changelist_instance(self, request):
        """The locks of the page's logins, in a fixed number of queries (``lockouts``)."""
        changelist = super().get_changelist_instance(request)
        page = list(changelist.result_list)
        locks = lockouts.current_locks(usernames=[u.username for u in page])
        for user in page:
            user._juki_locks = locks.get(user.username, [])
        return changelist

    @admin.display(description=_("sign-in lock"))
    def sign_in_lock(self, user):
        if not user.pk:
            return "—"
        locks = getattr(user, "_juki_locks", None)
        if locks is None:
            locks = lockouts.current_locks(usernames=[user.username]).get(user.username, [])
        return describe_locks(locks)

    @admin.display(description=_("staff member"))
    def staff_record(self, user):
        staff = getattr(user, "staff", None) if user.pk else None
        return str(staff) if staff is not None else "—"

    @admin.display(description=_("roles"))
    def role_names(self, user):
        return "、".join(g.name for g in user.groups.all())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        accounts.user_save(
            user=obj, roles=data["roles"], actor=request.user, reason=data["change_reason"]
        )

    def save_related(self, request, form, formsets, change):
        pass  # roles were set by the service

    def object_links(self, request, obj):
        return [Link(_("Set a new password"), reverse("admin:auth_user_password", args=[obj.pk]))]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/password/",
                self.admin_site.admin_view(self.password_view),
                name="auth_user_password",
            ),
            *super().get_urls(),
        ]

    def password_view(self, request, object_id):
        from django.contrib.auth.forms import AdminPasswordChangeForm

        user = self.get_object(request, object_id)
        if user is None:
            from django.http import Http404

            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        form = AdminPasswordChangeForm(user, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            accounts.user_set_password(
                user=user, password=form.cleaned_data["password1"], actor=request.user
            )
            messages.success(request, _("The password was changed."))
            return self._back_to(user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set a new password"),
            "object": user,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/confirm_action.html", context)
