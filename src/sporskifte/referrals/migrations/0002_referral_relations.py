"""Every unit that received a referral of a known citizen has that relation to them."""

from django.db import migrations


def relate(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    CitizenRelation = apps.get_model("access", "CitizenRelation")
    CitizenRelation.objects.bulk_create(
        (
            CitizenRelation(
                citizen_id=referral.citizen_id,
                unit_id=referral.unit_id,
                kind="referral",
                source_id=referral.pk,
                since=referral.received_at,
            )
            for referral in Referral.objects.filter(citizen__isnull=False).iterator()
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial"), ("access", "0001_initial")]
    operations = [migrations.RunPython(relate, migrations.RunPython.noop)]
