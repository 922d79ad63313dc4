from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from performance.demo import PERSONAS, demo_load
from swp.models import Partnership


class Command(BaseCommand):
    help = "Add demo personas and demo content to the loaded partnership. Refuses with DEBUG off unless told."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even though DEBUG is off (for a training or staging site).",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off, so this looks like a real site: demo people and data would mix with real ones. "
                "Pass --allow-production if that is what you want."
            )
        partnership = Partnership.objects.order_by("pk").first()
        if partnership is None:
            raise CommandError("No partnership is loaded; run load_partnership first.")
        demo_load(partnership=partnership, password=settings.DEMO_PASSWORD)
        self.stdout.write(
            f"Demo data is loaded for {partnership.name}. Sign in as any of these, password {settings.DEMO_PASSWORD!r}:"
        )
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:<16} {persona.job_title}")
