"""Defining indicators: what a board is judged by, its baseline, target and tolerance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from performance.choices import IndicatorSource
from performance.models import Indicator
from performance.services.mps_feed import mps_indicators_refresh
from swp.models import Partnership, Place, User

# What an analyst may set on an indicator, through the form or the partnership file.
INDICATOR_FIELDS = (
    "code",
    "name",
    "description",
    "board",
    "objective",
    "unit",
    "direction",
    "baseline_value",
    "baseline_quarter",
    "target",
    "tolerance_percent",
    "source",
    "mps_major_category",
)


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Indicators have no field {', '.join(sorted(unknown))}.")
    if "mps_major_category" in fields:
        # The publisher has written categories in capitals and in title case over the years.
        fields["mps_major_category"] = " ".join(fields["mps_major_category"].split()).upper()
    return fields


class IndicatorFeedError(ValueError):
    """An MPS-fed indicator's new definition cannot be fed from the figures held; nothing was saved."""


def _feed_if_mps(indicator: Indicator, by: User | None) -> str:
    """Feed an MPS indicator from the figures held; why it could not be fed, or ""."""
    if indicator.source != IndicatorSource.MPS_CRIME:
        return ""
    result = mps_indicators_refresh(partnership=indicator.partnership, by=by, indicators=[indicator])
    return result.unfed.get(indicator.pk, "")


def _feed_definition(indicator: Indicator) -> tuple[Any, ...]:
    """What an MPS-fed indicator's values are computed from."""
    return (indicator.source, indicator.mps_major_category, {place.pk for place in indicator.places.all()})


def indicator_create(*, partnership: Partnership, places: Iterable[Place], by: User | None, **fields: Any) -> Indicator:
    """A new indicator; one fed by MPS crime data gets its values from the figures already held."""
    with transaction.atomic():
        indicator = Indicator.objects.create(partnership=partnership, **_normalise(fields))
        indicator.places.set(places)
        _feed_if_mps(indicator, by)
    return indicator


def indicator_update(*, indicator: Indicator, places: Iterable[Place], by: User | None, **fields: Any) -> Indicator:
    """Change an indicator's definition; MPS-fed values follow a change of places or category.

    A change the figures held cannot feed is refused while the indicator has values: they would go
    on showing, labelled with the new category, figures counted under the old one.
    """
    with transaction.atomic():
        before = _feed_definition(Indicator.objects.get(pk=indicator.pk))
        for name, value in _normalise(fields).items():
            setattr(indicator, name, value)
        indicator.save()
        indicator.places.set(places)
        unfed = _feed_if_mps(indicator, by)
        if unfed and _feed_definition(indicator) != before and indicator.measurements.exists():
            raise IndicatorFeedError(f"Not saved: {unfed}. Its values would no longer match what it counts.")
    return indicator
