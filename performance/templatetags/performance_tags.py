"""Showing figures the same way on every performance page (ratings: actions' rag_tag)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from performance.rag import figure as figure_text

register = template.Library()


@register.filter
def figure(value: Decimal | int | None, unit: str = "") -> str:
    """1,234 or 72.5% rather than 1234.00; words, which a screen reader reads, where there is no value."""
    if value is None:
        return "No value"
    return figure_text(Decimal(value), unit)
