"""Staff import from the personnel system's CSV (職員番号, 氏名, ふりがな, 所属コード, 雇用区分,
在籍状況, 発効日). All or nothing: one bad row and nothing is written; every bad row is named.

Status changes go through ``staff_change_status_bulk`` and changes of office through
``staff_transfer_bulk`` (the rules of ``staff_change_status`` and ``staff_transfer``), so an
imported retirement starts the reclaim watch of the person's card exactly as an edit in the
admin does.

The number of queries is fixed per file, not per row: the offices are read once, the
employee numbers already known once (per ``LOOKUP_CHUNK`` numbers), every row is checked in
Python, and the new rows, the edited rows, the transfers and the status changes are each
written with their history in bulk (one statement per ``BULK_BATCH`` rows).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import fiscal, validation
from .choices import EmploymentType, StaffStatus
from .csvio import ImportReport, RowError, looks_like_formula, read_rows
from .history import stamp
from .models import Office, Staff, normalize_code, normalize_name, unstorable_characters
from .services import BULK_BATCH, staff_change_status_bulk, staff_transfer_bulk

COLUMNS = {
    "employee_number": ("職員番号",),
    "name": ("氏名", "名前"),
    "kana": ("ふりがな", "フリガナ", "カナ"),
    "office_code": ("所属コード",),
    "employment_type": ("雇用区分",),
    "status": ("在籍状況", "状態"),
    "effective_date": ("発効日", "異動日"),
}
EMPLOYMENT = {
    "regular": EmploymentType.REGULAR,
    "正規": EmploymentType.REGULAR,
    "正規職員": EmploymentType.REGULAR,
    "part_time": EmploymentType.PART_TIME,
    "非常勤": EmploymentType.PART_TIME,
    "非常勤職員": EmploymentType.PART_TIME,
}
STATUS = {
    "": StaffStatus.ACTIVE,
    "active": StaffStatus.ACTIVE,
    "在職": StaffStatus.ACTIVE,
    "on_leave": StaffStatus.ON_LEAVE,
    "休職": StaffStatus.ON_LEAVE,
    "retired": StaffStatus.RETIRED,
    "退職": StaffStatus.RETIRED,
    "transferred": StaffStatus.TRANSFERRED,
    "異動": StaffStatus.TRANSFERRED,
}
REASON = "人事データ取込"
#: Employee numbers looked up per query (well under every backend's limit of parameters).
LOOKUP_CHUNK = 10_000
#: A name or number that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is refused,
#: not altered: names are kept exactly as registered (DESIGN.md rule 10), and no real name or
#: employee number begins so.
FORMULA_REFUSAL = gettext_lazy(
    "It begins with a character that a spreadsheet reads as a formula (= + - @, a tab or a "
    "carriage return)."
)


def parse_date(value: str) -> dt.date:
    """A date cell: 2026-11-26, 2026/11/26, 令和8年11月26日, R8.11.26 (``fiscal.parse_date``)."""
    try:
        return fiscal.parse_date(value)
    except ValueError:
        raise ValueError(
            _("%(value)s is not a date (e.g. 2026-11-26 or 令和8年11月26日).") % {"value": value}
        ) from None


def _error(line: int, column: str, message) -> RowError:
    """A bad cell, named by its Japanese header (職員番号, 所属コード, ...)."""
    return RowError(line, column, str(message), COLUMNS[column][0])


def _check_name(line: int, column: str, value: str, problems: list, *, required: bool):
    """A name cell: width-normalised only, within the column's length, every character one
    that can be kept as registered (DESIGN.md rule 10)."""
    value = normalize_name(value)
    limit = Staff._meta.get_field(column).max_length
    if required and not value:
        problems.append(_error(line, column, _("This value is required.")))
    elif len(value) > limit:
        problems.append(_error(line, column, _("At most %(limit)d characters.") % {"limit": limit}))
    elif looks_like_formula(value):
        problems.append(_error(line, column, FORMULA_REFUSAL))
    else:
        bad = unstorable_characters(value)
        if bad:
            problems.append(
                _error(
                    line,
                    column,
                    _(
                        "It holds a character that cannot be kept as registered (U+%(code)04X, "
                        "e.g. a user-defined character of Shift_JIS)."
                    )
                    % {"code": ord(bad[0])},
                )
            )
    return value


def _validate(rows, offices: dict[str, Office]) -> tuple[list[dict], list[RowError]]:
    errors, valid, seen = [], [], {}
    latest = validation.latest_planned_date()
    for line, row in rows:
        problems = []
        for code_column in ("employee_number", "office_code", "employment_type", "status"):
            row[code_column] = normalize_code(row[code_column])
        row["effective_date"] = normalize_code(row["effective_date"])
        number = row["employee_number"]
        if not number:
            problems.append(_error(line, "employee_number", _("This value is required.")))
        elif len(number) > 20:
            problems.append(_error(line, "employee_number", _("At most 20 characters.")))
        elif looks_like_formula(number):
            problems.append(_error(line, "employee_number", FORMULA_REFUSAL))
        elif number in seen:
            problems.append(
                _error(
                    line,
                    "employee_number",
                    _("Employee number %(number)s is also on line %(other)d.")
                    % {"number": number, "other": seen[number]},
                )
            )
        else:
            seen[number] = line
        name = _check_name(line, "name", row["name"], problems, required=True)
        kana = _check_name(line, "kana", row["kana"], problems, required=False)
        office = offices.get(row["office_code"])
        if office is None:
            problems.append(
                _error(
                    line,
                    "office_code",
                    _("Unknown office code: %(code)s") % {"code": row["office_code"]},
                )
            )
        employment = EMPLOYMENT.get(row["employment_type"].lower())
        if employment is None:
            problems.append(
                _error(
                    line,
                    "employment_type",
                    _("Unknown employment type: %(value)s") % {"value": row["employment_type"]},
                )
            )
        status = STATUS.get(row["status"].lower())
        if status is None:
            problems.append(
                _error(line, "status", _("Unknown status: %(value)s") % {"value": row["status"]})
            )
        date = None
        if row["effective_date"]:
            try:
                date = parse_date(row["effective_date"])
            except ValueError as error:
                problems.append(_error(line, "effective_date", str(error)))
            else:
                if not validation.EARLIEST_DATE <= date <= latest:
                    problems.append(
                        _error(
                            line,
                            "effective_date",
                            _("%(date)s is out of range.") % {"date": date.isoformat()},
                        )
                    )
        elif status not in (None, StaffStatus.ACTIVE):
            problems.append(_error(line, "effective_date", _("Required for this status.")))
        if problems:
            errors.extend(problems)
            continue
        valid.append(
            {
                "line": line,
                "employee_number": number,
                "name": name,
                "kana": kana,
                "office": office,
                "employment_type": employment,
                "status": status,
                "status_date": date if status != StaffStatus.ACTIVE else None,
                "transfer_date": date,
            }
        )
    return valid, errors


def staff_import(*, data: bytes, actor, dry_run: bool = False) -> ImportReport:
    """Import the personnel list. Nothing is written when any row is bad or on ``dry_run``."""
    report = ImportReport(dry_run=dry_run)
    rows, line_errors = read_rows(data, columns=COLUMNS)
    if line_errors and not rows:  # empty, a header only or a bad header: nothing to check
        report.errors = line_errors
        return report
    offices = {o.code: o for o in Office.objects.all()}
    valid, errors = _validate(rows, offices)
    # the lines ``read_rows`` refused (their bytes, limits or cells) among the bad rows
    report.errors = sorted(line_errors + errors, key=lambda error: error.line)
    if report.errors:
        return report
    with transaction.atomic():
        _write(valid, _existing([row["employee_number"] for row in valid]), actor, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _existing(numbers: list[str]) -> dict[str, Staff]:
    """The staff already known under ``numbers``, locked for this import."""
    found = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        for staff in Staff.objects.select_for_update().filter(employee_number__in=chunk):
            found[staff.employee_number] = staff
    return found


def _write(valid: list[dict], existing: dict[str, Staff], actor, report: ImportReport) -> None:
    """New people, then edited names and employment types, then transfers, then status
    changes: each kind in bulk with its history, in the order the single services would
    write them for one person."""
    now, new, edited, transfers, people = timezone.now(), [], [], [], []
    for row in valid:
        fields = {k: row[k] for k in ("name", "kana", "employment_type")}
        staff = existing.get(row["employee_number"])
        changed = False
        if staff is None:
            staff = Staff(employee_number=row["employee_number"], office=row["office"], **fields)
            new.append(staff)
        else:
            diff = [k for k, v in fields.items() if getattr(staff, k) != v]
            if diff:
                for k in diff:
                    setattr(staff, k, fields[k])
                staff.updated_at = now
                edited.append(staff)
                changed = True
            if staff.office_id != row["office"].pk:
                # a change of office is a transfer (DESIGN.md rule 2), from the row's date
                transfers.append((staff, row["office"], row["transfer_date"] or fiscal.today()))
                changed = True
        stamp(staff, actor=actor, reason=REASON)
        validation.clean_without_queries(staff)  # uniqueness: by ``seen`` and ``existing``
        people.append((row, staff, changed))
    bulk_create_with_history(
        new, Staff, batch_size=BULK_BATCH, default_user=actor, default_change_reason=REASON
    )
    bulk_update_with_history(
        edited,
        Staff,
        ["name", "kana", "employment_type", "updated_at"],
        batch_size=BULK_BATCH,
        default_user=actor,
        default_change_reason=REASON,
    )
    staff_transfer_bulk(transfers=transfers, actor=actor, reason=REASON)
    created = {id(staff) for staff in new}
    statuses = [
        (staff, row["status"], row["status_date"])
        for row, staff, _changed in people
        if (staff.status, staff.status_date) != (row["status"], row["status_date"])
    ]
    staff_change_status_bulk(changes=statuses, actor=actor, reason=REASON)
    status_changed = {id(staff) for staff, _status, _date in statuses}
    for row, staff, changed in people:
        label = f"{row['employee_number']} {row['name']}"
        if id(staff) in created:
            report.created.append(label)
        elif changed or id(staff) in status_changed:
            report.updated.append(label)
        else:
            report.unchanged += 1
