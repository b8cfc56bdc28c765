"""Every citizen gets a random public id for pages and the API. Existing records each get
their own (a column default would give them all the same one), then the column is made unique."""

import uuid

from django.db import migrations, models


def give_ids(apps, schema_editor):
    Citizen = apps.get_model("citizens", "Citizen")
    for citizen in Citizen.objects.only("pk").iterator():
        Citizen.objects.filter(pk=citizen.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("citizens", "0004_registration_relations")]

    operations = [
        migrations.AddField(
            model_name="citizen",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="citizen",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
