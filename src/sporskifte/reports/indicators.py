"""Indicators against the service's success criteria, computed in the database.

Each indicator has a stable code; its name and exact definition are in definitions.py and
shown on the dashboard. All counts come from aggregate queries over the chosen units and period; the only Python
over rows is the median/percentile of one fetched column (SQLite has no percentile function).
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncMonth

from sporskifte.assessments.instruments import (
    END_OF_COURSE,
    FFB,
    WHO5,
    instrument_get,
    who5_relevant_change,
)
from sporskifte.assessments.models import AssessmentResponse
from sporskifte.citizens.models import CitizenEvent, Consent
from sporskifte.courses.models import Appointment, Course, Escalation
from sporskifte.courses.rules import add_months
from sporskifte.courses.warnings import plan_due_days
from sporskifte.organisation.models import Unit
from sporskifte.organisation.rules import section_82b
from sporskifte.plans.models import CopingPlanVersion, Goal
from sporskifte.referrals.models import Referral

READMISSION_WINDOW = dt.timedelta(days=183)
LENGTH_BANDS = ((1, "months:0-1"), (3, "months:1-3"), (6, "months:3-6"))


def _end_of_course_items() -> list[str]:
    return instrument_get(END_OF_COURSE).item_codes


def plan_due() -> dt.timedelta:
    return dt.timedelta(days=plan_due_days())


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day, included
    end: dt.date  # last day, included

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        zone = ZoneInfo(settings.TIME_ZONE)
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
        )

    def previous(self) -> "Period":
        """The period of equal length that ends the day before this one starts: as many whole
        months when this one is whole months (first half-year -> second half of last year),
        otherwise as many days."""
        before = self.start - dt.timedelta(days=1)
        if self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            return Period(start=add_months(self.start, -months), end=before)
        return Period(start=before - (self.end - self.start), end=before)


@dataclass
class Indicator:
    code: str
    group: str
    value: float | int | None
    denominator: int | None = None
    breakdown: dict[str, int | float | None] = field(default_factory=dict)


def _share_of(code: str, group: str, part: int, whole: int, **breakdown: float | None) -> Indicator:
    """An indicator that is a share: part of whole, with whole as its denominator."""
    return Indicator(code, group, _share(part, whole), denominator=whole, breakdown=breakdown)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return (
        round(statistics.quantiles(ordered, n=100, method="inclusive")[int(fraction * 100) - 1], 1)
        if len(ordered) > 1
        else ordered[0]
    )


def compute_indicators(*, units: QuerySet[Unit], period: Period) -> list[Indicator]:
    start, end = period.moments()
    referrals = Referral.objects.filter(unit__in=units, received_at__gte=start, received_at__lt=end)
    first_contact = referrals.exclude(source=Referral.Source.INTERNAL)
    started = Course.objects.filter(
        unit__in=units, start_date__gte=period.start, start_date__lte=period.end
    )
    ended = Course.objects.filter(
        unit__in=units, ended_on__gte=period.start, ended_on__lte=period.end
    )
    indicators: list[Indicator] = []

    # Intake
    by_channel = dict(first_contact.values_list("channel").annotate(n=Count("pk")).order_by())
    by_source = dict(first_contact.values_list("source").annotate(n=Count("pk")).order_by())
    indicators.append(
        Indicator(
            "referrals",
            "intake",
            sum(by_channel.values()),
            breakdown={
                **{f"channel:{c}": by_channel.get(c, 0) for c in Referral.Channel.values},
                **{f"source:{s}": n for s, n in sorted(by_source.items())},
            },
        )
    )
    first_held = (
        Appointment.objects.filter(course__referral=OuterRef("pk"), status=Appointment.Status.HELD)
        .order_by()
        .values("course__referral")
        .annotate(first=Min("start"))
        .values("first")
    )
    waits = list(
        referrals.annotate(first_held=Subquery(first_held, output_field=DateTimeField()))
        .filter(first_held__isnull=False)
        .annotate(
            wait=ExpressionWrapper(F("first_held") - F("received_at"), output_field=DurationField())
        )
        .values_list("wait", flat=True)
    )
    days = [w.total_seconds() / 86400 for w in waits]
    indicators.append(
        Indicator(
            "days_to_first_held_appointment",
            "intake",
            round(statistics.median(days), 1) if days else None,
            denominator=len(days),
            breakdown={"p90": _percentile(days, 0.9)},
        )
    )
    offers = referrals.filter(channel=Referral.Channel.ACUTE_LINE, next_day_start__isnull=False)
    held_on_day = Appointment.objects.filter(
        course__referral=OuterRef("pk"),
        status=Appointment.Status.HELD,
        start__gte=OuterRef("next_day_start"),
        start__lt=OuterRef("next_day_end"),
    )
    offer_counts = offers.annotate(held=Exists(held_on_day)).aggregate(
        total=Count("pk"), held_count=Count("pk", filter=Q(held=True))
    )
    indicators.append(
        _share_of(
            "next_day_offers_held", "intake", offer_counts["held_count"], offer_counts["total"]
        )
    )

    # Flow
    active = Course.objects.filter(unit__in=units, start_date__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)
    )
    capacity = units.aggregate(total=Sum("capacity"), known=Count("capacity"))
    indicators.append(
        Indicator(
            "active_courses_at_end",
            "flow",
            active.count(),
            breakdown={"capacity": capacity["total"] if capacity["known"] else None},
        )
    )
    lengths = _length_bands(ended)
    indicators.append(
        Indicator("ended_courses", "flow", sum(lengths.values()), breakdown=dict(lengths))
    )
    capped = ended.filter(section_82b(prefix="service__"), latest_end__isnull=False).aggregate(
        total=Count("pk"), within=Count("pk", filter=Q(ended_on__lte=F("latest_end")))
    )
    indicators.append(
        _share_of("preventive_ended_within_6_months", "flow", capped["within"], capped["total"])
    )
    reasons = dict(ended.values_list("end_reason").annotate(n=Count("pk")).order_by())
    indicators.append(
        Indicator(
            "end_reasons",
            "flow",
            sum(lengths.values()),
            breakdown={r: reasons.get(r, 0) for r in Course.EndReason.values},
        )
    )

    # Process criteria
    first_agreed = (
        CopingPlanVersion.objects.filter(plan__course=OuterRef("pk"))
        .order_by("agreed_on")
        .values("agreed_on")[:1]
    )
    process = started.annotate(
        first_agreed=Subquery(first_agreed),
        has_goals=Exists(Goal.objects.filter(course=OuterRef("pk"))),
    ).aggregate(
        total=Count("pk"),
        plan_in_time=Count("pk", filter=Q(first_agreed__lte=F("start_date") + plan_due())),
        with_goals=Count("pk", filter=Q(has_goals=True)),
    )
    indicators.append(
        _share_of(
            "coping_plan_within_14_days", "process", process["plan_in_time"], process["total"]
        )
    )
    indicators.append(
        _share_of("goals_in_own_words", "process", process["with_goals"], process["total"])
    )
    actors = (
        Consent.objects.filter(
            citizen__courses__in=started, decision=Consent.Decision.GIVEN, withdrawn_on__isnull=True
        )
        .values("actor")
        .distinct()
        .count()
    )
    indicators.append(Indicator("network_actors_with_consent", "process", actors))

    # Outcome criteria
    def who5(*, first: bool) -> Subquery:
        """The course's first or last WHO-5 score (ties on the day broken by entry order)."""
        order = ("answered_on", "created_at", "pk")
        return Subquery(
            AssessmentResponse.objects.filter(course=OuterRef("pk"), instrument=WHO5)
            .order_by(*(order if first else [f"-{field}" for field in order]))
            .values("score")[:1],
            output_field=IntegerField(),
        )

    who5_count = (
        AssessmentResponse.objects.filter(course=OuterRef("pk"), instrument=WHO5)
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    with_who5 = ended.annotate(
        first=who5(first=True),
        last=who5(first=False),
        measured=Subquery(who5_count, output_field=IntegerField()),
    ).filter(measured__gte=2)
    relevant = who5_relevant_change()
    change = with_who5.annotate(change=F("last") - F("first")).aggregate(
        n=Count("pk"),
        mean=Avg(Cast(F("change"), FloatField())),
        relevant=Count(
            "pk",
            filter=Q(change__gte=relevant) | Q(change__lte=-relevant),
        ),
        improved=Count("pk", filter=Q(change__gte=relevant)),
    )
    indicators.append(
        Indicator(
            "who5_mean_change",
            "outcome",
            round(change["mean"], 1) if change["mean"] is not None else None,
            denominator=change["n"],
        )
    )
    indicators.append(
        _share_of(
            "who5_relevant_improvement",
            "outcome",
            change["improved"],
            change["n"],
            relevant_either_way=_share(change["relevant"], change["n"]),
        )
    )
    indicators.append(
        Indicator(
            "functional_level_higher",
            "outcome",
            *_functional(ended),
        )
    )
    readmission = CitizenEvent.objects.filter(
        citizen=OuterRef("citizen"),
        kind=CitizenEvent.Kind.READMITTED,
        happened_on__gt=OuterRef("ended_on"),
        happened_on__lte=OuterRef("ended_on") + READMISSION_WINDOW,
    )
    ends = ended.annotate(readmitted=Exists(readmission)).aggregate(
        total=Count("pk"),
        self_managing=Count("pk", filter=Q(end_reason=Course.EndReason.SELF_MANAGING)),
        handed=Count("pk", filter=Q(end_reason=Course.EndReason.HANDED_TO_GRANTING_AUTHORITY)),
        readmitted_count=Count("pk", filter=Q(readmitted=True)),
    )
    indicators.append(
        _share_of("ended_self_managing", "outcome", ends["self_managing"], ends["total"])
    )
    indicators.append(
        _share_of("handed_to_granting_authority", "outcome", ends["handed"], ends["total"])
    )
    indicators.append(
        _share_of("readmitted_within_6_months", "outcome", ends["readmitted_count"], ends["total"])
    )
    decided = Escalation.objects.filter(
        course__unit__in=units, decided_at__gte=start, decided_at__lt=end
    ).annotate(
        wait=ExpressionWrapper(F("decided_at") - F("written_at"), output_field=DurationField())
    )
    decision = decided.aggregate(n=Count("pk"), mean=Avg("wait"))
    indicators.append(
        Indicator(
            "days_to_grant_decision",
            "outcome",
            round(decision["mean"].total_seconds() / 86400, 1)
            if decision["mean"] is not None
            else None,
            denominator=decision["n"],
        )
    )

    # Citizen perspective
    indicators.extend(_end_of_course(ended, ended_total=ends["total"]))
    return indicators


AGREEING = 4  # "Enig" and "Helt enig" on the questionnaire's 1–5 scale


def _end_of_course(ended: QuerySet[Course], *, ended_total: int) -> list[Indicator]:
    """The end-of-course questionnaire: response rate, mean answer and share agreeing, overall
    and per item, in one aggregate query."""
    items = _end_of_course_items()
    answers = AssessmentResponse.objects.filter(
        course__in=ended, instrument=END_OF_COURSE
    ).annotate(**{f"a_{c}": Cast(KeyTextTransform(c, "answers"), FloatField()) for c in items})
    found = answers.aggregate(
        n=Count("pk"),
        courses=Count("course", distinct=True),
        **{f"mean_{c}": Avg(f"a_{c}") for c in items},
        **{f"answered_{c}": Count("pk", filter=Q(**{f"a_{c}__isnull": False})) for c in items},
        **{f"agree_{c}": Count("pk", filter=Q(**{f"a_{c}__gte": AGREEING})) for c in items},
    )
    answered = sum(found[f"answered_{c}"] for c in items)
    total = sum(found[f"mean_{c}"] * found[f"answered_{c}"] for c in items if found[f"mean_{c}"])
    return [
        _share_of("end_of_course_response_rate", "citizen", found["courses"], ended_total),
        Indicator(
            "end_of_course_questionnaire",
            "citizen",
            round(total / answered, 2) if answered else None,
            denominator=found["n"],
            breakdown={
                c: round(found[f"mean_{c}"], 2) if found[f"mean_{c}"] is not None else None
                for c in items
            },
        ),
        Indicator(
            "end_of_course_agreeing",
            "citizen",
            _share(sum(found[f"agree_{c}"] for c in items), answered),
            denominator=found["n"],
            breakdown={c: _share(found[f"agree_{c}"], found[f"answered_{c}"]) for c in items},
        ),
    ]


def _length_bands(ended: QuerySet[Course]) -> dict[str, int]:
    """Ended courses by length in calendar months, by the same month rule as the duration cap
    (courses.rules): a course from 31 August ended on 3 March lasted more than 6 months."""
    bands = {label: 0 for _months, label in LENGTH_BANDS} | {"months:6+": 0}
    for start, ended_on in ended.values_list("start_date", "ended_on"):
        if ended_on is None:
            continue
        label = next(
            (label for months, label in LENGTH_BANDS if ended_on <= add_months(start, months)),
            "months:6+",
        )
        bands[label] += 1
    return bands


def _functional(ended: QuerySet[Course]) -> tuple[float | None, int]:
    """Share of ended courses with FFB at start and end where at least one theme is better
    (lower) and none worse. Compares the first and last FFB answer set of each course."""
    rows = (
        AssessmentResponse.objects.filter(course__in=ended, instrument=FFB)
        .order_by("course_id", "answered_on", "created_at")
        .values_list("course_id", "answers")
    )
    first: dict[int, dict[str, int]] = {}
    last: dict[int, dict[str, int]] = {}
    for course_id, answers in rows:
        first.setdefault(course_id, answers)
        last[course_id] = answers
    pairs = [(first[c], last[c]) for c in first if first[c] is not last[c]]
    better = sum(
        1
        for before, after in pairs
        if any(after[k] < v for k, v in before.items() if k in after)
        and not any(after[k] > v for k, v in before.items() if k in after)
    )
    return _share(better, len(pairs)), len(pairs)


@dataclass(frozen=True)
class Month:
    month: dt.date
    referrals: int
    started: int
    ended: int
    self_managing: int


def monthly_trend(*, units: QuerySet[Unit], period: Period) -> list[Month]:
    """Per calendar month of the period: first contacts, courses started, courses ended and
    ended as self-managing. Three grouped queries, whatever the length of the period."""
    start, end = period.moments()
    zone = ZoneInfo(settings.TIME_ZONE)
    referrals = dict(
        Referral.objects.filter(unit__in=units, received_at__gte=start, received_at__lt=end)
        .exclude(source=Referral.Source.INTERNAL)
        .annotate(month=TruncMonth("received_at", tzinfo=zone))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    started = dict(
        Course.objects.filter(
            unit__in=units, start_date__gte=period.start, start_date__lte=period.end
        )
        .annotate(month=TruncMonth("start_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ended = {
        month: (total, managing)
        for month, total, managing in Course.objects.filter(
            unit__in=units, ended_on__gte=period.start, ended_on__lte=period.end
        )
        .annotate(month=TruncMonth("ended_on"))
        .values_list("month")
        .annotate(
            n=Count("pk"),
            m=Count("pk", filter=Q(end_reason=Course.EndReason.SELF_MANAGING)),
        )
        .order_by()
    }

    def key(value: dt.date | dt.datetime) -> dt.date:
        day = value.astimezone(zone).date() if isinstance(value, dt.datetime) else value
        return day.replace(day=1)

    referrals_by_month = {key(m): n for m, n in referrals.items()}
    started_by_month = {key(m): n for m, n in started.items()}
    ended_by_month = {key(m): v for m, v in ended.items()}
    months = []
    month = period.start.replace(day=1)
    while month <= period.end:
        total, managing = ended_by_month.get(month, (0, 0))
        months.append(
            Month(
                month,
                referrals_by_month.get(month, 0),
                started_by_month.get(month, 0),
                total,
                managing,
            )
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months
