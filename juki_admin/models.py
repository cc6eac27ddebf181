"""The organisation core: offices (所属) and staff (職員), and what every model shares.

This is the ground floor of ``juki_admin``: it imports no other app of the project.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import fiscal
from .choices import LEAVING_STATUSES, CardMode, EmploymentType, OfficeKind, StaffStatus, away_from
from .history import history_user
from .history_chain import ChainedHistory


def normalize_code(value):
    """NFKC-normalise and trim a code typed by a person: '　ＡＢ０１２ ' → 'AB012'."""
    if value is None:
        return None
    return unicodedata.normalize("NFKC", str(value)).strip()


_HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")
_FULL_WIDTH_ASCII = re.compile(r"[\uff01-\uff5e]")


def normalize_name(value):
    """A person's name as registered, only its width normalised (DESIGN.md rule 10):
    half-width katakana become full-width (ｶﾞ → ガ), full-width Latin letters and digits
    half-width, the ideographic space a plain space; runs of spaces one, ends trimmed.
    Nothing else changes: 塚 (U+FA10), 髙, 﨑 and 𠮷 stay as typed."""
    if value is None:
        return None
    text = _HALF_WIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), str(value))
    text = _FULL_WIDTH_ASCII.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return " ".join(text.replace("\u3000", " ").split())


def unstorable_characters(value: str) -> list[str]:
    """Characters of ``value`` that cannot be kept faithfully: private-use code points (what
    a CP932 user-defined character decodes to), control characters and unassigned ones."""
    return [
        c for c in value if unicodedata.category(c) in ("Co", "Cc", "Cn", "Cs") and c not in "\t"
    ]


def validate_name(value):
    from django.core.exceptions import ValidationError

    bad = unstorable_characters(value or "")
    if bad:
        raise ValidationError(
            _(
                "The name holds a character that cannot be kept as registered (U+%(code)04X). "
                "Write it with a standard character or ask the system administrator."
            ),
            code="unstorable",
            params={"code": ord(bad[0])},
        )


class NameField(models.CharField):
    """A person's name, kept as registered (``normalize_name``); characters that cannot be
    stored faithfully are refused."""

    default_validators = [validate_name]

    def to_python(self, value):
        return normalize_name(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = normalize_name(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class NormalizedCharField(models.CharField):
    """A CharField kept NFKC-normalised and trimmed, in the table and in every lookup.

    Full-width digits or letters typed by a user then match the stored value, and a
    unique constraint on the field is unique after normalisation.
    """

    def to_python(self, value):
        return normalize_code(super().to_python(value))

    def get_prep_value(self, value):
        return normalize_code(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = normalize_code(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def choices_constraint(field: str, choices: type[models.TextChoices], name: str):
    """A CheckConstraint that holds a choice field to its choices in the database."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class OfficeScopedQuerySet(models.QuerySet):
    """A queryset that knows what a user may see and change (NetBox's ``restrict``).

    ``office_path`` leads from the model to its Office ("office", "holder__office", ...); a
    model sets it with ``OfficeScopedQuerySet.for_path("...").as_manager()``. The rules
    themselves are ``juki_admin.access.scope_to_offices`` and ``scope_to_changeable``: every
    view, export, report and admin queryset reads them through ``visible_to`` and
    ``changeable_by``, so ``Card.objects.visible_to(user).get(pk=pk)`` is absent (404) for
    another office's id.
    """

    office_path = "office"

    @classmethod
    def for_path(cls, office_path: str) -> type[OfficeScopedQuerySet]:
        """This queryset class with another path to the office."""
        attrs = {"office_path": office_path, "__module__": cls.__module__}
        return type(cls.__name__, (cls,), attrs)

    def visible_to(self, user) -> OfficeScopedQuerySet:
        """The records ``user`` may see: every office's for the all-office readers, their own
        office's for the others, none without a role or an office."""
        from . import access

        return access.scope_to_offices(self, user, self.office_path)

    def changeable_by(self, user) -> OfficeScopedQuerySet:
        """The records ``user`` may change: every office's for the system administrator, their
        own office's for its office head and identity-data manager, none for the others."""
        from . import access

        return access.scope_to_changeable(self, user, self.office_path)


