from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sporskifte.core.errors import DomainError
from sporskifte.demo.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    demo_intake_ensure,
    demo_users_ensure,
)
from sporskifte.demo.synthetic import generate

DEMO_SYNTHETIC_CITIZENS = 150
DEMO_SEED = 2026


class Command(BaseCommand):
    help = (
        "Load the Herning organisation, the demo users and synthetic referrals "
        "(demo and development only). Safe to repeat."
    )

    def handle(self, *args: object, **options: object) -> None:
        call_command("load_organisation", "herning.yaml", stdout=self.stdout, stderr=self.stderr)
        try:
            demo_users_ensure()
            created = demo_intake_ensure()
        except DomainError as error:
            raise CommandError(error.message) from None
        names = ", ".join(user.username for user in DEMO_USERS)
        self.stdout.write(f"Demo users: {names}; password: {DEMO_PASSWORD}")
        if created:
            self.stdout.write(
                f"Demo intake: {created} synthetic referrals at POLARIS (one already a running course)."
            )
            report = generate(citizens=DEMO_SYNTHETIC_CITIZENS, seed=DEMO_SEED)
            self.stdout.write(
                f"Synthetic history for the leaders' reports: {report.citizens} citizens, "
                f"{report.courses} courses."
            )
