"""The data-quality check for a quarter, run before anyone builds a pack.

It finds what would make the pack wrong or thin: indicators with no value for the quarter, with no
baseline or no target, values far outside the indicator's own history, actions nobody has
reported on for 90 days, and ward crime figures that do not reconcile with the borough's.
The thresholds are here, once, and the page states them in words.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions.choices import ActionStatus, PlanStatus
from actions.models import Action, ProgressUpdate
from performance.choices import CrimeLevel
from performance.models import CrimeCount, Indicator
from performance.rag import Point, figure
from performance.selectors import headline_series
from swp.models import Partnership, User
from swp.quarters import FinancialQuarter

OUTLIER_HISTORY_QUARTERS = 8
OUTLIER_MIN_HISTORY = 4
OUTLIER_MEDIAN_PERCENT = Decimal(50)
OUTLIER_DEVIATIONS = 3
STALE_ACTION_DAYS = 90
# Some crimes are recorded with no ward, so wards fall a little short of the borough; only a
# shortfall this large (in percent of the borough's figure, and in crimes) is worth a look. Wards
# adding up to more than the borough cannot be explained that way and are always flagged.
RECONCILE_SHORTFALL_PERCENT = Decimal(10)
RECONCILE_SHORTFALL_CRIMES = 10


def outlier_reason(value: Decimal, history: list[Decimal]) -> str | None:
    """Why the value is far outside its history, or None. History is the earlier whole quarters."""
    if len(history) < OUTLIER_MIN_HISTORY:
        return None
    median = Decimal(statistics.median(history))
    if median and abs(value - median) > abs(median) * OUTLIER_MEDIAN_PERCENT / 100:
        away = abs(value - median) / abs(median) * 100
        side = "above" if value > median else "below"
        return f"{figure(away.quantize(Decimal(1)))}% {side} the median of {figure(median)}"
    mean = Decimal(statistics.mean(history))
    deviation = Decimal(statistics.pstdev(history))
    if deviation and abs(value - mean) > OUTLIER_DEVIATIONS * deviation:
        spread = (abs(value - mean) / deviation).quantize(Decimal("0.1"))
        return f"{figure(spread)} standard deviations from the mean of {figure(mean.quantize(Decimal('0.1')))}"
    return None


@dataclass
class Outlier:
    indicator: Indicator
    point: Point
    reason: str


@dataclass
class Reconciliation:
    """One category's (or all crime's) ward total against the borough's, for the quarter."""

    category: str
    wards: int
    borough: int

    @property
    def difference(self) -> int:
        return self.wards - self.borough

    @property
    def percent(self) -> Decimal | None:
        if not self.borough:
            return None
        return (Decimal(self.difference) / self.borough * 100).quantize(Decimal("0.1"))

    @property
    def flagged(self) -> bool:
        if self.wards > self.borough:
            return True
        shortfall = self.borough - self.wards
        return shortfall > RECONCILE_SHORTFALL_CRIMES and shortfall * 100 > RECONCILE_SHORTFALL_PERCENT * self.borough


@dataclass
class QualityReport:
    quarter: FinancialQuarter
    missing_values: list[Indicator]
    no_baseline: list[Indicator]
    no_target: list[Indicator]
    partial_values: list[Indicator]
    outliers: list[Outlier]
    stale_actions: list[Action]
    stale_since: datetime.datetime
    reconciliation: list[Reconciliation]
    # Why ward and borough figures were not compared, when they were not.
    reconciliation_note: str

    @property
    def problem_count(self) -> int:
        flagged = [row for row in self.reconciliation if row.flagged]
        # A value for part of a quarter that is over is data still to complete, as a missing one is;
        # while the quarter runs, part of it is all there can be.
        finished = self.quarter < FinancialQuarter.running()
        lists: list[list] = [
            self.missing_values,
            self.partial_values if finished else [],
            self.no_baseline,
            self.no_target,
            self.outliers,
            self.stale_actions,
        ]
        return sum(len(found) for found in lists) + len(flagged)


