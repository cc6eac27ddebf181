"""Choices of the organisation core."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    HQ_DIVISION = "hq_division", _("HQ division")
    REGIONAL_OFFICE = "regional_office", _("regional promotion office")
    TAX_OFFICE = "tax_office", _("prefectural tax office")
    PASSPORT_OFFICE = "passport_office", _("passport office")
    PUBLIC_SAFETY = "public_safety", _("public safety commission")
    OTHER = "other", _("other")


class CardMode(models.TextChoices):
    INDIVIDUAL = "individual", _("individual cards")
    GROUP = "group", _("group cards")
    HQ_SHARED = "hq_shared", _("HQ shared use")


class EmploymentType(models.TextChoices):
    REGULAR = "regular", _("regular")
    PART_TIME = "part_time", _("part-time")


class StaffStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    ON_LEAVE = "on_leave", _("on leave")
    RETIRED = "retired", _("retired")
    TRANSFERRED = "transferred", _("transferred")


#: Statuses that make a person's card due for reclaim from the date they take effect.
LEAVING_STATUSES = (StaffStatus.ON_LEAVE, StaffStatus.RETIRED, StaffStatus.TRANSFERRED)


def away_from(status: str, status_date):
    """The one rule of "has left": the day from which a person with ``status`` (effective
    ``status_date``) is away (on leave, retired, transferred), or None while they are in
    post. ``Staff.has_left``, ``Staff.left_by`` (its filter) and the reclaim periods read it."""
    return status_date if status in LEAVING_STATUSES and status_date is not None else None
