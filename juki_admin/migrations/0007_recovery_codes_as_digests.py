"""Recovery codes kept as digests (``juki_admin.two_factor.recovery_code_digest``): the codes
issued before, kept as they were, are replaced by their digests and go on working."""

from django.db import migrations


def to_digests(apps, schema_editor):
    from juki_admin.two_factor import recovery_code_digest

    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all():
        if len(token.token) != 16:  # a code as issued (8 characters), not yet a digest
            token.token = recovery_code_digest(token.token)
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("juki_admin", "0006_name_search_indexes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(to_digests, migrations.RunPython.noop)]
