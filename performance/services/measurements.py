"""Recording indicators' quarterly values, however they arrive: typed in, a CSV, or the MPS feed.

A value is never silently overwritten: each change to a recorded value leaves a revision with the
old value, the new one, who and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from actions.choices import Rag
from performance.models import ChairRating, ImportBatch, Indicator, Measurement, MeasurementRevision
from swp.models import Place, User
from swp.quarters import FinancialQuarter

# Figures start this century: an earlier quarter is a slip of the keyboard (1920 for 2020), and
# every figure is compared with the quarter before and the year before, which must be quarters too.
EARLIEST_RECORDED = FinancialQuarter(2000, 1)


def quarter_unrecordable(quarter: FinancialQuarter) -> str:
    """Why no value can be recorded for the quarter, or "": one yet to start has no figures, nor one
    before EARLIEST_RECORDED. (The quarter still running has only part of its own, so its value is
    recorded as partial.)"""
    if quarter < EARLIEST_RECORDED:
        return f"{quarter.label} is before {EARLIEST_RECORDED.label}, the earliest quarter the service records"
    return f"{quarter.label} has not started yet, so it has no figures" if quarter > FinancialQuarter.running() else ""


@dataclass(frozen=True)
class MeasurementInput:
    """A value to record: for the indicator's own figure when place_id is None, else for one place."""

    indicator_id: int
    quarter: FinancialQuarter
    place_id: int | None
    value: Decimal
    is_partial: bool = False

    @property
    def key(self) -> tuple[int, FinancialQuarter, int | None]:
        return (self.indicator_id, self.quarter, self.place_id)


@dataclass
class RecordResult:
    """What recording a set of values did: how many were new, revised or already so, per indicator."""

    created: int = 0
    revised: int = 0
    unchanged: int = 0
    # Of the revised, those whose value changed (and so have a revision record), not only their partial flag.
    values_changed: int = 0
    by_indicator: dict[int, dict[str, int]] = field(default_factory=dict)

    def count(self, indicator_id: int, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        tally = self.by_indicator.setdefault(indicator_id, {"created": 0, "revised": 0, "unchanged": 0})
        tally[outcome] += 1


def measurements_record(
    *, rows: Sequence[MeasurementInput], by: User | None, reason: str, batch: ImportBatch | None = None
) -> RecordResult:
    """Create or replace many values at once, in bulk, writing a revision for every changed value."""
    result = RecordResult()
    if not rows:
        return result
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (measurement.indicator_id, measurement.quarter, measurement.place_id): measurement
            for measurement in Measurement.objects.select_for_update()
            .order_by()
            .filter(indicator_id__in={row.indicator_id for row in rows}, quarter__in={row.quarter for row in rows})
        }
        new, changed, revisions = [], [], []
        for row in rows:
            measurement = existing.get(row.key)
            if measurement is None:
                new.append(
                    Measurement(
                        indicator_id=row.indicator_id,
                        quarter=row.quarter,
                        place_id=row.place_id,
                        value=row.value,
                        is_partial=row.is_partial,
                        recorded_by=by,
                        recorded_at=now,
                    )
                )
                result.count(row.indicator_id, "created")
                continue
            if measurement.value == row.value and measurement.is_partial == row.is_partial:
                result.count(row.indicator_id, "unchanged")
                continue
            if measurement.value != row.value:
                result.values_changed += 1
                revisions.append(
                    MeasurementRevision(
                        measurement=measurement,
                        old_value=measurement.value,
                        new_value=row.value,
                        revised_by=by,
                        revised_at=now,
                        reason=reason[:200],
                        batch=batch,
                    )
                )
            measurement.value, measurement.is_partial = row.value, row.is_partial
            measurement.recorded_by, measurement.recorded_at = by, now
            changed.append(measurement)
            result.count(row.indicator_id, "revised")
        Measurement.objects.bulk_create(new, batch_size=1000)
        Measurement.objects.bulk_update(changed, ["value", "is_partial", "recorded_by", "recorded_at"], batch_size=1000)
        MeasurementRevision.objects.bulk_create(revisions, batch_size=1000)
    return result


def measurement_record(
    *,
    indicator: Indicator,
    quarter: FinancialQuarter,
    place: Place | None,
    value: Decimal,
    is_partial: bool,
    by: User,
) -> RecordResult:
    """One value typed in by an analyst."""
    row = MeasurementInput(
        indicator_id=indicator.pk,
        quarter=quarter,
        place_id=place.pk if place else None,
        value=value,
        is_partial=is_partial,
    )
    return measurements_record(rows=[row], by=by, reason="Entered in the browser")


def chair_rating_record(
    *, indicator: Indicator, quarter: FinancialQuarter, rag: Rag, reason: str, by: User
) -> ChairRating:
    """The chair's own RAG for a quarter, replacing any they gave before; shown beside the computed one."""
    rating, _ = ChairRating.objects.update_or_create(
        indicator=indicator,
        quarter=quarter,
        defaults={"rag": rag, "reason": reason, "rated_by": by, "rated_at": timezone.now()},
    )
    return rating
