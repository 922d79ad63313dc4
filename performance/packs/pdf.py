"""The pack as a tagged, accessible PDF (PDF/UA-1): WeasyPrint rendering Django templates.

The templates in templates/performance/pack_document/ get text ready to print: this module turns
the snapshot's numbers, dates and statuses into words once, so the templates hold no logic.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from performance.charts import line_chart_svg
from performance.packs.presenters import (
    GENERAL_RELEASE,
    RAG_LABELS,
    counted,
    cover_rows,
    format_change,
    format_date,
    format_datetime,
    format_figure,
    format_percent_change,
    rag_label,
    was_or_were,
)
from performance.packs.snapshot import Snapshot
from performance.rag import Point
from swp.quarters import FinancialQuarter

# Each board's long lists stop at this many rows in the PDF: at council scale they ran to a
# hundred pages, and WeasyPrint lays out a page in about a sixth of a second. The workbook keeps
# every row.
PDF_LIST_LIMIT = 15
WORKBOOK_NOTE = "the Excel workbook that accompanies this pack lists them all"
PARTIAL = " (part of the quarter)"


def pack_pdf_render(*, snapshot: Snapshot, cover: dict[str, Any], version: int) -> bytes:
    html = render_to_string("performance/pack_document/pack.html", document_context(snapshot, cover, version))
    # pdf/ua-1 tags the document's structure (headings, tables, figures with their alternative
    # text) so that screen readers can read it, and WeasyPrint refuses what would break that.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def document_context(snapshot: Snapshot, cover: dict[str, Any], version: int) -> dict[str, Any]:
    quarter = snapshot["quarter"]["label"]
    title = cover.get("title") or f"Performance report for {quarter}"
    boards = [_board(board, number, snapshot) for number, board in enumerate(snapshot["boards"], start=2)]
    return {
        "title": title,
        "document_title": f"{title}: {quarter}, version {version}",
        "classification": GENERAL_RELEASE,
        "partnership": snapshot["partnership"]["name"],
        "quarter": quarter,
        "version": version,
        "cover_rows": cover_rows({**cover, "classification": GENERAL_RELEASE}),
        "summary": _summary(snapshot),
        "boards": boards,
        "changes_number": len(boards) + 2,
        "changes": _changes(snapshot),
        "taken_at": format_datetime(snapshot["taken_at"]),
        "as_of": format_date(snapshot["as_of"]),
        "trend_quarters": snapshot["trend_quarters"],
        "quarter_start": format_date(snapshot["quarter"]["start"]),
        "quarter_end": format_date(snapshot["quarter"]["end"]),
        "list_limit": PDF_LIST_LIMIT,
    }


def _rag_cells(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"label": label, "count": counts.get(key, 0)} for key, label in RAG_LABELS.items()]


def _summary(snapshot: Snapshot) -> dict[str, Any]:
    summary = snapshot["summary"]
    rag = summary["rag_counts"]
    return {
        "rag_cells": _rag_cells(rag),
        "overdue": summary["overdue"],
        "completed": summary["completed"],
        "sentences": [
            f"{counted(summary['open_actions'], 'open action')} across {counted(summary['boards'], 'board')}: "
            f"{rag['green']} green, {rag['amber']} amber, {rag['red']} red and {rag['not_rated']} not yet rated.",
            f"{counted(summary['overdue'], 'action')} {was_or_were(summary['overdue'])} overdue at "
            f"{format_date(snapshot['as_of'])} and {summary['completed']} {was_or_were(summary['completed'])} "
            "completed in the quarter.",
            f"{counted(summary['indicators'], 'indicator')}: {summary['indicator_rag_counts']['green']} green, "
            f"{summary['indicator_rag_counts']['amber']} amber, {summary['indicator_rag_counts']['red']} red "
            f"and {summary['indicator_rag_counts']['not_rated']} not rated.",
            f"Tasking and problem-solving meetings recorded {counted(summary['outcomes'], 'outcome')}, and "
            f"{counted(summary['escalations'], 'escalation')} {was_or_were(summary['escalations'])} raised or "
            "moved on in the quarter.",
        ],
        "rows": [
            {
                "name": board["name"],
                "rag_cells": _rag_cells(board["rag_counts"]),
                # A confidential board's overdue and completed actions are not for general release.
                "overdue": "Not reported" if board["confidential"] else len(board["overdue"]),
                "completed": "Not reported" if board["confidential"] else len(board["completed"]),
            }
            for board in snapshot["boards"]
        ],
    }


def _action(row: dict[str, Any]) -> dict[str, Any]:
    closed = f" ({row['closed_as'].lower()} on {format_date(row['closed_on'])})" if row.get("closed_on") else ""
    return {
        **row,
        "due": format_date(row["due_date"]) + closed,
        "rag_label": rag_label(row["rag"]),
        "places_text": ", ".join(row["places"]),
        "latest_update_date": format_date(row["latest_update_on"]),
    }


def _indicator(indicator: dict[str, Any]) -> dict[str, Any]:
    unit = indicator["unit"]
    return {
        **indicator,
        "rag_label": rag_label(indicator["rag"]),
        "chair_rag_label": rag_label(indicator["chair_rag"]),
        "target_text": format_figure(indicator["target"], unit) if indicator["target"] is not None else "None set",
        "baseline_text": format_figure(indicator["baseline"], unit) if indicator["baseline"] is not None else "",
        "value_rows": [
            {
                "quarter": point["quarter"],
                "value": format_figure(point["value"], unit),
                "partial": point["partial"],
            }
            for point in indicator["values"]
        ],
        "chart": _trend_chart_data_uri(indicator),
        "chart_description": _trend_chart_description(indicator),
    }


def _trend_chart_data_uri(indicator: dict[str, Any]) -> str:
    """The indicator page's own chart, as an image: the figures and target the snapshot holds."""
    points = [
        Point(
            quarter=FinancialQuarter.parse(point["quarter"]),
            value=Decimal(str(point["value"])),
            is_partial=point["partial"],
        )
        for point in indicator["values"]
        if point["value"] is not None
    ]
    target = Decimal(str(indicator["target"])) if indicator["target"] is not None else None
    svg = line_chart_svg(
        chart_id=f"chart-{indicator['code']}",
        name=indicator["name"],
        points=points,
        target=target,
        unit=indicator["unit"],
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _trend_chart_description(indicator: dict[str, Any]) -> str:
    """The chart in words, quarter by quarter, for its alternative text."""
    unit = indicator["unit"]
    points = ", ".join(
        f"{point['quarter']} {format_figure(point['value'], unit)}{PARTIAL if point['partial'] else ''}"
        for point in indicator["values"]
    )
    target = f"; target {format_figure(indicator['target'], unit)}" if indicator["target"] is not None else ""
    return f"Trend of {indicator['name']}: {points}{target}."


def _board(board: dict[str, Any], number: int, snapshot: Snapshot) -> dict[str, Any]:
    overdue = sorted(board["overdue"], key=lambda row: row["due_date"] or "")
    # Snapshots from before schema 2 have no completion dates; their order then stays the plan's.
    completed = sorted(board["completed"], key=lambda row: row.get("completed_on") or "")
    return {
        **board,
        "number": number,
        "anchor": f"board-{board['slug']}",
        "rag_cells": _rag_cells(board["rag_counts"]),
        "overdue": [_action(row) for row in overdue[:PDF_LIST_LIMIT]],
        "overdue_note": _cut_note(len(overdue), "most overdue", "overdue actions"),
        "completed": [_action(row) for row in completed[-PDF_LIST_LIMIT:]],
        "completed_total": len(completed),
        "completed_note": _cut_note(len(completed), "most recently completed", "actions completed in the quarter"),
        "indicators": [_indicator(indicator) for indicator in board["indicators"]],
        "outcomes": [
            {**row, "date_text": format_date(row["date"]), "wards_text": ", ".join(row["wards"])}
            for row in board["outcomes"][-PDF_LIST_LIMIT:]
        ],
        "outcomes_note": _cut_note(len(board["outcomes"]), "latest", "outcomes"),
        "escalations": [
            {**row, "raised_text": format_date(row["raised_on"])} for row in board["escalations"][-PDF_LIST_LIMIT:]
        ],
        "escalations_note": _cut_note(len(board["escalations"]), "latest", "escalations"),
    }


def _cut_note(total: int, which: str, what: str) -> str:
    """The sentence under a list the PDF cut short; empty when it shows every row."""
    if total <= PDF_LIST_LIMIT:
        return ""
    return f"These are the {PDF_LIST_LIMIT} {which} of the board's {total} {what}; {WORKBOOK_NOTE}."


def _titles_text(titles: list[str]) -> str:
    """Titles as one sentence's list, cut short like the PDF's tables."""
    if not titles:
        return "none."
    shown = "; ".join(titles[:PDF_LIST_LIMIT])
    if len(titles) <= PDF_LIST_LIMIT:
        return f"{shown}."
    return f"{shown}; and {len(titles) - PDF_LIST_LIMIT} more ({WORKBOOK_NOTE})."


def _changes(snapshot: Snapshot) -> dict[str, Any]:
    changes = snapshot["changes"]
    boards = []
    for board in changes["boards"]:
        before = board["rag_before"]
        boards.append(
            {
                **board,
                "newly_completed_text": _titles_text(board.get("newly_completed", [])),
                "newly_overdue_text": _titles_text(board.get("newly_overdue", [])),
                "rag_rows": [
                    {
                        "label": label,
                        "before": before.get(key, 0) if before else "Not known",
                        "now": board["rag_now"].get(key, 0),
                    }
                    for key, label in RAG_LABELS.items()
                ],
                "indicators": [
                    {
                        **item,
                        "previous_text": format_figure(item["previous"], item["unit"]),
                        "current_text": format_figure(item["current"], item["unit"]),
                        "change_text": format_change(item["change"], item["unit"]),
                        "percent_text": format_percent_change(item["change_percent"])
                        if item["change_percent"] is not None
                        else "",
                    }
                    for item in board.get("indicators", [])
                ],
            }
        )
    return {
        "compared_with": changes["compared_with"],
        "boards": boards,
        "previous": snapshot["previous_quarter"]["label"],
    }
