"""The granting authority a course was handed to has a relation to the citizen while the
escalation waits and after a grant; a refusal ended it when it was decided."""

from django.db import migrations


def relate(apps, schema_editor):
    Escalation = apps.get_model("courses", "Escalation")
    CitizenRelation = apps.get_model("access", "CitizenRelation")
    CitizenRelation.objects.bulk_create(
        (
            CitizenRelation(
                citizen_id=escalation.course.citizen_id,
                unit_id=escalation.authority_id,
                kind="escalation",
                source_id=escalation.pk,
                since=escalation.written_at,
                until=escalation.decided_at if escalation.status == "refused" else None,
            )
            for escalation in Escalation.objects.select_related("course").iterator()
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_course_latest_end"), ("access", "0001_initial")]
    operations = [migrations.RunPython(relate, migrations.RunPython.noop)]
