"""Reading indicators and their figures for the pages, in a fixed number of queries however many."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, QuerySet
from django.http import Http404

from boards.models import Board
from boards.selectors import NOT_FOUND_MESSAGE
from performance.models import (
    ChairRating,
    ImportBatch,
    Indicator,
    Measurement,
    MeasurementRevision,
    indicators_fed,
)
from performance.rag import Assessment, Point, Standard, assess, latest_whole
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter
from swp.queries import first_of_each
from swp.services import audit_access_refused


def indicators_visible(*, user: User, partnership: Partnership) -> QuerySet[Indicator]:
    return (
        Indicator.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("board", "objective")
        .order_by("board__order", "board__name", "code")
    )


def indicator_get_visible(*, user: User, code: str) -> Indicator:
    """The indicator, or the same 404 whether it does not exist or is on a board hidden from the person."""
    indicator = (
        Indicator.objects.visible_to(user)
        .filter(code=code)
        .select_related("board", "objective", "partnership")
        .prefetch_related("places")
        .first()
    )
    if indicator is None:
        audit_access_refused(user=user, hidden=Indicator.objects.filter(code=code))
        raise Http404(NOT_FOUND_MESSAGE)
    return indicator


def boards_with_indicators(*, user: User, partnership: Partnership) -> QuerySet[Board]:
    """Boards to filter the list by: those the person may see that have an indicator."""
    return Board.objects.visible_to(user).filter(partnership=partnership, indicators__isnull=False).distinct()


def headline_series(
    indicator_ids: Iterable[int], *, newest: int | None = None
) -> dict[int, dict[FinancialQuarter, Point]]:
    """Each indicator's own figure (no place) by quarter, in one query: every quarter, or its `newest` few."""
    series: dict[int, dict[FinancialQuarter, Point]] = defaultdict(dict)
    headline = Measurement.objects.filter(indicator_id__in=list(indicator_ids), place__isnull=True).order_by()
    if newest is not None:
        headline = first_of_each(headline, partition=F("indicator_id"), order=["-quarter"], limit=newest)
    for indicator_id, quarter, value, is_partial in headline.values_list(
        "indicator_id", "quarter", "value", "is_partial"
    ):
        series[indicator_id][quarter] = Point(quarter=quarter, value=value, is_partial=is_partial)
    return series


def indicator_series(*, indicator: Indicator) -> dict[FinancialQuarter, Point]:
    """The indicator's own figure for each quarter it has one."""
    return headline_series([indicator.pk]).get(indicator.pk, {})


@dataclass
class IndicatorSummary:
    """One line of the indicator list: the latest whole quarter, rated and explained."""

    indicator: Indicator
    latest: Assessment | None
    # A later quarter that is only partly counted so far, shown as such and never rated.
    newer_partial: Point | None
    chair_rating: ChairRating | None

    @property
    def rating_differs(self) -> bool:
        return bool(self.chair_rating and self.latest and self.chair_rating.rag != self.latest.rag)


# A rating needs the latest whole quarter, the one before it and the same quarter a year before,
# with a partly counted quarter or two after it: its newest eight figures hold them, while years of
# history would be read and then ignored.
SUMMARY_QUARTERS = 8


def indicator_summaries(*, indicators: Iterable[Indicator]) -> list[IndicatorSummary]:
    """Each indicator's latest rating: two queries for any number of indicators."""
    indicators = list(indicators)
    series = headline_series((indicator.pk for indicator in indicators), newest=SUMMARY_QUARTERS)
    rated_quarters = {indicator.pk: latest_whole(series.get(indicator.pk, {})) for indicator in indicators}
    # Only the quarters shown: a chair rates every quarter, and years of ratings would be read to show one each.
    ratings = {
        (rating.indicator_id, rating.quarter): rating
        for rating in ChairRating.objects.filter(
            indicator__in=indicators, quarter__in={quarter for quarter in rated_quarters.values() if quarter}
        ).select_related("rated_by")
    }
    summaries = []
    for indicator in indicators:
        points = series.get(indicator.pk, {})
        quarter = rated_quarters[indicator.pk]
        latest = assess(points, quarter, Standard.of(indicator)) if quarter else None
        newest = max(points) if points else None
        newer_partial = points[newest] if newest and (quarter is None or newest > quarter) else None
        summaries.append(
            IndicatorSummary(
                indicator=indicator,
                latest=latest,
                newer_partial=newer_partial,
                chair_rating=ratings.get((indicator.pk, quarter)) if quarter else None,
            )
        )
    return summaries


@dataclass
class BoardIndicators:
    board: Board
    summaries: list[IndicatorSummary]


def indicator_summaries_by_board(*, indicators: Iterable[Indicator]) -> list[BoardIndicators]:
    """The list page's groups: each board's indicators, in the order given."""
    groups: dict[int, BoardIndicators] = {}
    for summary in indicator_summaries(indicators=indicators):
        board = summary.indicator.board
        groups.setdefault(board.pk, BoardIndicators(board=board, summaries=[])).summaries.append(summary)
    return list(groups.values())


@dataclass
class QuarterRow:
    """A quarter on an indicator's page: its rated value, the chair's rating, and each place's share."""

    assessment: Assessment
    chair_rating: ChairRating | None
    place_values: list[Point | None] = field(default_factory=list)

    @property
    def rating_differs(self) -> bool:
        return bool(self.chair_rating and self.chair_rating.rag != self.assessment.rag)


