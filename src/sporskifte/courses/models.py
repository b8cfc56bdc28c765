import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.core.subjects import AccessSubject


class Course(models.Model):
    """A course of support (forløb): a citizen in one service at one unit, from start to end."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ACTIVE = "active", _("Aktivt")
        ENDED = "ended", _("Afsluttet")

    class EndReason(models.TextChoices):
        SELF_MANAGING = "self_managing", _("Klarer sig uden støtte")
        HANDED_TO_GRANTING_AUTHORITY = (
            "handed_to_granting_authority",
            _("Overdraget til bevillingsmyndigheden"),
        )
        MOVED_TO_TRACK_SERVICE = "moved_to_track_service", _("Overgået til et tilbud i et spor")
        READMITTED = "readmitted", _("Genindlagt")
        WITHDREW = "withdrew", _("Borgeren har trukket sig")
        NO_CONTACT = "no_contact", _("Ingen kontakt")
        MOVED = "moved", _("Fraflyttet")
        OTHER = "other", _("Andet")

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="courses"
    )
    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course",
    )
    service = models.ForeignKey(
        "organisation.Service", on_delete=models.PROTECT, related_name="courses"
    )
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="courses")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="responsible_courses",
        verbose_name=_("kontaktperson"),
    )
    start_date = models.DateField(_("startdato"))
    planned_end = models.DateField(_("planlagt slutdato"), null=True, blank=True)
    # The last day the service's duration cap allows (courses.rules.latest_end), fixed when
    # the course starts; empty for a service without a cap.
    latest_end = models.DateField(_("seneste slutdato"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)
    end_reason = models.CharField(
        _("afslutningsårsag"), max_length=40, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("bemærkning til afslutningen"), blank=True)
    agrees_to_take_part = models.BooleanField(_("borgeren deltager aktivt"), default=False)
    elements = models.ManyToManyField(
        "organisation.ServiceElement", blank=True, related_name="+", verbose_name=_("elementer")
    )
    discharged_on = models.DateField(
        _("udskrevet fra hospital"),
        null=True,
        blank=True,
        help_text=_("Udfyldes, når forløbet følger efter en udskrivning."),
    )
    grant = models.OneToOneField(
        "courses.Escalation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="granted_course",
        verbose_name=_("bevilling"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["responsible", "ended_on"], name="course_caseload")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("start_date")),
                name="course_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_date")),
                name="course_ended_after_start",
            ),
            models.CheckConstraint(
                condition=Q(latest_end__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__lte=F("latest_end")),
                name="course_planned_end_within_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.start_date:%d.%m.%Y})"

    def status_on(self, day: dt.date) -> str:
        if self.ended_on is not None:
            return self.Status.ENDED
        return self.Status.PLANNED if self.start_date > day else self.Status.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.citizen_id)


class CoursePart(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.course.citizen_id, course_id=self.course_id)


class Appointment(CoursePart):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Afholdt")
        CANCELLED = "cancelled", _("Aflyst")
        NO_SHOW = "no_show", _("Udeblevet")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="appointments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("medarbejder"),
    )
    element = models.ForeignKey(
        "organisation.ServiceElement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("element"),
    )
    location = models.ForeignKey(
        "organisation.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sted"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("slut"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["worker", "start"], name="appointment_worker_start"),
            models.Index(fields=["course", "start"], name="appointment_course_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="appointment_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}"

    @property
    def has_started(self) -> bool:
        """Only an appointment that has begun can be recorded as held."""
        return self.start <= timezone.now()


class JournalNote(CoursePart):
    """A journal note. Never deleted; an edit keeps the earlier text as a version."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    element = models.ForeignKey(
        "organisation.ServiceElement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("element"),
    )
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="notes"
    )
    text = models.TextField(_("notat"))
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["course", "-written_at"], name="note_course_written")]

    def __str__(self) -> str:
        return f"{self.written_at:%Y-%m-%d %H:%M}"


class JournalNoteVersion(models.Model):
    """An earlier text of a note, with who wrote it and when."""

    note = models.ForeignKey(JournalNote, on_delete=models.PROTECT, related_name="versions")
    text = models.TextField()
    element = models.ForeignKey(
        "organisation.ServiceElement", on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.note_id} @ {self.written_at:%Y-%m-%d %H:%M}"


class Escalation(CoursePart):
    """A hand-over to the granting authority (escalation) and, later, its decision."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Afventer afgørelse")
        GRANTED = "granted", _("Bevilget")
        REFUSED = "refused", _("Afslået")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="escalations")
    authority = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="escalations"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    needs = models.TextField(_("behov"))
    resources = models.TextField(_("ressourcer"))
    hopes_and_goals = models.TextField(_("håb og mål"))
    tried = models.TextField(_("hvad er afprøvet"))
    recommended_service = models.ForeignKey(
        "organisation.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anbefalet ydelse"),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("begrundelse"), blank=True)
    granted_service = models.ForeignKey(
        "organisation.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("bevilget ydelse"),
    )
    granted_start = models.DateField(_("startdato"), null=True, blank=True)

    class Meta:
        verbose_name = _("overdragelse til bevillingsmyndigheden")
        verbose_name_plural = _("overdragelser til bevillingsmyndigheden")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.status}"

    @property
    def waiting_time(self) -> dt.timedelta:
        return (self.decided_at or timezone.now()) - self.written_at


class CalendarFeed(models.Model):
    """A worker's secret iCalendar link; only the SHA-256 digest of the secret is stored."""

    worker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.worker_id}"
