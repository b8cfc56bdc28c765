from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sporskifte.organisation.orgfile import OrganisationFileError, parse_organisation_file
from sporskifte.organisation.services import organisation_load

SHIPPED = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Load a municipality's organisation from a YAML file (see docs/organisation-file.md). "
        "Loading the same file again changes nothing; a bad file changes nothing and says where it is wrong. "
        f"Shipped files: {', '.join(sorted(p.name for p in SHIPPED.glob('*.yaml')))}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            help="Path to the file, or the name of a shipped file such as herning or herning.yaml.",
        )

    def handle(self, *args: object, **options: str) -> None:
        path = Path(options["file"])
        if not path.exists():
            shipped = [SHIPPED / path.name, SHIPPED / f"{path.name}.yaml"]
            path = next((candidate for candidate in shipped if candidate.exists()), path)
        try:
            document = parse_organisation_file(path)
        except OrganisationFileError as error:
            raise CommandError(f"Nothing was loaded.\n{error}") from None
        report = organisation_load(document=document)
        for warning in [f"{path}, {problem}" for problem in document.warnings()] + report.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"{document.municipality.name}: {report.summary()}.")
