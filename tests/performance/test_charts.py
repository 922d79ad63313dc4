"""The server-drawn chart: an image with a text alternative, safe with any indicator name."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pytest

from performance.charts import MAX_QUARTER_LABELS, chart_description, line_chart_svg
from performance.rag import Point
from swp.quarters import FinancialQuarter

Q = FinancialQuarter(2025, 1)
POINTS = [
    Point(Q, Decimal(250)),
    Point(Q.next(), Decimal(341)),
    Point(Q.next().next(), Decimal(90), is_partial=True),
]


def test_the_chart_is_an_image_with_a_title_and_a_description() -> None:
    svg = line_chart_svg(chart_id="c", name="Total crime", points=POINTS, target=Decimal(300), unit="")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Chart of Total crime by quarter</title>' in svg
    assert chart_description(name="Total crime", points=POINTS, target=Decimal(300), unit="") in svg
    assert svg.count("<circle") == len(POINTS) + 2  # a point per quarter, and two in the legend
    assert 'fill="#ffffff" stroke="#1d70b8"' in svg  # the partial quarter, hollow
    assert "Part of the quarter only" in svg
    assert 'stroke-dasharray="10 6"' in svg  # the target line
    assert "style=" not in svg  # a strict Content Security Policy forbids style attributes


def test_the_description_gives_the_range_the_latest_value_and_the_target() -> None:
    assert chart_description(name="Total crime", points=POINTS, target=Decimal(300), unit="") == (
        "Total crime: 3 quarters from Q1 2025/26 to Q3 2025/26. Latest, Q3 2025/26: 90 (part of the quarter "
        "only). The target is 300. Every value is in the table that follows the chart."
    )
    assert chart_description(name="X", points=[], target=None, unit="") == "No values have been recorded for X."


def test_without_a_target_there_is_no_target_line() -> None:
    svg = line_chart_svg(chart_id="c", name="X", points=POINTS[:2], target=None, unit="")
    assert 'stroke-dasharray="10 6"' not in svg
    assert ">Target<" not in svg


def test_an_indicator_name_cannot_inject_markup() -> None:
    svg = line_chart_svg(chart_id="c", name="<script>alert(1)</script>", points=POINTS, target=None, unit="")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize("quarters", [1, 9, 10, 40])
def test_quarter_labels_never_meet_and_the_newest_is_always_labelled(quarters: int) -> None:
    start = FinancialQuarter(2016, 1)
    points = []
    quarter = start
    for number in range(quarters):
        points.append(Point(quarter=quarter, value=Decimal(number)))
        quarter = quarter.next()

    svg = line_chart_svg(chart_id="c", name="Calls", points=points, target=None, unit="")

    labels = re.findall(r'<text x="([0-9.]+)" y="[0-9.]+" text-anchor="middle"[^>]*>(Q\d \d\d/\d\d)</text>', svg)
    newest = points[-1].quarter
    assert labels[-1][1] == f"Q{newest.number} {newest.year % 100:02d}/{(newest.year + 1) % 100:02d}"
    assert len(labels) <= MAX_QUARTER_LABELS
    gaps = [float(b[0]) - float(a[0]) for a, b in itertools.pairwise(labels)]
    assert all(gap >= 60 for gap in gaps), gaps
