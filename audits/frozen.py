"""What is issued cannot change unseen, and evidence is kept as added (DESIGN.md rule 11).

On PostgreSQL two triggers keep what an issued notice (通知) states as it was issued, for
every role of the database and whatever path a statement takes (the admin, a shell, a
script), as ``juki_admin.history_guard`` keeps the history:

- ``audits_notice``: an issued notice is refused every UPDATE and DELETE. A correction is a
  new notice referring to the old one (``corrects``); nothing ever updates a notice row.
- ``audits_finding``: a finding stated by a result notice (``notice_id`` set) is refused
  DELETE, and an UPDATE of any column the notice froze. What a result notice states of a
  finding is its audit and office (the addressee), its number, kind, checklist item,
  description and due date; with the link to the notice and the row's identity these never
  change. A frozen finding still moves on through its improvement plan, so ``status`` (and
  ``updated_at``, which every save writes) may change, and so may ``owner_id``, the person
  who follows it up, whom the letter does not name. A finding not yet notified changes
  freely (``audits.services.finding_update``).

SQLite, the embedded development database, has no such guard; there the services refuse
the change (``finding_update``), the admin offers no change form of a frozen record, and
every download recomputes the digest of a notice's PDF (``services.notice_pdf_checked``).
"""

from __future__ import annotations

from django.db import connection as default_connection

NOTICE_TRIGGER = "juki_notice_frozen"
FINDING_TRIGGER = "juki_finding_frozen"
NOTICE_FUNCTION = "juki_notice_is_frozen"
FINDING_FUNCTION = "juki_finding_is_frozen"

#: The columns of ``audits_finding`` that a frozen finding keeps as its notice stated them.
FINDING_FROZEN_COLUMNS = (
    "id",
    "created_at",
    "audit_id",
    "office_id",
    "number",
    "kind",
    "item_id",
    "description",
    "due_on",
    "notice_id",
)

_NOTICE_SQL = f"""
CREATE OR REPLACE FUNCTION {NOTICE_FUNCTION}() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'an issued notice never changes: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

_OLD = ", ".join(f"OLD.{c}" for c in FINDING_FROZEN_COLUMNS)
_NEW = ", ".join(f"NEW.{c}" for c in FINDING_FROZEN_COLUMNS)

_FINDING_SQL = f"""
CREATE OR REPLACE FUNCTION {FINDING_FUNCTION}() RETURNS trigger AS $$
BEGIN
  IF OLD.notice_id IS NULL THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' OR ROW({_NEW}) IS DISTINCT FROM ROW({_OLD}) THEN
    RAISE EXCEPTION 'a finding stated by an issued notice never changes: % on % refused',
      TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

_GUARDS = (
    ("audits_notice", NOTICE_TRIGGER, NOTICE_FUNCTION, _NOTICE_SQL),
    ("audits_finding", FINDING_TRIGGER, FINDING_FUNCTION, _FINDING_SQL),
)


def install(connection=default_connection) -> int:
    """Create the guard functions and put their triggers on the notice and finding tables
    (idempotent). Returns the number of tables guarded; 0 on a database other than
    PostgreSQL."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        for table, trigger, function, sql in _GUARDS:
            cursor.execute(sql)
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
    return len(_GUARDS)


def uninstall(connection=default_connection) -> None:
    """Remove the triggers and their functions (the migration's reverse)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table, trigger, function, _sql in _GUARDS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


# --- evidence files: kept as added (DESIGN.md rule 11) -----------------------------------

EVIDENCE_TRIGGER = "juki_evidence_kept"
EVIDENCE_FUNCTION = "juki_evidence_is_kept"
_EVIDENCE_SQL = f"""
CREATE OR REPLACE FUNCTION {EVIDENCE_FUNCTION}() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'an evidence file is never changed or deleted: % on % refused', TG_OP,
    TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install_evidence_guard(connection=default_connection) -> bool:
    """On PostgreSQL, ``audits_evidence`` refuses every UPDATE and DELETE: an evidence row
    is written once (a correction is a new row). Its own migration installs it, after the
    table exists."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(_EVIDENCE_SQL)
        cursor.execute(f"DROP TRIGGER IF EXISTS {EVIDENCE_TRIGGER} ON audits_evidence")
        cursor.execute(
            f"CREATE TRIGGER {EVIDENCE_TRIGGER} BEFORE UPDATE OR DELETE ON audits_evidence "
            f"FOR EACH ROW EXECUTE FUNCTION {EVIDENCE_FUNCTION}()"
        )
    return True


def uninstall_evidence_guard(connection=default_connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {EVIDENCE_TRIGGER} ON audits_evidence")
        cursor.execute(f"DROP FUNCTION IF EXISTS {EVIDENCE_FUNCTION}()")
