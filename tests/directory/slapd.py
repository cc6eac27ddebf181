"""A real OpenLDAP server for the tests: Debian's ``slapd`` (``make sysdeps``) started on a free
local port with a throw-away configuration and an mdb database in a temporary directory, a few
entries loaded with ``ldapadd``, stopped (and its directory removed) afterwards. Never a mock.

The directory holds the people of a small prefecture under ``ou=people``, the group of those
who may use juki-admin (``cn=juki-users,ou=groups``), and accounts switched off the way
OpenLDAP does it: the password-policy overlay's ``pwdAccountLockedTime``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
LDAPADD = shutil.which("ldapadd") or "/usr/bin/ldapadd"
LDAPMODIFY = shutil.which("ldapmodify") or "/usr/bin/ldapmodify"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")

SUFFIX = "dc=pref,dc=example"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "slapd-root-secret"
#: The read-only account juki-admin binds with to look people up.
SERVICE_DN = f"cn=juki-admin,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "service-bind-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUP_DN = f"cn=juki-users,ou=groups,{SUFFIX}"
POLICY_DN = f"cn=default,ou=policies,{SUFFIX}"


def slapd_missing() -> str | None:
    """Why the directory tests cannot run here, or None."""
    for tool in (SLAPD, LDAPADD, LDAPMODIFY):
        if not os.path.exists(tool):
            return f"{tool} is not installed (make sysdeps: apt-get install slapd ldap-utils)"
    try:
        import django_auth_ldap  # noqa: F401
        import ldap  # noqa: F401
    except ImportError:
        return "python-ldap / django-auth-ldap are not installed (pip install '.[dev]')"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Person:
    uid: str
    password: str
    employee_number: str
    surname: str
    given_name: str
    in_group: bool = True
    disabled: bool = False


@dataclass
class Directory:
    """A running slapd: its address and the means to change its entries."""

    uri: str
    workdir: Path
    process: subprocess.Popen

    def ldif(self, text: str, *, tool: str = LDAPMODIFY) -> None:
        subprocess.run(
            [tool, "-x", "-H", self.uri, "-D", ROOT_DN, "-w", ROOT_PASSWORD],
            input=text.encode(),
            check=True,
            capture_output=True,
        )

    def add_person(self, person: Person) -> str:
        dn = f"uid={person.uid},{PEOPLE}"
        lines = [
            f"dn: {dn}",
            "objectClass: inetOrgPerson",
            f"uid: {person.uid}",
            f"cn: {person.surname} {person.given_name}",
            f"sn: {person.surname}",
            f"givenName: {person.given_name}",
            f"employeeNumber: {person.employee_number}",
            f"mail: {person.uid}@pref.example",
            f"userPassword: {person.password}",
        ]
        if person.disabled:
            lines.append("pwdAccountLockedTime: 000001010000Z")
        self.ldif("\n".join(lines) + "\n", tool=LDAPADD)
        if person.in_group:
            self.add_to_group(person.uid)
        return dn

    def add_to_group(self, uid: str) -> None:
        self.ldif(f"dn: {GROUP_DN}\nchangetype: modify\nadd: member\nmember: uid={uid},{PEOPLE}\n")

    def remove_from_group(self, uid: str) -> None:
        self.ldif(
            f"dn: {GROUP_DN}\nchangetype: modify\ndelete: member\nmember: uid={uid},{PEOPLE}\n"
        )

    def set_password(self, uid: str, password: str) -> None:
        self.ldif(
            f"dn: uid={uid},{PEOPLE}\nchangetype: modify\n"
            f"replace: userPassword\nuserPassword: {password}\n"
        )

    def disable(self, uid: str) -> None:
        self.ldif(
            f"dn: uid={uid},{PEOPLE}\nchangetype: modify\n"
            "replace: pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z\n"
        )

    def delete(self, uid: str) -> None:
        self.remove_from_group(uid)
        self.ldif(f"dn: uid={uid},{PEOPLE}\nchangetype: delete\n")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


SLAPD_CONF = """\
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {schema}/nis.schema
modulepath {modules}
moduleload back_mdb
moduleload ppolicy
pidfile {work}/slapd.pid
argsfile {work}/slapd.args

database mdb
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {work}/data
maxsize 10485760
overlay ppolicy
ppolicy_default "{policy_dn}"
access to attrs=userPassword by self write by anonymous auth by * none
access to * by dn.exact="{service_dn}" read by self read by * none
"""

BASE_ENTRIES = f"""\
dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
dc: pref
o: Example Prefecture

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: ou=services,{SUFFIX}
objectClass: organizationalUnit
ou: services

dn: {SERVICE_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: juki-admin
userPassword: {SERVICE_PASSWORD}

dn: ou=policies,{SUFFIX}
objectClass: organizationalUnit
ou: policies

dn: {POLICY_DN}
objectClass: organizationalRole
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdLockout: TRUE

dn: {GROUP_DN}
objectClass: groupOfNames
cn: juki-users
member: {SERVICE_DN}
"""


def start_directory() -> Directory:
    """Start slapd on a free port and load the base entries; raises if it does not come up."""
    work = Path(tempfile.mkdtemp(prefix="juki-slapd-"))
    (work / "data").mkdir()
    conf = work / "slapd.conf"
    conf.write_text(
        SLAPD_CONF.format(
            schema=SCHEMA_DIR,
            modules=MODULE_DIR,
            work=work,
            suffix=SUFFIX,
            root_dn=ROOT_DN,
            root_password=ROOT_PASSWORD,
            service_dn=SERVICE_DN,
            policy_dn=POLICY_DN,
        )
    )
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}"
    # -d 0: stay in the foreground (so the process is ours to stop), logging nothing
    process = subprocess.Popen(
        [SLAPD, "-f", str(conf), "-h", uri, "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    directory = Directory(uri=uri, workdir=work, process=process)
    deadline = time.monotonic() + 15
    while True:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace")
            shutil.rmtree(work, ignore_errors=True)
            raise RuntimeError(f"slapd did not start: {error}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if time.monotonic() > deadline:
                directory.stop()
                raise RuntimeError("slapd did not open its port within 15 seconds") from None
            time.sleep(0.05)
    directory.ldif(BASE_ENTRIES, tool=LDAPADD)
    return directory
