from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class JukiAdminConfig(AppConfig):
    name = "juki_admin"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .models import register_user_history

        register_user_history()  # before anything reads User.history

        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth_signals

        from . import checks, directory, logs  # noqa: F401 - checks register themselves
        from .roles import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="juki_admin_sync_roles")
        auth_signals.user_logged_in.connect(logs.on_signed_in, dispatch_uid="juki_log_in")
        auth_signals.user_logged_in.connect(
            directory.remember_directory_sign_in, dispatch_uid="juki_directory_sign_in"
        )
        auth_signals.user_logged_out.connect(logs.on_signed_out, dispatch_uid="juki_log_out")
        auth_signals.user_login_failed.connect(
            logs.on_sign_in_failed, dispatch_uid="juki_log_failed"
        )
        user_locked_out.connect(logs.on_locked_out, dispatch_uid="juki_log_lockout")
