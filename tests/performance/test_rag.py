"""Explainable RAG: every band edge in both directions, direction of travel, and the sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.choices import Rag
from performance.choices import Direction, Travel
from performance.rag import Point, Standard, assess, figure, latest_whole, rag_for, travel
from swp.quarters import FinancialQuarter

LOWER = Standard(direction=Direction.LOWER, target=Decimal(300), tolerance_percent=Decimal(5))
HIGHER = Standard(direction=Direction.HIGHER, target=Decimal(300), tolerance_percent=Decimal(5))
Q3 = FinancialQuarter(2025, 3)


def series(*values: tuple[FinancialQuarter, str] | tuple[FinancialQuarter, str, bool]) -> dict:
    points = {}
    for quarter, value, *partial in values:
        points[quarter] = Point(quarter=quarter, value=Decimal(value), is_partial=bool(partial and partial[0]))
    return points


class TestBands:
    # Lower is better, target 300, tolerance 5% (15): green to 300, amber to 315, red beyond.
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("0", Rag.GREEN),
            ("299.99", Rag.GREEN),
            ("300", Rag.GREEN),
            ("300.01", Rag.AMBER),
            ("314.99", Rag.AMBER),
            ("315", Rag.AMBER),
            ("315.01", Rag.RED),
            ("341", Rag.RED),
        ],
    )
    def test_lower_is_better(self, value: str, expected: Rag) -> None:
        assert rag_for(Decimal(value), LOWER) == expected

    # Higher is better, the mirror image: green from 300, amber down to 285, red below.
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("1000", Rag.GREEN),
            ("300.01", Rag.GREEN),
            ("300", Rag.GREEN),
            ("299.99", Rag.AMBER),
            ("285.01", Rag.AMBER),
            ("285", Rag.AMBER),
            ("284.99", Rag.RED),
            ("0", Rag.RED),
        ],
    )
    def test_higher_is_better(self, value: str, expected: Rag) -> None:
        assert rag_for(Decimal(value), HIGHER) == expected

    def test_no_tolerance_leaves_no_amber(self) -> None:
        strict = Standard(direction=Direction.LOWER, target=Decimal(300), tolerance_percent=Decimal(0))
        assert rag_for(Decimal(300), strict) == Rag.GREEN
        assert rag_for(Decimal("300.01"), strict) == Rag.RED

    def test_a_target_of_zero_makes_anything_above_it_red_when_lower_is_better(self) -> None:
        zero = Standard(direction=Direction.LOWER, target=Decimal(0), tolerance_percent=Decimal(10))
        assert rag_for(Decimal(0), zero) == Rag.GREEN
        assert rag_for(Decimal(1), zero) == Rag.RED

    def test_no_target_is_not_rated(self) -> None:
        untargeted = Standard(direction=Direction.LOWER, target=None, tolerance_percent=Decimal(5))
        assert rag_for(Decimal(5), untargeted) is None


class TestTravel:
    @pytest.mark.parametrize(
        ("direction", "current", "earlier", "expected"),
        [
            (Direction.LOWER, 290, 300, Travel.BETTER),
            (Direction.LOWER, 310, 300, Travel.WORSE),
            (Direction.HIGHER, 310, 300, Travel.BETTER),
            (Direction.HIGHER, 290, 300, Travel.WORSE),
            (Direction.HIGHER, 300, 300, Travel.SAME),
            (Direction.LOWER, 300, 300, Travel.SAME),
        ],
    )
    def test_travel_knows_which_way_is_better(
        self, direction: str, current: int, earlier: int, expected: Travel
    ) -> None:
        assert travel(Decimal(current), Decimal(earlier), direction) == expected

    def test_compares_with_the_previous_quarter_and_the_same_quarter_a_year_before(self) -> None:
        assessment = assess(
            series((Q3, "341"), (Q3.previous(), "310"), (Q3.same_quarter_last_year(), "360")), Q3, LOWER
        )
        assert assessment.previous.quarter == FinancialQuarter(2025, 2)
        assert assessment.previous.travel == Travel.WORSE
        assert assessment.last_year.quarter == FinancialQuarter(2024, 3)
        assert assessment.last_year.travel == Travel.BETTER

    def test_a_missing_or_partial_quarter_is_not_compared(self) -> None:
        assessment = assess(series((Q3, "341"), (Q3.previous(), "100", True)), Q3, LOWER)
        assert assessment.previous.travel == Travel.NOT_COMPARED
        assert assessment.last_year.travel == Travel.NOT_COMPARED
        assert assessment.last_year.earlier is None


class TestExplanation:
    def test_the_issue_s_own_example(self) -> None:
        assessment = assess(
            series((Q3, "341"), (Q3.previous(), "310"), (Q3.same_quarter_last_year(), "360")), Q3, LOWER
        )
        assert assessment.rag == Rag.RED
        assert assessment.sentence == (
            "Red: 341 is 14% above the target of 300; tolerance 5%; worse than Q2 2025/26 (310); "
            "better than Q3 2024/25 (360)."
        )

    def test_amber_says_it_is_within_the_tolerance(self) -> None:
        assessment = assess(series((Q3, "310")), Q3, LOWER)
        assert assessment.sentence == (
            "Amber: 310 is 3% above the target of 300, within the tolerance of 5%; "
            "no figure for Q2 2025/26 to compare with; no figure for Q3 2024/25 to compare with."
        )

    def test_green_on_the_target_and_beyond_it(self) -> None:
        on_target = assess(series((Q3, "300"), (Q3.previous(), "300")), Q3, LOWER)
        assert on_target.sentence.startswith("Green: 300 is on the target of 300; the same as Q2 2025/26 (300);")
        better = assess(series((Q3, "330")), Q3, HIGHER)
        assert better.sentence.startswith("Green: 330 is 10% above the target of 300;")

    def test_higher_is_better_red_says_below(self) -> None:
        assessment = assess(series((Q3, "255")), Q3, HIGHER)
        assert assessment.sentence.startswith("Red: 255 is 15% below the target of 300; tolerance 5%;")

    def test_a_red_just_past_the_tolerance_is_not_rounded_onto_it(self) -> None:
        # 315.6 is 5.2% above 300: "5% above; tolerance 5%" would contradict its red.
        assessment = assess(series((Q3, "315.6")), Q3, LOWER)
        assert assessment.rag == Rag.RED
        assert assessment.sentence.startswith("Red: 315.6 is 5.2% above the target of 300; tolerance 5%;")

    def test_a_red_a_hair_past_the_tolerance_gets_as_many_decimals_as_it_takes(self) -> None:
        # 706.75 is 5.0148...% above 673, which one decimal place would still show as "5%".
        standard = Standard(direction=Direction.LOWER, target=Decimal(673), tolerance_percent=Decimal(5))
        assessment = assess(series((Q3, "706.75")), Q3, standard)
        assert assessment.rag == Rag.RED
        assert assessment.sentence.startswith("Red: 706.75 is 5.01% above the target of 673; tolerance 5%;")

    @pytest.mark.parametrize(
        ("tolerance", "value", "rag", "opening"),
        [
            ("2.4", "102.45", Rag.RED, "Red: 102.45 is 2.5% above the target of 100; tolerance 2.4%"),
            ("2.5", "102.5", Rag.AMBER, "Amber: 102.5 is 2.5% above the target of 100, within the tolerance of 2.5%"),
            ("2.5", "102.4", Rag.AMBER, "Amber: 102.4 is 2% above the target of 100, within the tolerance of 2.5%"),
        ],
    )
    def test_a_tolerance_with_decimals_is_never_contradicted_by_rounding(
        self, tolerance: str, value: str, rag: Rag, opening: str
    ) -> None:
        standard = Standard(direction=Direction.LOWER, target=Decimal(100), tolerance_percent=Decimal(tolerance))
        assessment = assess(series((Q3, value)), Q3, standard)
        assert assessment.rag == rag
        assert assessment.sentence.startswith(opening)

    def test_a_value_a_hair_off_its_target_is_not_said_to_be_0_percent_off(self) -> None:
        percent = Standard(direction=Direction.HIGHER, target=Decimal(85), tolerance_percent=Decimal(5), unit="%")
        assessment = assess(series((Q3, "84.84")), Q3, percent)
        assert assessment.sentence.startswith("Amber: 84.84% is 0.2% below the target of 85% (0.16 points)")

    def test_percentages_keep_their_unit(self) -> None:
        percent = Standard(direction=Direction.HIGHER, target=Decimal(70), tolerance_percent=Decimal(5), unit="%")
        assessment = assess(series((Q3, "68.5"), (Q3.previous(), "66")), Q3, percent)
        assert assessment.sentence.startswith(
            "Amber: 68.5% is 2% below the target of 70% (1.5 points), within the tolerance of 5%; "
            "better than Q2 2025/26 (66%);"
        )

    def test_a_partial_quarter_is_not_rated_and_says_why(self) -> None:
        assessment = assess(series((Q3, "120", True), (Q3.previous(), "300")), Q3, LOWER)
        assert assessment.rag is None
        assert assessment.previous.travel == Travel.NOT_COMPARED
        assert assessment.sentence == (
            "Not rated: 120 covers part of Q3 2025/26 only, so it is not compared with the target or with "
            "other quarters."
        )

    def test_comparing_with_a_partial_quarter_says_so(self) -> None:
        assessment = assess(series((Q3, "300"), (Q3.previous(), "90", True)), Q3, LOWER)
        assert "Q2 2025/26 covers part of its quarter only, so it is not compared" in assessment.sentence

    def test_no_target(self) -> None:
        untargeted = Standard(direction=Direction.LOWER, target=None, tolerance_percent=Decimal(5))
        assessment = assess(series((Q3, "12")), Q3, untargeted)
        assert assessment.rag is None
        assert assessment.sentence.startswith("Not rated: 12 has no target to be judged against;")


def test_latest_whole_skips_a_newer_partial_quarter() -> None:
    points = series((Q3, "10"), (Q3.next(), "3", True), (Q3.previous(), "9"))
    assert latest_whole(points) == Q3
    assert latest_whole(series((Q3, "1", True))) is None


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("11674.00", "", "11,674"),
        ("72.50", "%", "72.5%"),
        ("0.10", "", "0.1"),
        ("-3", "", "-3"),
        ("300", "crimes", "300"),
    ],
)
def test_figures_read_as_people_write_them(value: str, unit: str, shown: str) -> None:
    assert figure(Decimal(value), unit) == shown
