"""Issued notices, and the findings they state, refuse UPDATE and DELETE on PostgreSQL
(``audits.frozen``)."""

from django.db import migrations


def install(apps, schema_editor):
    from audits.frozen import install as install_guard

    install_guard(schema_editor.connection)


def uninstall(apps, schema_editor):
    from audits.frozen import uninstall as uninstall_guard

    uninstall_guard(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audits", "0007_history_chain")]

    operations = [migrations.RunPython(install, uninstall)]
