"""Feeding indicators from the MPS crime counts held: "total recorded crime, Queen's Park" and the like.

An MPS-fed indicator counts one major category (or all crime) over the places it is measured for,
from the ward-level figures; one measured for no place counts the whole borough from the
borough-level file, which includes the crimes recorded without a ward. A quarter is partial when
the figures held lack any of its months, and is recorded so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from performance.choices import CrimeLevel, IndicatorSource
from performance.models import CrimeCount, ImportBatch, Indicator
from performance.services.measurements import MeasurementInput, RecordResult, measurements_record
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter

ALL_CRIME = ""


@dataclass
class FeedResult:
    record: RecordResult = field(default_factory=RecordResult)
    # Indicators that could not be fed, with the reason an analyst can act on.
    unfed: dict[int, str] = field(default_factory=dict)


def place_ward_codes(place: Place) -> set[str]:
    """A ward's own ONS code, or for a named area the codes of the wards it is made of."""
    if place.ons_code:
        return {place.ons_code.upper()}
    return {ward.ons_code.upper() for ward in place.wards.all() if ward.ons_code}


@dataclass
class _Held:
    """Totals per (level, area code, category or ALL_CRIME, quarter), and which months each level covers."""

    totals: dict[tuple[str, str, str, FinancialQuarter], int]
    months: dict[str, Counter[FinancialQuarter]]
    categories: dict[str, set[str]]
    areas: dict[str, set[str]]

    @classmethod
    def load(cls, partnership: Partnership) -> _Held:
        held = CrimeCount.objects.filter(partnership=partnership)
        totals: dict[tuple[str, str, str, FinancialQuarter], int] = defaultdict(int)
        categories: dict[str, set[str]] = defaultdict(set)
        areas: dict[str, set[str]] = defaultdict(set)
        grouped = held.order_by().values_list("level", "area_code", "category", "quarter").annotate(total=Sum("count"))
        for level, code, category, quarter, total in grouped:
            totals[(level, code, category, quarter)] += total
            totals[(level, code, ALL_CRIME, quarter)] += total
            categories[level].add(category)
            areas[level].add(code)
        months: dict[str, Counter[FinancialQuarter]] = defaultdict(Counter)
        for level, month in held.order_by().values_list("level", "month").distinct():
            months[level][FinancialQuarter.from_month(month.year, month.month)] += 1
        return cls(totals=totals, months=months, categories=categories, areas=areas)


def _feed(indicator: Indicator, held: _Held) -> list[MeasurementInput] | str:
    """The indicator's values from the held counts, or why it cannot have any."""
    category = indicator.mps_major_category.strip().upper()
    places = list(indicator.places.all())
    level = CrimeLevel.WARD if places else CrimeLevel.BOROUGH
    if not held.months[level]:
        return f"no {CrimeLevel(level).label.lower()}-level MPS figures are held yet"
    if category and category not in held.categories[level]:
        return f"the MPS figures held have no category {category!r}; the publisher may have renamed it"
    codes_by_place: dict[int | None, set[str]] = {None: {""}}
    if places:
        codes_by_place = {place.pk: place_ward_codes(place) for place in places}
        for place in places:
            if not codes_by_place[place.pk] & held.areas[level]:
                return f"no MPS figures are held for {place.name} (ONS code {place.ons_code or 'missing'})"
    rows: list[MeasurementInput] = []
    for quarter, months in sorted(held.months[level].items()):
        values = {
            place_id: sum(held.totals.get((level, code, category, quarter), 0) for code in codes)
            for place_id, codes in codes_by_place.items()
        }
        is_partial = months < 3
        if len(values) > 1:
            rows.extend(
                MeasurementInput(indicator.pk, quarter, place_id, Decimal(value), is_partial)
                for place_id, value in values.items()
            )
        rows.append(MeasurementInput(indicator.pk, quarter, None, Decimal(sum(values.values())), is_partial))
    return rows


def mps_indicators_refresh(
    *,
    partnership: Partnership,
    by: User | None,
    batch: ImportBatch | None = None,
    indicators: list[Indicator] | None = None,
) -> FeedResult:
    """Recompute the MPS-fed indicators' values from the counts held, revising any that changed."""
    if indicators is None:
        indicators = list(
            Indicator.objects.filter(partnership=partnership, source=IndicatorSource.MPS_CRIME).prefetch_related(
                "places__wards"
            )
        )
    result = FeedResult()
    if not indicators:
        return result
    held = _Held.load(partnership)
    rows: list[MeasurementInput] = []
    for indicator in indicators:
        fed = _feed(indicator, held)
        if isinstance(fed, str):
            result.unfed[indicator.pk] = fed
        else:
            rows.extend(fed)
    reason = f"MPS crime import: {batch.file_name}" if batch else "Recomputed from the MPS figures held"
    result.record = measurements_record(rows=rows, by=by, reason=reason, batch=batch)
    return result
