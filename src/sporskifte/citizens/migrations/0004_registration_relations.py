"""Every unit that registered a citizen has that relation to them (access.CitizenRelation)."""

from django.db import migrations


def relate(apps, schema_editor):
    Citizen = apps.get_model("citizens", "Citizen")
    CitizenRelation = apps.get_model("access", "CitizenRelation")
    CitizenRelation.objects.bulk_create(
        (
            CitizenRelation(
                citizen_id=citizen.pk,
                unit_id=citizen.registered_by_unit_id,
                kind="registration",
                source_id=citizen.pk,
                since=citizen.created_at,
            )
            for citizen in Citizen.objects.filter(registered_by_unit__isnull=False).iterator()
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("citizens", "0003_citizen_merged_into"), ("access", "0001_initial")]
    operations = [migrations.RunPython(relate, migrations.RunPython.noop)]
