"""How a pack's figures, dates and statuses read: shared by the PDF, the workbook and the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from performance.rag import figure, is_percentage

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "not_rated": "Not rated"}

# The cover block of a committee report, in the order and words the committee's template uses.
COVER_FIELDS: tuple[tuple[str, str], ...] = (
    ("committee", "Committee"),
    ("meeting_date", "Date"),
    ("classification", "Classification"),
    ("title", "Title"),
    ("report_of", "Report of"),
    ("cabinet_member_portfolio", "Cabinet Member Portfolio"),
    ("wards_involved", "Wards Involved"),
    ("policy_context", "Policy Context"),
    ("author", "Report Author"),
    ("contact", "Contact Details"),
)
GENERAL_RELEASE = "General Release"


def format_figure(value: float | None, unit: str = "") -> str:
    """A snapshot's value written as the indicator pages write it (performance/rag.py's figure)."""
    if value is None:
        return "No value"
    return figure(Decimal(str(value)), unit)


def format_change(value: float | None, unit: str = "") -> str:
    """A change with its sign. A percentage changes by points: 70.87% to 63.43% is -7.44 points
    (a fall of 10.5%), which "-7.44%" would misstate, as the indicator pages also say."""
    if value is None:
        return "Not compared"
    sign = "+" if value > 0 else ""
    if is_percentage(unit):
        return f"{sign}{format_figure(value)} points"
    return f"{sign}{format_figure(value, unit)}"


def format_percent_change(value: float) -> str:
    """A relative change, such as "-10.5%"."""
    return f"{format_change(value)}%"


def counted(number: int, noun: str) -> str:
    """ "1 open action", "3 open actions": a count with its noun, plural by adding s."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def was_or_were(number: int) -> str:
    return "was" if number == 1 else "were"


def format_date(iso: str | None) -> str:
    if not iso:
        return ""
    return datetime.date.fromisoformat(iso[:10]).strftime("%-d %B %Y")


def format_datetime(iso: str | None) -> str:
    if not iso:
        return ""
    moment = datetime.datetime.fromisoformat(iso)
    return f"{moment:%-d %B %Y} at {moment:%H:%M}"


def rag_label(rag: str) -> str:
    return RAG_LABELS.get(rag, rag)


def cover_rows(cover: dict[str, Any]) -> list[tuple[str, str]]:
    """The cover block as (label, text) rows; the meeting date is stored as an ISO date."""
    rows = []
    for key, label in COVER_FIELDS:
        value = cover.get(key, "")
        rows.append((label, format_date(value) if key == "meeting_date" else str(value)))
    return rows


def pack_file_stem(*, short_name: str, quarter_slug: str, version: int) -> str:
    """The name a pack's files are downloaded under, e.g. swp-performance-pack-2025-26-q2-v1."""
    prefix = slugify(short_name) or "partnership"
    return f"{prefix}-performance-pack-{quarter_slug}-v{version}"
