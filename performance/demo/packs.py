"""A published demo pack for the last whole quarter, so that the scrutiny committee's page has one to open."""

from __future__ import annotations

import datetime

from performance.models import PerformancePack
from performance.packs.services import pack_build, pack_publish, pack_request
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter


def packs_load(partnership: Partnership, users: dict[str, User], today: datetime.date) -> None:
    quarter = FinancialQuarter.containing(today).previous()
    if PerformancePack.objects.filter(partnership=partnership, quarter=quarter).exists():
        return
    pack = pack_request(
        partnership=partnership,
        quarter=quarter,
        cover={
            "committee": "Demo Scrutiny Committee",
            "title": "Demo performance report",
            "report_of": "Demo analyst",
            "wards_involved": "All",
            "author": str(users["analyst"]),
        },
        requested_by=users["analyst"],
        queue_build=False,
    )
    pack_build(pack_id=pack.pk)
    pack_publish(pack=pack, by=users["executive-chair"])
