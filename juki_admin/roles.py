"""Create the role groups and keep their permissions in step with ``access.ROLE_PERMISSIONS``.

Run by the data migration ``0002_roles`` and again after every ``migrate`` (post_migrate),
so that permissions of models added by later apps reach the roles without a hand step.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from .access import GROUP_NAMES, ROLE_PERMISSIONS


def granted(codename: str) -> bool:
    """Whether a permission may be given to any role at all. Nothing is deleted by hand
    (records are cancelled or closed through services; retention purges are recorded), and
    history is only read: no role ever holds a delete permission, nor an add or change
    permission on a historical model."""
    if codename.startswith("delete_"):
        return False
    return not codename.startswith(("add_historical", "change_historical"))


def sync_role_permissions(apps=None, using: str = "default") -> None:
    """Create missing role groups and set each one's permissions to the declared patterns."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = list(Permission.objects.using(using).select_related("content_type").order_by("pk"))
    for role, group_name in GROUP_NAMES.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        patterns = ROLE_PERMISSIONS.get(role, ())
        wanted = [
            p
            for p in perms
            if granted(p.codename)
            and any(
                fnmatchcase(f"{p.content_type.app_label}.{p.codename}", pat) for pat in patterns
            )
        ]
        group.permissions.set(wanted)


def on_post_migrate(sender, app_config=None, using="default", plan=None, **kwargs) -> None:
    """Once per ``migrate``, after the last app: make sure every permission exists, then sync."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    if app_config is None or app_config is not list(global_apps.get_app_configs())[-1]:
        return
    from django.db import connections

    from .history_guard import install

    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_role_permissions(apps=global_apps, using=using)
    install(connections[using])
