"""The access log names the relation that gave access (`reason`, with the unit), the course a
row is about, and a search's criteria; the security log keeps sign-ins and refused accesses.

Existing rows keep everything they had and get the reason "legacy" (recorded before relations
were logged) through the column default, so no row is updated. SQLite rebuilds the table for
the new columns, which drops its trigger; it is made again at the end. The security log is
append-only like the access log.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE TRIGGER IF NOT EXISTS audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog
    BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_securityevent_no_update
    BEFORE UPDATE ON audit_securityevent
    BEGIN SELECT RAISE(ABORT, 'audit_securityevent is append-only'); END;""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_securityevent_no_update;"]

POSTGRES_FORWARD = """
CREATE FUNCTION audit_securityevent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_securityevent is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_securityevent_no_update_or_delete
BEFORE UPDATE OR DELETE ON audit_securityevent
FOR EACH ROW EXECUTE FUNCTION audit_securityevent_refuse_change();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS audit_securityevent_no_update_or_delete ON audit_securityevent;
DROP FUNCTION IF EXISTS audit_securityevent_refuse_change();
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)  # the SQL holds a literal %
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("organisation", "0004_unit_capacity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SecurityEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="tidspunkt (UTC)",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("signed_in", "Logget ind"),
                            ("sign_in_failed", "Forkert brugernavn eller adgangskode"),
                            ("locked_out", "Spærret efter for mange forsøg"),
                            ("signed_out", "Logget ud"),
                            ("access_refused", "Adgang afvist eller findes ikke (404)"),
                        ],
                        max_length=20,
                        verbose_name="hændelse",
                    ),
                ),
                (
                    "username",
                    models.CharField(blank=True, max_length=150, verbose_name="brugernavn forsøgt"),
                ),
                (
                    "address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="adresse"),
                ),
                ("method", models.CharField(blank=True, max_length=10, verbose_name="metode")),
                ("path", models.CharField(blank=True, max_length=300, verbose_name="sti")),
            ],
            options={
                "verbose_name": "sikkerhedshændelse",
                "verbose_name_plural": "sikkerhedslog",
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="accesslog",
            name="course_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="forløb-id"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="criteria",
            field=models.CharField(blank=True, max_length=300, verbose_name="søgekriterier"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="reason",
            field=models.CharField(default="legacy", max_length=20, verbose_name="grund"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("read", "Læst"),
                    ("create", "Oprettet"),
                    ("update", "Ændret"),
                    ("search", "Søgt"),
                ],
                max_length=10,
                verbose_name="handling",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                help_text="Tom for handlinger uden en medarbejder, fx en borgers egen henvendelse.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="bruger",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="object_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="objekt-id"),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                help_text="Den enhed hvis relation til borgeren gav adgangen.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.unit",
                verbose_name="enhed",
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("unit__isnull", False),
                    ("reason__in", ("self", "system", "public", "organisation", "legacy")),
                    _connector="OR",
                ),
                name="accesslog_unit_or_reason",
            ),
        ),
        migrations.AddField(
            model_name="securityevent",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="bruger",
            ),
        ),
        migrations.AddIndex(
            model_name="securityevent",
            index=models.Index(fields=["-at"], name="securityevent_at"),
        ),
        migrations.AddIndex(
            model_name="securityevent",
            index=models.Index(fields=["username", "-at"], name="securityevent_username_at"),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
