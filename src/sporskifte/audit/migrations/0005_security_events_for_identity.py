"""The security log's events for single sign-on, MFA, passwords, sessions and API tokens; the
kind's column grows to 30 characters. SQLite rebuilds the table for that, which drops its
append-only trigger: it is made again here (PostgreSQL keeps its trigger through ALTER)."""

from django.db import migrations, models

SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_securityevent_no_update
BEFORE UPDATE ON audit_securityevent
BEGIN SELECT RAISE(ABORT, 'audit_securityevent is append-only'); END;"""


def make_the_trigger_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_role_changes_in_the_security_log"),
    ]

    operations = [
        migrations.AlterField(
            model_name="securityevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("signed_in", "Logget ind"),
                    ("sign_in_failed", "Forkert brugernavn eller adgangskode"),
                    ("locked_out", "Spærret efter for mange forsøg"),
                    ("signed_out", "Logget ud"),
                    ("access_refused", "Adgang afvist eller findes ikke (404)"),
                    ("role_changed", "Rolle givet, ændret eller fjernet"),
                    ("sso_refused", "Single sign-on afvist"),
                    ("mfa_enrolled", "Anden faktor tilføjet"),
                    ("mfa_removed", "Anden faktor fjernet"),
                    ("mfa_failed", "Forkert kode til anden faktor"),
                    ("recovery_code_used", "Gendannelseskode brugt"),
                    ("password_changed", "Adgangskode skiftet"),
                    ("session_ended", "Session afsluttet"),
                    ("user_deactivated", "Bruger deaktiveret"),
                    ("token_issued", "API-nøgle udstedt"),
                    ("token_revoked", "API-nøgle tilbagekaldt"),
                ],
                max_length=30,
                verbose_name="hændelse",
            ),
        ),
        migrations.RunPython(make_the_trigger_again, migrations.RunPython.noop, elidable=False),
    ]
