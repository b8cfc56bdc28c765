"""Make the access log append-only in the database itself.

Both databases refuse UPDATE. PostgreSQL (production) also refuses DELETE; TRUNCATE stays
possible for an operator (and for the test runner's flush). SQLite keeps DELETE because
Django's test flush empties tables with DELETE there; the app and admin offer no delete path.
"""

from django.db import migrations

SQLITE_FORWARD = """
CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog
BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_accesslog_no_update;"

POSTGRES_FORWARD = """
CREATE FUNCTION audit_accesslog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_accesslog is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_accesslog_no_update_or_delete
BEFORE UPDATE OR DELETE ON audit_accesslog
FOR EACH ROW EXECUTE FUNCTION audit_accesslog_refuse_change();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS audit_accesslog_no_update_or_delete ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_accesslog_refuse_change();
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)  # the SQL holds a literal %
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
