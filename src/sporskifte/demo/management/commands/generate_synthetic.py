from django.core.management.base import BaseCommand, CommandError, CommandParser

from sporskifte.demo.synthetic import generate


class Command(BaseCommand):
    help = (
        "Add a reproducible synthetic population (no real people, no CPR) to a loaded "
        "municipality: referrals, courses, appointments, notes, plans, goals and assessments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--citizens", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--municipality", default="herning")
        parser.add_argument("--notes-per-course", type=int, default=12)

    def handle(self, *args: object, **options: int | str) -> None:
        citizens = int(options["citizens"])
        if citizens < 1:
            raise CommandError("--citizens must be at least 1.")
        report = generate(
            citizens=citizens,
            seed=int(options["seed"]),
            municipality_slug=str(options["municipality"]),
            notes_per_course=int(options["notes_per_course"]),
        )
        self.stdout.write(
            f"{report.citizens} citizens, {report.referrals} referrals, {report.courses} courses, "
            f"{report.appointments} appointments, {report.notes} journal notes, "
            f"{report.assessments} assessments."
        )