def _outliers(
    indicators: list[Indicator], series: dict[int, dict[FinancialQuarter, Point]], quarter: FinancialQuarter
) -> tuple[list[Outlier], list[Indicator]]:
    outliers, missing = [], []
    for indicator in indicators:
        points = series.get(indicator.pk, {})
        point = points.get(quarter)
        if point is None:
            missing.append(indicator)
            continue
        if point.is_partial:
            continue
        earlier = sorted((q for q, p in points.items() if q < quarter and not p.is_partial), reverse=True)
        history = [points[q].value for q in earlier[:OUTLIER_HISTORY_QUARTERS]]
        reason = outlier_reason(point.value, history)
        if reason:
            outliers.append(Outlier(indicator=indicator, point=point, reason=reason))
    return outliers, missing


def stale_actions(
    *, user: User, partnership: Partnership, now: datetime.datetime
) -> tuple[QuerySet[Action], datetime.datetime]:
    since = now - datetime.timedelta(days=STALE_ACTION_DAYS)
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-recorded_at")
    actions = (
        Action.objects.visible_to(user)
        .filter(plan__board__partnership=partnership)
        .exclude(status__in=[ActionStatus.COMPLETED, ActionStatus.CANCELLED])
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        # Each action's latest update read by the action's own index, rather than by joining every
        # update and grouping the wide rows: 27 ms to 7 ms over 1,300 live actions (`make bench`).
        .annotate(last_update=Subquery(latest.values("recorded_at")[:1]))
        .annotate(last_news=Coalesce("last_update", "created_at", output_field=DateTimeField()))
        .filter(last_news__lt=since)
        .select_related("plan__board", "owner")
        .order_by("last_news", "pk")
    )
    return actions, since


def _reconciliation(partnership: Partnership, quarter: FinancialQuarter) -> tuple[list[Reconciliation], str]:
    counts = CrimeCount.objects.filter(partnership=partnership, quarter=quarter).order_by()
    months = dict.fromkeys(CrimeLevel.values, 0)
    for level, _month in counts.values_list("level", "month").distinct():
        months[level] += 1
    if not months[CrimeLevel.WARD] and not months[CrimeLevel.BOROUGH]:
        return [], f"No MPS crime figures are held for {quarter.label}."
    if months[CrimeLevel.WARD] < 3 or months[CrimeLevel.BOROUGH] < 3:
        return [], (
            f"Not compared: for {quarter.label} the ward-level figures cover {months[CrimeLevel.WARD]} of its 3 "
            f"months and the borough-level figures {months[CrimeLevel.BOROUGH]}; both must cover the whole quarter."
        )
    totals: dict[tuple[str, str], int] = {}
    for level, category, total in counts.values_list("level", "category").annotate(total=Sum("count")):
        totals[(level, category)] = total
    categories = sorted({category for _, category in totals})
    rows = [
        Reconciliation(
            category=category,
            wards=totals.get((CrimeLevel.WARD, category), 0),
            borough=totals.get((CrimeLevel.BOROUGH, category), 0),
        )
        for category in categories
    ]
    rows.append(
        Reconciliation(
            category="All crime", wards=sum(row.wards for row in rows), borough=sum(row.borough for row in rows)
        )
    )
    return rows, ""


def quality_report(*, partnership: Partnership, quarter: FinancialQuarter, user: User) -> QualityReport:
    indicators = list(
        Indicator.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("board")
        .order_by("board__order", "code")
    )
    series = headline_series(indicator.pk for indicator in indicators)
    outliers, missing = _outliers(indicators, series, quarter)
    now = timezone.now()
    actions, since = stale_actions(user=user, partnership=partnership, now=now)
    reconciliation, note = _reconciliation(partnership, quarter)
    return QualityReport(
        quarter=quarter,
        missing_values=missing,
        no_baseline=[
            indicator
            for indicator in indicators
            if indicator.baseline_value is None or indicator.baseline_quarter is None
        ],
        no_target=[indicator for indicator in indicators if indicator.target is None],
        partial_values=[
            indicator
            for indicator in indicators
            if (point := series.get(indicator.pk, {}).get(quarter)) is not None and point.is_partial
        ],
        outliers=outliers,
        stale_actions=list(actions),
        stale_since=since,
        reconciliation=reconciliation,
        reconciliation_note=note,
    )
