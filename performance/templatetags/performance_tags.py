"""Showing figures the same way on every performance page (ratings: actions' rag_tag)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from performance.choices import Travel
from performance.rag import Comparison, Point
from performance.rag import figure as figure_text

register = template.Library()


@register.filter
def figure(value: Decimal | int | None, unit: str = "") -> str:
    """1,234 or 72.5% rather than 1234.00; words, which a screen reader reads, where there is no value."""
    if value is None:
        return "No value"
    return figure_text(Decimal(value), unit)


NUMERIC_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@register.simple_tag
def figure_cells(points: list[Point | None], unit: str = "") -> SafeString:
    """`{% figure_cells row.place_values indicator.unit %}`: a numeric table cell for each value, or
    "No value". A tag rather than a loop in the template: a place table has hundreds of cells."""
    # Escaped with the standard library and joined as plain text: format_html_join passes every
    # cell through Django's lazy-text-aware helpers, a fifth of an indicator's page for its ward table.
    cells = (NUMERIC_CELL.format(escape(figure(point.value if point else None, unit))) for point in points)
    return mark_safe("".join(cells))  # noqa: S308


@register.simple_tag
def travel(comparison: Comparison) -> SafeString:
    """`{% travel latest.previous %}`: "<strong>Better</strong> than Q1 2025/26 (1,234)", or why the
    quarters are not compared. A tag rather than an include: it is on every row of long tables."""
    label, earlier = comparison.quarter.label, comparison.earlier
    if comparison.travel == Travel.NOT_COMPARED or earlier is None:
        if earlier:
            return format_html("Not compared with {}: part of a quarter only", label)
        return format_html("No figure for {}", label)
    word = "Same" if comparison.travel == Travel.SAME else comparison.travel.label
    joiner = "as" if comparison.travel == Travel.SAME else "than"
    return format_html(
        "<strong>{}</strong> {} {} ({})", word, joiner, label, figure_text(earlier.value, comparison.unit)
    )
