"""Writing performance data: recording values with revisions, defining indicators, chairs' ratings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.choices import Rag
from boards.models import Board
from performance.choices import Direction, IndicatorSource
from performance.models import ChairRating, Indicator, MeasurementRevision
from performance.services import (
    IndicatorFeedError,
    chair_rating_record,
    indicator_create,
    indicator_update,
    measurement_record,
    measurements_record,
    mps_crime_import,
)
from performance.services.measurements import MeasurementInput
from swp.models import Partnership, Place, User
from swp.quarters import FinancialQuarter
from tests.performance.conftest import sample
from tests.performance.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

Q1, Q2 = FinancialQuarter(2025, 1), FinancialQuarter(2025, 2)


@pytest.fixture
def indicator(victim_board: Board) -> Indicator:
    return IndicatorFactory(partnership=victim_board.partnership, board=victim_board)


class TestRecordingValues:
    def test_new_values_are_created_and_changed_ones_revised_in_one_go(
        self, indicator: Indicator, analyst: User
    ) -> None:
        first = measurements_record(
            rows=[
                MeasurementInput(indicator.pk, Q1, None, Decimal(10)),
                MeasurementInput(indicator.pk, Q2, None, Decimal(11)),
            ],
            by=analyst,
            reason="first",
        )
        assert (first.created, first.revised, first.unchanged) == (2, 0, 0)

        second = measurements_record(
            rows=[
                MeasurementInput(indicator.pk, Q1, None, Decimal(10)),
                MeasurementInput(indicator.pk, Q2, None, Decimal(12)),
            ],
            by=analyst,
            reason="second",
        )
        assert (second.created, second.revised, second.unchanged) == (0, 1, 1)
        revision = MeasurementRevision.objects.get()
        assert (revision.measurement.quarter, revision.old_value, revision.new_value) == (Q2, 11, 12)
        assert (revision.revised_by, revision.reason) == (analyst, "second")

    def test_marking_a_value_whole_is_a_change_but_not_a_revision_of_the_value(
        self, indicator: Indicator, analyst: User
    ) -> None:
        measurements_record(rows=[MeasurementInput(indicator.pk, Q1, None, Decimal(10), True)], by=analyst, reason="")
        result = measurements_record(
            rows=[MeasurementInput(indicator.pk, Q1, None, Decimal(10))], by=analyst, reason=""
        )
        assert result.revised == 1
        assert not indicator.measurements.get().is_partial
        assert not MeasurementRevision.objects.exists()

    def test_one_value_typed_in(self, indicator: Indicator, analyst: User) -> None:
        measurement_record(indicator=indicator, quarter=Q1, place=None, value=Decimal(7), is_partial=False, by=analyst)
        measurement_record(indicator=indicator, quarter=Q1, place=None, value=Decimal(8), is_partial=False, by=analyst)
        assert indicator.measurements.get().value == 8
        assert MeasurementRevision.objects.get().reason == "Entered in the browser"


class TestDefiningIndicators:
    def test_an_mps_fed_indicator_gets_its_values_from_the_figures_held(
        self, partnership: Partnership, location_board: Board, wards: dict[str, Place], analyst: User
    ) -> None:
        mps_crime_import(partnership=partnership, data=sample("mps-wards-sample.csv"), file_name="a.csv", by=analyst)
        indicator = indicator_create(
            partnership=partnership,
            places=[wards["west-end"]],
            by=analyst,
            code="vap-west-end",
            name="Violence against the person, West End",
            board=location_board,
            direction=Direction.LOWER,
            source=IndicatorSource.MPS_CRIME,
            mps_major_category="  Violence against   the person ",
            target=Decimal(100),
        )
        assert indicator.mps_major_category == "VIOLENCE AGAINST THE PERSON"
        assert indicator.measurements.filter(place=None).count() == 3

        # Widening it to all crime recomputes every quarter, and records the change.
        indicator_update(indicator=indicator, places=[wards["west-end"]], by=analyst, mps_major_category="")
        assert MeasurementRevision.objects.filter(measurement__indicator=indicator).count() == 3

        # A category the figures held lack is refused: the values would be the old category's.
        with pytest.raises(IndicatorFeedError, match="no category 'BURGLARY RESIDENTIAL'"):
            indicator_update(
                indicator=indicator, places=[wards["west-end"]], by=analyst, mps_major_category="Burglary residential"
            )
        indicator.refresh_from_db()
        assert indicator.mps_major_category == ""
        assert MeasurementRevision.objects.filter(measurement__indicator=indicator).count() == 3

        # Any other change to an indicator the figures cannot feed still saves.
        indicator_update(indicator=indicator, places=[wards["west-end"]], by=analyst, name="All crime, West End")
        assert Indicator.objects.get(pk=indicator.pk).name == "All crime, West End"

    def test_an_unknown_field_is_refused(self, partnership: Partnership, location_board: Board) -> None:
        with pytest.raises(TypeError, match="colour"):
            indicator_create(
                partnership=partnership, places=[], by=None, code="x", name="X", board=location_board, colour="red"
            )


def test_a_chair_rating_replaces_their_earlier_one(indicator: Indicator, victim_chair: User) -> None:
    chair_rating_record(indicator=indicator, quarter=Q1, rag=Rag.AMBER, reason="Improving.", by=victim_chair)
    chair_rating_record(indicator=indicator, quarter=Q1, rag=Rag.GREEN, reason="Target met in March.", by=victim_chair)
    rating = ChairRating.objects.get()
    assert (rating.rag, rating.reason, rating.rated_by) == (Rag.GREEN, "Target met in March.", victim_chair)
