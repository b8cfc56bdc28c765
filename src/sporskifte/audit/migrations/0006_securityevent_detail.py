"""Why a security event happened, in a few fixed words (a refused single sign-on's reason).

Hand-written part: SQLite rebuilds the table for the new column, which drops the append-only
trigger of migration 0003; it is made again here (PostgreSQL keeps its trigger)."""

from django.db import migrations, models

SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_securityevent_no_update
BEFORE UPDATE ON audit_securityevent
BEGIN SELECT RAISE(ABORT, 'audit_securityevent is append-only'); END;"""


def trigger_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_security_events_for_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="securityevent",
            name="detail",
            field=models.CharField(blank=True, max_length=100, verbose_name="detalje"),
        ),
        migrations.RunPython(trigger_again, migrations.RunPython.noop),
    ]
