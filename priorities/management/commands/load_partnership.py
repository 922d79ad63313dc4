from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from priorities.partnership_file import PartnershipFileError
from priorities.services import partnership_load


class Command(BaseCommand):
    help = "Create or update a partnership's structure and priorities from a partnership file (YAML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, file: Path, **options: object) -> None:
        path = file
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            report = partnership_load(text=text)
        except PartnershipFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{path} was not loaded; nothing was changed:\n{problems}") from error
        if not report.changed_anything:
            self.stdout.write(f"{path}: already up to date; nothing changed.")
            return
        for label, counts in (("Created", report.created), ("Updated", report.updated)):
            if counts:
                summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
                self.stdout.write(f"{label}: {summary}")
        self.stdout.write(self.style.SUCCESS(f"Loaded {path}."))