class TrackedModel(models.Model):
    """Abstract base of every model: full history with the acting user and a reason."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(inherit=True, get_user=history_user, bases=[ChainedHistory])

    class Meta:
        abstract = True


class Office(TrackedModel):
    """所属: a division or regional office; some of them host terminals (端末機設置機関)."""

    code = NormalizedCharField(_("office code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind.choices)
    card_mode = models.CharField(
        _("card-use mode"),
        max_length=20,
        choices=CardMode.choices,
        default=CardMode.INDIVIDUAL,
    )
    hosts_terminals = models.BooleanField(_("hosts terminals"), default=False)
    head = models.ForeignKey(
        "Staff",
        verbose_name=_("office head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_offices",
    )
    active = models.BooleanField(_("active"), default=True)

    objects = OfficeScopedQuerySet.for_path("pk").as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["code"]
        constraints = [
            choices_constraint("kind", OfficeKind, "%(app_label)s_%(class)s_kind_valid"),
            choices_constraint("card_mode", CardMode, "%(app_label)s_%(class)s_card_mode_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def head_user(self):
        """The login of the office head, or None (no head, or a head without a login)."""
        return self.head.user if self.head_id and self.head.user_id else None

    @property
    def head_email(self) -> str:
        """Where mail for the office head goes: their login's address, or "" (none to send)."""
        user = self.head_user
        return user.email if user is not None and user.is_active and user.email else ""

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.head_id and self.pk and self.head.office_id != self.pk:
            raise ValidationError(
                {"head": _("The office head must be a member of staff of this office.")}
            )


class Staff(TrackedModel):
    """職員: a person of the prefecture. An operator (操作者) is staff designated to operate.

    ``status`` and ``status_date`` are the latest known status and the day it takes (or
    took) effect; a planned departure is a leaving status with a date in the future.
    Both change only through ``juki_admin.services.staff_change_status``; ``office`` and
    ``office_since`` only through ``juki_admin.services.staff_transfer``.
    """

    employee_number = NormalizedCharField(_("employee number"), max_length=20, unique=True)
    name = NameField(_("full name"), max_length=100)
    kana = NameField(_("name in kana"), max_length=100, blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="staff"
    )
    employment_type = models.CharField(
        _("employment type"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.REGULAR,
    )
    status = models.CharField(
        _("staff status"),
        max_length=20,
        choices=StaffStatus.choices,
        default=StaffStatus.ACTIVE,
    )
    status_date = models.DateField(_("status effective date"), null=True, blank=True)
    office_since = models.DateField(
        _("in this office since"),
        null=True,
        blank=True,
        help_text=_("The effective date of the person's last transfer (異動)."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["employee_number"]
        indexes = [models.Index(fields=["office", "employee_number"])]
        constraints = [
            choices_constraint(
                "employment_type",
                EmploymentType,
                "%(app_label)s_%(class)s_employment_type_valid",
            ),
            choices_constraint("status", StaffStatus, "%(app_label)s_%(class)s_status_valid"),
            models.CheckConstraint(
                condition=Q(status=StaffStatus.ACTIVE) | Q(status_date__isnull=False),
                name="%(app_label)s_%(class)s_leaving_status_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_number}）"

    def get_absolute_url(self) -> str:
        return reverse("portal:staff_detail", args=[self.pk])

    def is_leaving(self) -> bool:
        """True when a leaving status (on leave, retired, transferred) is recorded."""
        return self.status in LEAVING_STATUSES

    def has_left(self, on: dt.date | None = None) -> bool:
        """True when a leaving status has taken effect by ``on`` (default today); the same
        rule as ``Staff.left_by`` in the database."""
        away = away_from(self.status, self.status_date)
        return away is not None and away <= (on or fiscal.today())

    @staticmethod
    def left_by(on: dt.date) -> Q:
        """Staff whose leaving status (on leave, retired, transferred) has taken effect by
        ``on``: ``has_left`` as a filter. Never NULL, so that it may be negated and counted."""
        return Q(status__in=LEAVING_STATUSES, status_date__isnull=False, status_date__lte=on)


def register_user_history() -> None:
    """Logins have history too (who created a login, who granted it staff status). Called
    once from ``JukiAdminConfig.ready()``: the model is Django's, so it is not changed at
    import time."""
    from django.contrib.auth.models import User
    from simple_history import register

    if not hasattr(User, "history"):
        register(
            User,
            app=__package__,
            get_user=history_user,
            excluded_fields=["password", "last_login"],
            bases=[ChainedHistory],
        )


from .once import SubmittedForm  # noqa: E402, F401 - one submission per form
