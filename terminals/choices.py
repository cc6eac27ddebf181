"""Choices of the terminals app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Authentication(models.TextChoices):
    CARD = "card", _("operator ID card")
    VEIN = "vein", _("vein authentication")


class TerminalStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("in service")
    STORED = "stored", _("stored")
    RETURNED = "returned", _("returned to the lessor")


class MediaKind(models.TextChoices):
    FORM = "form", _("form (帳票)")
    DOCUMENT = "document", _("document (ドキュメント)")
    DISK = "disk", _("magnetic disk (磁気ディスク)")


class MediaStatus(models.TextChoices):
    KEPT = "kept", _("kept")
    DISPOSAL_REQUESTED = "disposal_requested", _("disposal requested")
    DISPOSAL_APPROVED = "disposal_approved", _("disposal approved by the office head")
    DISPOSED = "disposed", _("disposed")
