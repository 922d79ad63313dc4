"""Explainable RAG: an indicator's rating for a quarter, its direction of travel, and why, in words.

Scrutiny members distrust RAG that is self-assessed or unexplained, so every rating here is
computed from the indicator's target and tolerance alone, by this rule:

- lower is better: green at or below the target; amber above it by no more than the tolerance
  (a percentage of the target); red beyond that;
- higher is better: the mirror image: green at or above the target; amber below it by no more than
  the tolerance; red beyond.

A value exactly on the tolerance's edge is amber. A partial quarter (part of its months only) is
never rated nor compared, and nothing is compared with one. Everything here is pure: values in,
ratings and sentences out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from actions.choices import Rag
from performance.choices import Direction, Travel
from swp.quarters import FinancialQuarter

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Point:
    """One quarter's value of an indicator."""

    quarter: FinancialQuarter
    value: Decimal
    is_partial: bool = False


class Judged(Protocol):
    """What rating needs to know of an indicator (its model, or anything shaped like it)."""

    @property
    def direction(self) -> str: ...
    @property
    def target(self) -> Decimal | None: ...
    @property
    def tolerance_percent(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...


@dataclass(frozen=True)
class Standard:
    """What an indicator's values are judged against."""

    direction: str
    target: Decimal | None
    tolerance_percent: Decimal
    unit: str = ""

    @classmethod
    def of(cls, indicator: Judged) -> Standard:
        return cls(
            direction=indicator.direction,
            target=indicator.target,
            tolerance_percent=indicator.tolerance_percent,
            unit=indicator.unit,
        )


@dataclass(frozen=True)
class Comparison:
    """The value compared with an earlier quarter's: better, worse, the same, or not compared."""

    quarter: FinancialQuarter
    travel: Travel
    earlier: Point | None
    unit: str = ""

    @property
    def clause(self) -> str:
        label = self.quarter.label
        if self.earlier is None:
            return f"no figure for {label} to compare with"
        if self.earlier.is_partial:
            return f"{label} covers part of its quarter only, so it is not compared"
        shown = f"{label} ({figure(self.earlier.value, self.unit)})"
        if self.travel == Travel.SAME:
            return f"the same as {shown}"
        return f"{self.travel.label.lower()} than {shown}"


@dataclass(frozen=True)
class Assessment:
    """A quarter's value, its computed RAG (None when not rated), its direction of travel and why."""

    point: Point
    rag: Rag | None
    previous: Comparison
    last_year: Comparison
    sentence: str

    @property
    def quarter(self) -> FinancialQuarter:
        return self.point.quarter


def is_percentage(unit: str) -> bool:
    """A percentage's changes and gaps are in points: 70% to 63% is 7 points, a fall of 10%."""
    return unit.strip() == "%"


def figure(value: Decimal, unit: str = "") -> str:
    """A value as people write it: 1,234 or 72.5, never 1234.00; a percentage keeps its sign."""
    normal = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    text = f"{normal:,f}"
    return f"{text}%" if is_percentage(unit) else text


def rag_for(value: Decimal, standard: Standard) -> Rag | None:
    """The band the value falls in, or None when the indicator has no target."""
    target = standard.target
    if target is None:
        return None
    allowance = abs(target) * standard.tolerance_percent / HUNDRED
    if standard.direction == Direction.LOWER:
        if value <= target:
            return Rag.GREEN
        return Rag.AMBER if value <= target + allowance else Rag.RED
    if value >= target:
        return Rag.GREEN
    return Rag.AMBER if value >= target - allowance else Rag.RED


def travel(current: Decimal, earlier: Decimal, direction: str) -> Travel:
    """Whether the value moved the better or the worse way since the earlier one."""
    if current == earlier:
        return Travel.SAME
    went_down = current < earlier
    return Travel.BETTER if went_down == (direction == Direction.LOWER) else Travel.WORSE


def compare(point: Point, earlier: Point | None, quarter: FinancialQuarter, standard: Standard) -> Comparison:
    if point.is_partial or earlier is None or earlier.is_partial:
        return Comparison(quarter=quarter, travel=Travel.NOT_COMPARED, earlier=earlier, unit=standard.unit)
    moved = travel(point.value, earlier.value, standard.direction)
    return Comparison(quarter=quarter, travel=moved, earlier=earlier, unit=standard.unit)


def _percent_off(value: Decimal, target: Decimal, tolerance: Decimal) -> str:
    """How far from target, in whole percent, unless rounding would blur the tolerance's edge."""
    exact = abs(value - target) / abs(target) * HUNDRED
    shown = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    places = Decimal(1)

    def contradicts(shown: Decimal) -> bool:
        # "2% above; tolerance 2.4%" for a red 2.45%, "3% above, within the tolerance of 2.5%" for an
        # amber 2.5%, or "0% below" for a value a hair off its target.
        return (shown > tolerance) != (exact > tolerance) or (shown == 0 and exact != 0)

    # Add decimals until the figure shown sits on the same side of the tolerance as the value does.
    while contradicts(shown) and exact != shown:
        places /= 10
        shown = exact.quantize(places, rounding=ROUND_HALF_UP)
    return f"{figure(shown)}%"


def _rating_clause(value: Decimal, rag: Rag, target: Decimal, standard: Standard) -> str:
    tolerance = standard.tolerance_percent
    shown, shown_target = figure(value, standard.unit), figure(target, standard.unit)
    tolerance_text = f"{figure(tolerance)}%"
    if value == target:
        return f"{rag.label}: {shown} is on the target of {shown_target}"
    side = "above" if value > target else "below"
    if target == 0:
        how_far = f"{shown} is {side} the target of {shown_target}"
    else:
        how_far = f"{shown} is {_percent_off(value, target, tolerance)} {side} the target of {shown_target}"
        if is_percentage(standard.unit):
            # 12% below a target of 70% could be read as 58%: say the gap in points as well.
            how_far += f" ({figure(abs(value - target))} points)"
    if rag == Rag.GREEN:
        return f"{rag.label}: {how_far}"
    if rag == Rag.AMBER:
        return f"{rag.label}: {how_far}, within the tolerance of {tolerance_text}"
    return f"{rag.label}: {how_far}; tolerance {tolerance_text}"


def assess(series: Mapping[FinancialQuarter, Point], quarter: FinancialQuarter, standard: Standard) -> Assessment:
    """Rate the quarter's value and explain it, comparing with the previous quarter and a year before."""
    point = series[quarter]
    a_year_before = quarter.same_quarter_last_year()
    previous = compare(point, series.get(quarter.previous()), quarter.previous(), standard)
    last_year = compare(point, series.get(a_year_before), a_year_before, standard)
    if point.is_partial:
        sentence = (
            f"Not rated: {figure(point.value, standard.unit)} covers part of {quarter.label} only, "
            "so it is not compared with the target or with other quarters."
        )
        return Assessment(point=point, rag=None, previous=previous, last_year=last_year, sentence=sentence)
    rag = rag_for(point.value, standard)
    if rag is None or standard.target is None:
        opening = f"Not rated: {figure(point.value, standard.unit)} has no target to be judged against"
    else:
        opening = _rating_clause(point.value, rag, standard.target, standard)
    sentence = f"{opening}; {previous.clause}; {last_year.clause}."
    return Assessment(point=point, rag=rag, previous=previous, last_year=last_year, sentence=sentence)


def latest_whole(series: Mapping[FinancialQuarter, Point]) -> FinancialQuarter | None:
    """The most recent quarter with a whole-quarter value: the one a headline RAG is given for."""
    whole = [quarter for quarter, point in series.items() if not point.is_partial]
    return max(whole) if whole else None
