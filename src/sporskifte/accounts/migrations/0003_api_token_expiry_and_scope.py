import datetime as dt

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def give_existing_tokens_the_default_lifetime(apps, schema_editor):
    """An integration that worked yesterday keeps working for the default lifetime from the
    upgrade, so its owner has time to issue a token with a lifetime of their choosing."""
    token_model = apps.get_model("accounts", "ApiToken")
    expires_at = django.utils.timezone.now() + dt.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    token_model.objects.filter(revoked_at__isnull=True).update(expires_at=expires_at)


class Migration(migrations.Migration):
    """Tokens issued before tokens had a lifetime keep the access they had (read_write) and
    get the default lifetime from the upgrade (docs/operations.md)."""

    dependencies = [
        ("accounts", "0002_user_session"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="udløber"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Kun læse"), ("read_write", "Læse og skrive")],
                default="read_write",
                max_length=10,
                verbose_name="adgang",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_existing_tokens_the_default_lifetime, migrations.RunPython.noop),
    ]
