from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.core.access import AccessSubject


class CopingPlan(models.Model):
    """The coping-strategy plan (mestringsstrategiplan) of a course. So far only when it was
    agreed with the citizen; its content (goals, strategies) comes with the plans issue."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, related_name="coping_plan"
    )
    agreed_on = models.DateField(_("aftalt med borgeren"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mestringsstrategiplan")
        verbose_name_plural = _("mestringsstrategiplaner")

    def __str__(self) -> str:
        return f"{self.course_id}"

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.course.citizen_id, unit_id=self.course.unit_id)
