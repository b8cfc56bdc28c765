import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Tokens issued before tokens had a lifetime keep the access they had (read_write) but
    expire at once: they must be issued again with an expiry (docs/operations.md)."""

    dependencies = [
        ("accounts", "0001_initial"),
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
    ]
