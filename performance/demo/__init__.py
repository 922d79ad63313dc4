"""Demo personas and plausible demo content for a loaded partnership, so that every page has
something to show. Everything made here says it is demo data, and running it again changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from performance.demo.indicators import indicators_load
from performance.demo.meetings import meetings_load
from performance.demo.packs import packs_load
from performance.demo.people import PERSONAS, personas_load
from performance.demo.plans import plans_load
from swp.models import Partnership, User

__all__ = ["PERSONAS", "demo_load"]


def demo_load(*, partnership: Partnership, password: str, today: datetime.date | None = None) -> dict[str, User]:
    """Add the demo personas and content to a loaded partnership; safe to run again."""
    today = today or timezone.localdate()
    with transaction.atomic():
        users = personas_load(partnership, password)
        plans_load(partnership, users, today)
        meetings_load(partnership, users, today)
        indicators_load(partnership, users["analyst"], today)
        packs_load(partnership, users, today)
    return users
