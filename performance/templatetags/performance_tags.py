"""Showing figures and ratings the same way on every performance page."""

from __future__ import annotations

from decimal import Decimal

from django import template

from actions.choices import Rag
from performance.rag import figure as figure_text

register = template.Library()


@register.filter
def figure(value: Decimal | int | None, unit: str = "") -> str:
    """1,234 or 72.5% rather than 1234.00; words, which a screen reader reads, where there is no value."""
    if value is None:
        return "No value"
    return figure_text(Decimal(value), unit)


@register.inclusion_tag("performance/includes/rag_tag.html")
def rag_tag(rag: str | None) -> dict[str, str]:
    """A RAG tag that never relies on colour alone: it always says the word."""
    if not rag:
        return {"modifier": "none", "label": "Not rated"}
    return {"modifier": rag, "label": Rag(rag).label}
