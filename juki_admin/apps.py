from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class JukiAdminConfig(AppConfig):
    name = "juki_admin"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .admin_display import install
        from .roles import on_post_migrate

        install()
        post_migrate.connect(on_post_migrate, dispatch_uid="juki_admin_sync_roles")
