"""The settings of directory sign-in (``LDAP_*``, README "Directory sign-in") turned into
django-auth-ldap's (``AUTH_LDAP_*``). Read by ``settings.py`` and by the tests, so it imports
neither models nor the rest of the application."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

GROUP_TYPES = {
    "groupOfNames": "GroupOfNamesType",
    "groupOfUniqueNames": "GroupOfUniqueNamesType",
    "activeDirectory": "ActiveDirectoryGroupType",
    "nestedActiveDirectory": "NestedActiveDirectoryGroupType",
    "posixGroup": "PosixGroupType",
}


def directory_settings(
    *,
    server_uri: str,
    bind_dn: str = "",
    bind_password: str = "",
    user_search_base: str = "",
    user_filter: str = "(uid=%(user)s)",
    require_group: str = "",
    group_search_base: str = "",
    group_type: str = "groupOfNames",
    start_tls: bool = False,
    ca_file: str = "",
    timeout: int = 5,
) -> dict:
    """django-auth-ldap's settings (``AUTH_LDAP_*``) from ours; empty when ``server_uri`` is.
    Only the attributes of a new login (names, mail) are read from the directory, once."""
    if not server_uri:
        return {}
    import django_auth_ldap.config as config
    import ldap

    if not user_search_base:
        raise ImproperlyConfigured("LDAP_USER_SEARCH_BASE is required with LDAP_SERVER_URI.")
    if "%(user)s" not in user_filter:
        raise ImproperlyConfigured("LDAP_USER_FILTER must contain %(user)s.")
    if group_type not in GROUP_TYPES:
        raise ImproperlyConfigured(
            f"LDAP_GROUP_TYPE must be one of {', '.join(GROUP_TYPES)}, not {group_type!r}."
        )
    if server_uri.startswith("ldaps://") and start_tls:
        raise ImproperlyConfigured("LDAP_START_TLS is for ldap:// addresses, not ldaps://.")
    options = {ldap.OPT_REFERRALS: 0, ldap.OPT_NETWORK_TIMEOUT: timeout, ldap.OPT_TIMEOUT: timeout}
    if ca_file:
        options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
    if start_tls or server_uri.startswith("ldaps://"):
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # last: applies the TLS options above
    values = {
        "AUTH_LDAP_SERVER_URI": server_uri,
        "AUTH_LDAP_BIND_DN": bind_dn,
        "AUTH_LDAP_BIND_PASSWORD": bind_password,
        "AUTH_LDAP_START_TLS": start_tls,
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        "AUTH_LDAP_USER_SEARCH": config.LDAPSearch(
            user_search_base, ldap.SCOPE_SUBTREE, user_filter
        ),
        "AUTH_LDAP_USER_ATTR_MAP": {"first_name": "givenName", "last_name": "sn", "email": "mail"},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": False,  # a login's names are the application's
        "AUTH_LDAP_MIRROR_GROUPS": False,  # roles stay in the application
        "AUTH_LDAP_FIND_GROUP_PERMS": False,
        "AUTH_LDAP_REQUIRE_GROUP": require_group or None,
    }
    if require_group:
        values["AUTH_LDAP_GROUP_SEARCH"] = config.LDAPSearch(
            group_search_base or user_search_base, ldap.SCOPE_SUBTREE, "(objectClass=*)"
        )
        values["AUTH_LDAP_GROUP_TYPE"] = getattr(config, GROUP_TYPES[group_type])()
    return values
