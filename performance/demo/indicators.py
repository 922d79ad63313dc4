"""Demo indicators for each thematic board, with a year of quarterly figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from performance.choices import Direction, IndicatorSource
from performance.demo.crime import demo_crime_load
from performance.demo.notes import DEMO_NOTE
from performance.models import Indicator, Measurement
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter

# (code, name, board slug, unit, direction, target, place slug or "", source, MPS major category)
INDICATORS = [
    (
        "crime-total-queens-park",
        "Total recorded crime, Queen's Park",
        "location",
        "crimes",
        Direction.LOWER,
        230,
        "queens-park",
        IndicatorSource.MPS_CRIME,
        "",
    ),
    (
        "vap-west-end",
        "Violence against the person, West End",
        "location",
        "crimes",
        Direction.LOWER,
        600,
        "west-end",
        IndicatorSource.MPS_CRIME,
        "VIOLENCE AGAINST THE PERSON",
    ),
    (
        "repeat-victims-supported",
        "Repeat victims referred who took up support",
        "victim",
        "%",
        Direction.HIGHER,
        70,
        "",
        IndicatorSource.ENTERED,
        "",
    ),
    (
        "prolific-in-treatment",
        "Prolific offenders engaged in treatment",
        "offender",
        "%",
        Direction.HIGHER,
        60,
        "",
        IndicatorSource.ENTERED,
        "",
    ),
    (
        "prevent-training",
        "Frontline staff trained in Prevent",
        "contest",
        "staff",
        Direction.HIGHER,
        400,
        "",
        IndicatorSource.ENTERED,
        "",
    ),
]


def indicators_load(partnership: Partnership, analyst: User, today: datetime.date) -> None:
    boards = {board.slug: board for board in partnership.boards.all()}
    now = timezone.now()
    last_whole_quarter = FinancialQuarter.containing(today).previous()
    quarters = [last_whole_quarter]
    for _ in range(3):
        quarters.insert(0, quarters[0].previous())
    for code, name, board_slug, unit, direction, target, place_slug, source, category in INDICATORS:
        board = boards.get(board_slug)
        if board is None:
            continue
        place = Place.objects.filter(partnership=partnership, slug=place_slug).first() if place_slug else None
        indicator, created = Indicator.objects.get_or_create(
            partnership=partnership,
            code=code,
            defaults={
                "name": name,
                "board": board,
                "objective": board.objectives.first(),
                "unit": unit,
                "direction": direction,
                "target": Decimal(target),
                "tolerance_percent": Decimal(5),
                "baseline_value": Decimal(target) * Decimal("1.1" if direction == Direction.LOWER else "0.9"),
                "baseline_quarter": quarters[0].previous(),
                "source": source,
                "mps_major_category": category,
                "description": DEMO_NOTE,
            },
        )
        if created and place is not None:
            indicator.places.add(place)
        if indicator.source == IndicatorSource.MPS_CRIME:
            continue  # fed below, through the MPS import, like real figures
        for step, quarter in enumerate(quarters):
            drift = Decimal(1) + Decimal(step - 1) * Decimal("0.04")
            value = (Decimal(target) * drift).quantize(Decimal(1))
            Measurement.objects.get_or_create(
                indicator=indicator,
                quarter=quarter,
                place=place,
                defaults={"value": value, "recorded_by": analyst, "recorded_at": now},
            )
    demo_crime_load(partnership=partnership, analyst=analyst, quarters=quarters)
