from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from sporskifte.core.errors import DomainError
from sporskifte.demo.demo import demo_totp_code


class Command(BaseCommand):
    help = "Print a demo user's current second-factor code (demo and development only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="a demo user with the demo app, e.g. leder or admin")

    def handle(self, *args: object, **options: object) -> None:
        try:
            code = demo_totp_code(username=str(options["username"]))
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(code)
