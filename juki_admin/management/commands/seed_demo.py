"""Load the demo data built from the source paper: offices, staff and one login per role.

Idempotent: a second run changes nothing. Refuses a database holding offices, staff or
logins it did not create, unless --force.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import db, demo_data
from juki_admin.access import GROUP_NAMES, Role
from juki_admin.choices import EmploymentType, StaffStatus
from juki_admin.history import acting_as
from juki_admin.management.base import ActorCommand
from juki_admin.models import Office, Staff

DEMO_PASSWORD = "juki-demo-2026"

#: username → (role, office code, staff number within the office, uses the admin site)
DEMO_LOGINS: dict[str, tuple[str, str, int, bool]] = {
    "sysadmin": (Role.SYSTEM_ADMIN, "H01", 2, True),
    "chief": (Role.SECURITY_CHIEF, "H01", 1, True),
    "auditor": (Role.AUDITOR, "H01", 3, True),
    "head": (Role.OFFICE_HEAD, demo_data.INCIDENT_OFFICE, 1, False),
    "manager": (Role.IDENTITY_MANAGER, demo_data.INCIDENT_OFFICE, 2, False),
    "operator": (Role.OPERATOR, demo_data.INCIDENT_OFFICE, 3, False),
}
#: A head of another office, to show that office heads see only their own office.
EXTRA_LOGINS = {"head2": (Role.OFFICE_HEAD, "S01", 1, False)}

REASON = "デモデータの投入"
PROJECT_APPS = ("cards", "training", "terminals", "audits")


def upsert(model, lookup: dict, values: dict, create_only: dict | None = None):
    """Create the row, or update only the fields of ``values`` that differ (``create_only``
    fields are set on creation only); return (obj, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_only or {}))
        obj._change_reason = REASON
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [f for f, v in values.items() if getattr(obj, f) != v]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj._change_reason = REASON
        obj.full_clean()
        obj.save()
    return obj, bool(changed)


def demo_staff_rows():
    """(office code, employee number, name, kana, employment type, status, date) of all staff."""
    index = 0
    for office in demo_data.OFFICES:
        for n in range(1, office.staff + 1):
            if office.code == demo_data.INCIDENT_OFFICE:
                regular = n <= demo_data.INCIDENT_OFFICE_REGULAR
            else:
                regular = n <= max(2, office.staff // 2)
            name, kana = demo_data.demo_name(index)
            index += 1
            yield (
                office.code,
                demo_data.employee_number(office.code, n),
                name,
                kana,
                EmploymentType.REGULAR if regular else EmploymentType.PART_TIME,
                StaffStatus.ACTIVE,
                None,
            )
    # The employee of 東葛飾旅券事務所 who retired in September 2011 (paper, 1(1)①).
    yield (
        demo_data.INCIDENT_OFFICE,
        demo_data.RETIRED_EMPLOYEE_NUMBER,
        "退職 太郎",
        "タイショク タロウ",
        EmploymentType.REGULAR,
        StaffStatus.RETIRED,
        demo_data.RETIRED_ON,
    )


class Command(ActorCommand):
    help = _("Load demo data from the source paper (idempotent).")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Run even though the database holds data the demo did not create."),
        )

    def handle(self, *args, **options):
        # The demo's own system administrator is the actor, so it is created first.
        with transaction.atomic():
            if not options["force"]:
                self.refuse_foreign_data()
            with acting_as(None):
                users = self.ensure_users()
            actor = self.resolve_actor(options["actor"]) if options["actor"] else users["sysadmin"]
            with acting_as(actor):
                counts = self.load(users)
                counts["changed"] += self.load_apps(actor=actor, users=users)
        if counts["changed"]:
            db.analyze()  # every table it filled: no page waits for autovacuum
        self.stdout.write(
            _("Demo data ready: %(offices)d offices, %(staff)d staff (%(changed)d rows changed).")
            % counts
        )
        if settings.DEBUG:
            self.stdout.write(_("Demo logins (password for all: %(pw)s):") % {"pw": DEMO_PASSWORD})
            for username, (role, office, _n, _admin) in {**DEMO_LOGINS, **EXTRA_LOGINS}.items():
                office_name = next(o.name for o in demo_data.OFFICES if o.code == office)
                self.stdout.write(f"  {username:10} {Role(role).label} / {office_name}")

    def load_apps(self, *, actor, users: dict) -> int:
        """Each installed app of the project may bring a ``demo`` module with a
        ``load(*, actor, users)`` function; they run in INSTALLED_APPS order."""
        changed = 0
        for config in apps.get_app_configs():
            if not config.name.startswith(PROJECT_APPS):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            changed += module.load(actor=actor, users=users)
        return changed

    def refuse_foreign_data(self) -> None:
        codes = {o.code for o in demo_data.OFFICES}
        numbers = {row[1] for row in demo_staff_rows()}
        usernames = set(DEMO_LOGINS) | set(EXTRA_LOGINS)
        foreign = (
            Office.objects.exclude(code__in=codes).exists()
            or Staff.objects.exclude(employee_number__in=numbers).exists()
            or get_user_model().objects.exclude(username__in=usernames).exists()
        )
        if foreign:
            raise CommandError(
                _(
                    "The database holds offices, staff or logins that the demo did not create. "
                    "Nothing was changed. Use --force to add the demo data anyway."
                )
            )

    def ensure_users(self) -> dict:
        User = get_user_model()
        users = {}
        for username, (role, _office, _n, uses_admin) in {**DEMO_LOGINS, **EXTRA_LOGINS}.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username, is_staff=uses_admin, email=f"{username}@example.invalid"
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
            users[username] = user
        return users

    def load(self, users: dict) -> dict:
        changed = 0
        offices = {}
        for o in demo_data.OFFICES:
            offices[o.code], c = upsert(
                Office,
                {"code": o.code},
                {
                    "name": o.name,
                    "kind": o.kind,
                    "card_mode": o.card_mode,
                    "hosts_terminals": o.hosts_terminals,
                },
            )
            changed += c
        staff = {}
        for code, number, name, kana, employment, status, date in demo_staff_rows():
            staff[number], c = upsert(
                Staff,
                {"employee_number": number},
                {
                    "name": name,
                    "kana": kana,
                    "office": offices[code],
                    "employment_type": employment,
                },
                # status changes later go through staff_change_status (e.g. the cards demo)
                create_only={"status": status, "status_date": date},
            )
            changed += c
        for o in demo_data.OFFICES:
            head = staff[demo_data.employee_number(o.code, 1)]
            _obj, c = upsert(Office, {"code": o.code}, {"head": head})
            changed += c
        for username, (_role, code, n, _admin) in {**DEMO_LOGINS, **EXTRA_LOGINS}.items():
            person = staff[demo_data.employee_number(code, n)]
            _obj, c = upsert(Staff, {"pk": person.pk}, {"user": users[username]})
            changed += c
            user = users[username]
            last, _sep, first = person.name.partition(" ")
            if (user.last_name, user.first_name) != (last, first):
                user.last_name, user.first_name = last, first
                user.save(update_fields=["last_name", "first_name"])
        return {"offices": len(offices), "staff": len(staff), "changed": changed}