@dataclass
class IndicatorDetail:
    indicator: Indicator
    rows: list[QuarterRow]  # oldest first, as the chart reads
    breakdown_places: list[Place]
    revisions: list[MeasurementRevision]
    # Quarters with a place's share but no figure for the indicator itself: not rated, so not in rows.
    shares_only: list[FinancialQuarter] = field(default_factory=list)

    @property
    def latest(self) -> QuarterRow | None:
        whole = [row for row in self.rows if not row.assessment.point.is_partial]
        return whole[-1] if whole else None

    @property
    def rows_newest_first(self) -> list[QuarterRow]:
        return list(reversed(self.rows))


def indicator_detail(*, indicator: Indicator) -> IndicatorDetail:
    standard = Standard.of(indicator)
    series = indicator_series(indicator=indicator)
    # One place's figure is the indicator's own; only several places have shares to show.
    places = list(indicator.places.all())
    if len(places) < 2:
        places = []
    by_place: dict[tuple[FinancialQuarter, int], Point] = {
        (quarter, place_id): Point(quarter=quarter, value=value, is_partial=is_partial)
        for quarter, place_id, value, is_partial in indicator.measurements.filter(place__isnull=False)
        .order_by()
        .values_list("quarter", "place_id", "value", "is_partial")
    }
    ratings = {rating.quarter: rating for rating in indicator.chair_ratings.select_related("rated_by")}
    rows = [
        QuarterRow(
            assessment=assess(series, quarter, standard),
            chair_rating=ratings.get(quarter),
            place_values=[by_place.get((quarter, place.pk)) for place in places],
        )
        for quarter in sorted(series)
    ]
    revisions = list(
        MeasurementRevision.objects.filter(measurement__indicator=indicator)
        .select_related("measurement__place", "revised_by")
        .order_by("-revised_at", "-pk")[:50]
    )
    shares_only = sorted({quarter for quarter, _ in by_place} - set(series))
    return IndicatorDetail(
        indicator=indicator, rows=rows, breakdown_places=places, revisions=revisions, shares_only=shares_only
    )


def import_batches(*, partnership: Partnership, user: User, limit: int) -> list[tuple[ImportBatch, bool]]:
    """The latest imports the person may know of, newest first, each with whether they may see every
    indicator it fed (if not, its row count, which counts the others too, is not for them)."""
    visible = set(Indicator.objects.visible_to(user).values_list("pk", flat=True))
    batches = ImportBatch.objects.filter(partnership=partnership).feeding_any(visible).select_related("imported_by")
    return [
        (batch, indicators_fed(batch.summary) <= visible) for batch in batches.order_by("-imported_at", "-pk")[:limit]
    ]


def import_batch_get(*, partnership: Partnership, pk: int, user: User) -> ImportBatch:
    batch = (
        ImportBatch.objects.filter(partnership=partnership, pk=pk)
        .visible_to(user)
        .select_related("imported_by")
        .first()
    )
    if batch is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return batch


@dataclass
class IndicatorChange:
    indicator: Indicator
    created: int
    revised: int
    unchanged: int


@dataclass
class ImportReport:
    """An import's summary as one person may see it: indicators on hidden boards are left out,
    and so are their counts, so that no total gives them away."""

    batch: ImportBatch
    changes: list[IndicatorChange]
    unfed: list[tuple[Indicator, str]]
    quarters: list[dict[str, object]]
    # Whether the person may see every indicator the file fed; if not, the file's own counts (rows
    # read, quarters) are not shown, as they would count the hidden ones too.
    complete: bool
    # The latest earlier import of the very same file (same kind, same bytes), if any.
    same_file_before: ImportBatch | None = None

    @property
    def totals(self) -> dict[str, int]:
        return {
            outcome: sum(getattr(change, outcome) for change in self.changes)
            for outcome in ("created", "revised", "unchanged")
        }


def import_report(*, batch: ImportBatch, user: User | None) -> ImportReport:
    """The batch's summary for the person, or with no person (a command's operator) in full."""
    summary = batch.summary
    tallies: dict[str, dict[str, int]] = summary.get("indicators", {})
    unfed: dict[str, str] = summary.get("indicators_unfed", {})
    indicators = Indicator.objects.all() if user is None else Indicator.objects.visible_to(user)
    fed = indicators_fed(batch.summary)
    visible = {str(indicator.pk): indicator for indicator in indicators.filter(pk__in=fed)}
    changes = [IndicatorChange(indicator=visible[pk], **tally) for pk, tally in tallies.items() if pk in visible]
    changes.sort(key=lambda change: change.indicator.code)
    quarters = [
        {**item, "quarter": FinancialQuarter.from_key(int(item["key"]))} for item in summary.get("quarters", [])
    ]
    earlier = ImportBatch.objects.filter(
        partnership_id=batch.partnership_id, kind=batch.kind, file_sha256=batch.file_sha256, pk__lt=batch.pk
    )
    # Of those the person may know of: the same bytes may have fed only hidden indicators then.
    known = earlier if user is None else earlier.visible_to(user)
    same_file_before = known.select_related("imported_by").order_by("-pk").first()
    complete = len(visible) == len(fed)
    return ImportReport(
        batch=batch,
        changes=changes,
        unfed=[(visible[pk], reason) for pk, reason in unfed.items() if pk in visible],
        quarters=quarters if complete else [],
        complete=complete,
        same_file_before=same_file_before,
    )
