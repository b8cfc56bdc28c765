from django.core.management.base import BaseCommand, CommandError, CommandParser

from sporskifte.accounts.services import api_token_revoke
from sporskifte.core.errors import DomainError


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (the part after 'sk_' and before '_')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: object, **options: str) -> None:
        try:
            token = api_token_revoke(prefix=options["prefix"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Token {token.prefix} for {token.user.username} is revoked.")
