"""History tables refuse UPDATE and DELETE on PostgreSQL (``juki_admin.history_guard``).

Tables of apps migrated after this one are guarded by the post_migrate hook, which runs the
same installer after every ``migrate``."""

from django.db import migrations


def install(apps, schema_editor):
    from juki_admin.history_guard import install as install_guard

    install_guard(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("juki_admin", "0004_staff_office_since_and_names")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
