"""Each course keeps the last day its service's duration cap allows, computed once by the one
cap rule (courses.rules.latest_end), so reports compare dates instead of counting days."""

from django.conf import settings
from django.db import migrations, models

from sporskifte.courses.rules import latest_end


def fill_latest_end(apps, schema_editor):
    Course = apps.get_model("courses", "Course")
    capped = Course.objects.filter(service__max_duration_months__isnull=False).select_related(
        "service"
    )
    for course in capped.iterator():
        course.latest_end = latest_end(course.start_date, course.service.max_duration_months)
        course.save(update_fields=["latest_end"])


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0003_citizen_merged_into"),
        ("courses", "0001_initial"),
        ("organisation", "0004_unit_capacity"),
        ("referrals", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="latest_end",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="seneste slutdato"
            ),
        ),
        migrations.RunPython(fill_latest_end, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="course",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("latest_end__isnull", True),
                    ("planned_end__isnull", True),
                    ("planned_end__lte", models.F("latest_end")),
                    _connector="OR",
                ),
                name="course_planned_end_within_cap",
            ),
        ),
    ]
