from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from performance.export import partnership_export


class Command(BaseCommand):
    help = (
        "Write the partnership's data, everything but secrets, to FILE as a fixture that "
        "`manage.py loaddata FILE` restores into an empty, migrated database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the export (JSON); an existing file is replaced.")

    def handle(self, *args: object, file: Path, **options: object) -> None:
        with file.open("w", encoding="utf-8") as stream:
            count = partnership_export(stream=stream)
        self.stdout.write(f"Wrote {count} records to {file}.")
