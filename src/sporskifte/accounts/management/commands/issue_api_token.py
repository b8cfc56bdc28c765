from django.core.management.base import BaseCommand, CommandError, CommandParser

from sporskifte.accounts.services import api_token_issue, user_get_by_username
from sporskifte.core.errors import DomainError


class Command(BaseCommand):
    help = "Issue an API token for a staff user and print it once (use as 'Authorization: Bearer TOKEN')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help="What the token is for, e.g. the client's name."
        )

    def handle(self, *args: object, **options: str) -> None:
        try:
            user = user_get_by_username(username=options["username"])
        except DomainError as error:
            raise CommandError(error.message) from None
        issued = api_token_issue(user=user, name=options["name"])
        self.stderr.write(
            f"Token {issued.token.prefix} issued for {user.username}; it is shown only once."
        )
        self.stdout.write(issued.plain)
