from django.core.management.base import BaseCommand, CommandError, CommandParser

from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue, user_get_by_username
from sporskifte.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Issue an API token for a staff user and print it once (use as "
        "'Authorization: Bearer TOKEN'). It expires after --days and allows what --scope says."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help="What the token is for, e.g. the client's name."
        )
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.READ,
            help="read (the default: only reads) or read_write.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days until it expires (default API_TOKEN_DEFAULT_DAYS, at most API_TOKEN_MAX_DAYS).",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            user = user_get_by_username(username=str(options["username"]))
            issued = api_token_issue(
                user=user,
                scope=str(options["scope"]),
                name=str(options["name"]),
                days=options["days"],  # type: ignore[arg-type]
            )
        except DomainError as error:
            details = "; ".join(
                message for messages in error.fields.values() for message in messages
            )
            raise CommandError(details or error.message) from None
        token = issued.token
        self.stderr.write(
            f"Token {token.prefix} ({token.scope}) issued for {user.username}, expires "
            f"{token.expires_at:%Y-%m-%d %H:%M} UTC; it is shown only once."
        )
        self.stdout.write(issued.plain)
