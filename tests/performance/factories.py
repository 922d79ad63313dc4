"""Factories for how we know: indicators and their quarterly measurements."""

from __future__ import annotations

import decimal

import factory
from django.utils import timezone

from performance.choices import Direction
from performance.models import ChairRating, Indicator, Measurement
from swp.quarters import FinancialQuarter
from tests.boards.factories import BoardFactory
from tests.swp.factories import PartnershipFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    board = factory.SubFactory(BoardFactory, partnership=factory.SelfAttribute("..partnership"))
    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    direction = Direction.LOWER


class MeasurementFactory(factory.django.DjangoModelFactory):
    """A borough-wide value. Successive measurements walk forward a quarter at a time from Q1 2017/18
    so that several for one indicator never collide on its one-value-per-quarter rule; the walk wraps
    before running out of plausible years, for benchmarks that make thousands."""

    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    quarter = factory.Sequence(lambda n: FinancialQuarter(2017 + (n // 4) % 900, n % 4 + 1))
    place = None
    value = decimal.Decimal("100.00")
    recorded_at = factory.LazyFunction(timezone.now)


class ChairRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChairRating

    indicator = factory.SubFactory(IndicatorFactory)
    quarter = FinancialQuarter(2025, 2)
    rag = "amber"
    reason = "The trend is improving even though the figure is above target."
    rated_at = factory.LazyFunction(timezone.now)
