"""The Django admin of the audits app, one module per sub-domain (each registers its models)."""

from . import access, audits, evidence, self_inspections

__all__ = ["access", "audits", "evidence", "self_inspections"]
