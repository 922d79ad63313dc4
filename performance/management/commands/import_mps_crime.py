from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from performance.selectors import import_report
from performance.services import MpsFileError, mps_crime_import
from swp.models import Partnership
from swp.quarters import FinancialQuarter


class Command(BaseCommand):
    help = (
        "Import an MPS ward-level or borough-level recorded crime file (the London Datastore's "
        '"MPS Ward Level Crime (most recent 24 months)" or "MPS Borough Level Crime") for the partnership\'s borough.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, file: Path, **options: object) -> None:
        partnership = Partnership.objects.order_by("pk").first()
        if partnership is None:
            raise CommandError("No partnership is loaded; run load_partnership first.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            batch = mps_crime_import(partnership=partnership, data=data, file_name=file.name, by=None)
        except MpsFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{file} was not imported; nothing was changed:\n{problems}") from error
        summary = batch.summary
        self.stdout.write(
            f"{file}: {batch.get_kind_display()}, {summary['first_month']} to {summary['last_month']}, "
            f"{summary['borough_rows']} rows for {partnership.local_authority} of {batch.rows_read} read."
        )
        for item in summary["quarters"]:
            quarter = FinancialQuarter.from_key(item["key"])
            partial = f" (partial: {item['months']} of 3 months)" if item["partial"] else ""
            self.stdout.write(f"  {quarter.label}{partial}")
        self.stdout.write(
            f"Figures: {summary['figures_created']} new, {summary['figures_revised']} revised, "
            f"{summary['figures_zeroed']} no longer in the file, {summary['figures_unchanged']} unchanged."
        )
        for ward in summary["unknown_wards"]:
            self.stdout.write(
                self.style.WARNING(
                    f"  Unknown ward code {ward['code']} ({ward['name']}, {ward['rows']} rows): no place of the "
                    "partnership has it; its figures are kept but feed no indicator."
                )
            )
        if summary["categories_gone"]:
            self.stdout.write(
                self.style.WARNING(f"  Categories no longer in the file: {', '.join(summary['categories_gone'])}")
            )
        report = import_report(batch=batch, user=None)
        for change in report.changes:
            self.stdout.write(
                f"  {change.indicator.code}: {change.created} new, {change.revised} revised, "
                f"{change.unchanged} unchanged"
            )
        for indicator, reason in report.unfed:
            self.stdout.write(self.style.WARNING(f"  {indicator.code} not fed: {reason}"))
        self.stdout.write(self.style.SUCCESS(f"Imported {file} (import {batch.pk})."))
