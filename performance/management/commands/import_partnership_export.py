from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from performance.export import partnership_import


class Command(BaseCommand):
    help = "Restore a file written by export_partnership into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The export to load (JSON).")

    def handle(self, *args: object, file: Path, **options: object) -> None:
        partnership_import(path=file)
        self.stdout.write(f"Loaded {file}. People must set a new password: the export holds none.")
