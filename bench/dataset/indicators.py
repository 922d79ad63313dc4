"""Indicators with ten years of quarterly figures for every ward, chair ratings, revisions, and
the packs of past quarters."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from bench.dataset import World
from bench.dataset.plans import share
from bench.dataset.words import INDICATOR_TOPICS
from boards.choices import BoardKind
from performance.choices import Direction, IndicatorSource, PackStatus
from performance.models import ChairRating, Indicator, Measurement, MeasurementRevision, PerformancePack
from swp.quarters import FinancialQuarter

CENT = Decimal("0.01")


def quarters_reported(world: World, count: int) -> list[FinancialQuarter]:
    """The last `count` whole quarters, oldest first."""
    quarters = [FinancialQuarter.containing(world.today).previous()]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


def _reported_at(quarter: FinancialQuarter) -> datetime.datetime:
    """Figures come in a few weeks after the quarter ends."""
    return timezone.make_aware(datetime.datetime.combine(quarter.end + datetime.timedelta(days=20), datetime.time(9)))


def indicators_create(world: World) -> None:
    rng, scale = world.rng, world.scale
    boards = [board for board in world.planning_boards if board.kind == BoardKind.THEMATIC]
    quarters = quarters_reported(world, scale.quarters)
    analyst = world.personas["analyst"]
    indicators = []
    per_board = share(scale.indicators, [1.0] * len(boards))
    number = 0
    for board, count in zip(boards, per_board, strict=True):
        objectives = world.objectives.get(board.pk, [])
        for _ in range(count):
            number += 1
            topic, unit, direction = INDICATOR_TOPICS[number % len(INDICATOR_TOPICS)]
            target = Decimal(rng.randint(40, 90) if unit == "%" else rng.randint(100, 2000))
            indicators.append(
                Indicator(
                    partnership=world.partnership,
                    code=f"{slugify(topic)}-{number:02d}",
                    name=f"{topic} ({number})",
                    description="Reported quarterly by the lead agency; the analyst checks it before the pack.",
                    board=board,
                    objective=rng.choice(objectives) if objectives else None,
                    unit=unit,
                    direction=direction,
                    baseline_value=target * Decimal("1.1") if direction == Direction.LOWER else target * Decimal("0.9"),
                    baseline_quarter=quarters[0],
                    target=target,
                    source=IndicatorSource.CSV if number % 3 else IndicatorSource.ENTERED,
                )
            )
    Indicator.objects.bulk_create(indicators)
    Indicator.places.through.objects.bulk_create(
        [
            Indicator.places.through(indicator_id=indicator.pk, place_id=ward.pk)
            for indicator in indicators
            for ward in world.wards
        ],
        batch_size=5000,
    )
    measurements = []
    for indicator in indicators:
        target = indicator.target or Decimal(100)
        for quarter in quarters:
            headline = (target * Decimal(rng.uniform(0.8, 1.2))).quantize(CENT)
            shares = [Decimal(rng.uniform(0.5, 1.5)) for _ in world.wards]
            # A rate is a rate in every ward; a count is shared out among them.
            whole = Decimal(1) if indicator.unit == "%" else sum(shares)
            ward_values = [(headline * part / whole).quantize(CENT) for part in shares]
            at = _reported_at(quarter)
            measurements.append(
                Measurement(indicator=indicator, quarter=quarter, value=headline, recorded_by=analyst, recorded_at=at)
            )
            measurements += [
                Measurement(
                    indicator=indicator, quarter=quarter, place=ward, value=value, recorded_by=analyst, recorded_at=at
                )
                for ward, value in zip(world.wards, ward_values, strict=True)
            ]
    Measurement.objects.bulk_create(measurements, batch_size=5000)
    _ratings_and_revisions(world, indicators, quarters, measurements)


def _ratings_and_revisions(
    world: World, indicators: list[Indicator], quarters: list[FinancialQuarter], measurements: list[Measurement]
) -> None:
    rng = world.rng
    chairs = {board.pk: world.board_people[board.pk][0] for board in world.planning_boards}
    ratings = [
        ChairRating(
            indicator=indicator,
            quarter=quarter,
            rag=rng.choice(("red", "amber", "green")),
            reason="The trend over the last year matters more than this quarter's figure.",
            rated_by=chairs[indicator.board_id],
            rated_at=_reported_at(quarter) + datetime.timedelta(days=5),
        )
        for indicator in indicators
        for quarter in quarters[-4:]
        if rng.random() < 0.3
    ]
    ChairRating.objects.bulk_create(ratings)
    headline = [measurement for measurement in measurements if measurement.place_id is None]
    revisions = [
        MeasurementRevision(
            measurement=measurement,
            old_value=measurement.value * Decimal("0.95"),
            new_value=measurement.value,
            revised_by=world.personas["analyst"],
            revised_at=measurement.recorded_at + datetime.timedelta(days=3),
            reason="Late returns from the lead agency",
        )
        for measurement in rng.sample(headline, min(len(headline), 5 * len(indicators)))
    ]
    MeasurementRevision.objects.bulk_create(revisions, batch_size=2000)


def packs_create(world: World) -> None:
    """Past quarters' packs: published, a few corrected by a second version, and the last one a draft."""
    rng = world.rng
    analyst, chair = world.personas["analyst"], world.personas["executive-chair"]
    packs = []
    quarters = quarters_reported(world, world.scale.packs)
    for quarter in quarters:
        built = _reported_at(quarter) + datetime.timedelta(days=10)
        latest = quarter == quarters[-1]
        versions = 2 if not latest and rng.random() < 0.25 else 1
        for version in range(1, versions + 1):
            if latest:
                status = PackStatus.READY
            else:
                status = PackStatus.PUBLISHED if version == versions else PackStatus.SUPERSEDED
            packs.append(
                PerformancePack(
                    partnership=world.partnership,
                    quarter=quarter,
                    version=version,
                    status=status,
                    progress_percent=100,
                    requested_by=analyst,
                    requested_at=built,
                    build_started_at=built,
                    build_attempts=1,
                    built_at=built + datetime.timedelta(minutes=2),
                    published_by=None if latest else chair,
                    published_at=None if latest else built + datetime.timedelta(days=7),
                    cover={"committee": "Adults, Health and Public Protection Policy and Scrutiny Committee"},
                )
            )
    PerformancePack.objects.bulk_create(packs)
