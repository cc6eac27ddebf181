"""Evidence rows refuse UPDATE and DELETE on PostgreSQL (``audits.frozen``)."""

from django.db import migrations


def install(apps, schema_editor):
    from audits.frozen import install_evidence_guard

    install_evidence_guard(schema_editor.connection)


def uninstall(apps, schema_editor):
    from audits.frozen import uninstall_evidence_guard

    uninstall_evidence_guard(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audits", "0011_audit_categories")]

    operations = [migrations.RunPython(install, uninstall)]
