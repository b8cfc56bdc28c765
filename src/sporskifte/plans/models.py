from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.core.subjects import AccessSubject


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
        return AccessSubject(citizen_id=self.course.citizen_id, course_id=self.course_id)


PLAN_SECTIONS = (
    ("hopes_and_dreams", _("Mine håb og drømme")),
    ("goals_in_own_words", _("Mine mål med mine egne ord")),
    ("what_matters", _("Det er vigtigt for mig")),
    ("warning_signs", _("Mine tidlige advarselstegn")),
    ("triggers", _("Det kan sætte noget i gang hos mig")),
    ("what_i_do", _("Det gør jeg selv")),
    ("what_others_do", _("Det gør mit netværk, mine pårørende og personalet")),
    ("crisis_contacts", _("Dem ringer jeg til i en krise")),
    ("agreements", _("Aftaler")),
)


class CopingPlanVersion(models.Model):
    """One agreed version of the plan. Versions are never changed; a new agreement is a new
    version, and the newest is the current one."""

    plan = models.ForeignKey(CopingPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    hopes_and_dreams = models.TextField(blank=True)
    goals_in_own_words = models.TextField(blank=True)
    what_matters = models.TextField(blank=True)
    warning_signs = models.TextField(blank=True)
    triggers = models.TextField(blank=True)
    what_i_do = models.TextField(blank=True)
    what_others_do = models.TextField(blank=True)
    crisis_contacts = models.TextField(blank=True)
    agreements = models.TextField(blank=True)
    agreed_on = models.DateField(_("aftalt den"))
    citizen_took_part = models.BooleanField(_("borgeren deltog"), default=True)
    relatives_present = models.CharField(_("pårørende der deltog"), max_length=300, blank=True)
    staff_present = models.CharField(_("personale der deltog"), max_length=300, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"

    def sections(self) -> list[tuple[str, str, str]]:
        return [(code, str(label), getattr(self, code)) for code, label in PLAN_SECTIONS]

    def access_log_subject(self) -> AccessSubject:
        course = self.plan.course
        return AccessSubject(citizen_id=course.citizen_id, course_id=course.pk)


class Goal(models.Model):
    """A goal in the citizen's own words, linked to a functional-ability theme."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktivt")
        ACHIEVED = "achieved", _("Nået")
        ADJUSTED = "adjusted", _("Justeret")
        DROPPED = "dropped", _("Opgivet")

    course = models.ForeignKey("courses.Course", on_delete=models.PROTECT, related_name="goals")
    text = models.TextField(_("mål med borgerens ord"))
    theme = models.CharField(_("funktionsevnetema"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["course", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.course.citizen_id, course_id=self.course_id)


class GoalProgress(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress")
    noted_on = models.DateField(_("dato"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Goal.Status.choices)
    note = models.TextField(_("bemærkning"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["goal", "noted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.noted_on} {self.status}"
