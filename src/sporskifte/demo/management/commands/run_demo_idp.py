from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sporskifte.demo.idp import DEMO_STAFF, LocalIdp, bind, keypair_ensure


class Command(BaseCommand):
    help = (
        "Serve the local SAML identity provider for the demo staff on 127.0.0.1 (demo and "
        "development only). Writes its metadata and the demo SP's key pair to --directory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--sp", default="http://127.0.0.1:8000", help="Sporskifte's address")
        parser.add_argument("--directory", type=Path, default=Path(".demo-saml"))

    def handle(self, *args: object, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("The local IdP runs only with ENVIRONMENT=demo or development.")
        directory: Path = options["directory"]
        port: int = options["port"]
        sp = str(options["sp"]).rstrip("/")
        keypair_ensure(directory, "sp")  # the demo SP's own pair, named in the Makefile
        server = bind(port)
        idp = LocalIdp(
            directory=directory,
            base_url=f"http://127.0.0.1:{server.server_port}",
            users=DEMO_STAFF,
            sp_metadata_url=f"{sp}/saml/metadata/",
        )
        server.set_app(idp)
        names = ", ".join(user.username for user in DEMO_STAFF)
        self.stdout.write(f"Local SAML IdP: {idp.base_url}/metadata (demo staff: {names})")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
