from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.core.subjects import AccessSubject


class AssessmentResponse(models.Model):
    """One filled-in instrument (WHO-5, FFB, end of course) in a course, scored on the server.
    The instrument's code and version are stored with the answers, so a later version of an
    instrument never changes the meaning of an old answer."""

    class Occasion(models.TextChoices):
        BASELINE = "baseline", _("Ved start")
        FOLLOW_UP = "follow_up", _("Opfølgning")
        END = "end", _("Ved afslutning")

    class FilledInBy(models.TextChoices):
        CITIZEN = "citizen", _("Borgeren selv")
        WORKER_WITH_CITIZEN = "worker_with_citizen", _("Medarbejder sammen med borgeren")
        WORKER = "worker", _("Medarbejder")

    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="assessments"
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.CharField(_("skema"), max_length=40)
    instrument_version = models.CharField(max_length=40)
    occasion = models.CharField(_("anledning"), max_length=20, choices=Occasion.choices)
    answered_on = models.DateField(_("dato"), default=timezone.localdate)
    filled_in_by = models.CharField(_("udfyldt af"), max_length=30, choices=FilledInBy.choices)
    answers = models.JSONField()
    raw_score = models.IntegerField(null=True, blank=True)
    score = models.IntegerField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        ordering = ["answered_on", "created_at", "pk"]
        indexes = [
            models.Index(
                fields=["citizen", "instrument", "answered_on"], name="assessment_progress"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.answered_on}"

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.citizen_id, course_id=self.course_id)
