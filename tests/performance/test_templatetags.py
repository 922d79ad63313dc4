"""How the performance pages word a figure's direction of travel, and set out a row of figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performance.choices import Travel
from performance.rag import Comparison, Point
from performance.templatetags.performance_tags import figure_cells, travel
from swp.quarters import FinancialQuarter

Q2 = FinancialQuarter(2025, 2)


@pytest.mark.parametrize(
    ("comparison", "words"),
    [
        (
            Comparison(quarter=Q2, travel=Travel.BETTER, earlier=Point(Q2, Decimal("1234.5")), unit=""),
            "<strong>Better</strong> than Q2 2025/26 (1,234.5)",
        ),
        (
            Comparison(quarter=Q2, travel=Travel.WORSE, earlier=Point(Q2, Decimal(66)), unit="%"),
            "<strong>Worse</strong> than Q2 2025/26 (66%)",
        ),
        (
            Comparison(quarter=Q2, travel=Travel.SAME, earlier=Point(Q2, Decimal(12)), unit=""),
            "<strong>Same</strong> as Q2 2025/26 (12)",
        ),
        (
            Comparison(quarter=Q2, travel=Travel.NOT_COMPARED, earlier=Point(Q2, Decimal(3), is_partial=True)),
            "Not compared with Q2 2025/26: part of a quarter only",
        ),
        (Comparison(quarter=Q2, travel=Travel.NOT_COMPARED, earlier=None), "No figure for Q2 2025/26"),
    ],
)
def test_travel_says_which_way_the_figure_moved_and_from_what(comparison: Comparison, words: str) -> None:
    assert travel(comparison) == words


def test_figure_cells_gives_each_place_a_numeric_cell_and_says_where_there_is_no_value() -> None:
    points = [Point(Q2, Decimal("1234.50")), None, Point(Q2, Decimal("72.5"))]

    assert figure_cells(points, "%") == (
        '<td class="govuk-table__cell govuk-table__cell--numeric">1,234.5%</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">No value</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">72.5%</td>'
    )
    assert figure_cells([], "") == ""
