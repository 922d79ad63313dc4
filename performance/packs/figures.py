"""The pack's figures as rows: what changed since last quarter, and every figure the pack prints.

The workbook's "Changes" and "Figures" sheets are these rows; kept apart from the workbook so that
the list of figures reads as one thing, whatever the sheets around it look like.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from performance.packs.presenters import RAG_LABELS
from performance.packs.snapshot import Snapshot

Row = list[Any]

TOTALS = {
    "open_actions": "Open actions",
    "overdue": "Overdue actions",
    "completed": "Actions completed in the quarter",
    "indicators": "Indicators",
    "outcomes": "Tasking outcomes",
    "escalations": "Escalations",
}


def change_rows(snapshot: Snapshot) -> Iterator[Row]:
    """(board, subject, measure, before, now, change, change %, direction) for each thing that can move."""
    for board in snapshot["changes"]["boards"]:
        before = board["rag_before"] or {}
        for key, label in RAG_LABELS.items():
            now = board["rag_now"][key]
            then = before.get(key) if board["rag_before"] else None
            yield [
                board["name"],
                "Actions",
                f"{label} actions",
                then,
                now,
                None if then is None else now - then,
                None,
                None,
            ]
        for item in board.get("indicators", []):
            yield [
                board["name"],
                item["name"],
                "Value",
                item["previous"],
                item["current"],
                item["change"],
                item["change_percent"],
                item["direction"],
            ]
        for title in board.get("newly_completed", []):
            yield [board["name"], title, "Completed since last quarter's pack", None, None, None, None, None]
        for title in board.get("newly_overdue", []):
            yield [board["name"], title, "Overdue since last quarter's pack", None, None, None, None, None]


def pack_figures(snapshot: Snapshot) -> Iterator[Row]:
    """Every figure the pack prints, as (section, board, subject, measure, quarter, value, unit)."""
    quarter = snapshot["quarter"]["label"]
    summary = snapshot["summary"]
    for key, label in RAG_LABELS.items():
        yield [
            "Executive summary",
            "All boards",
            "Actions",
            f"{label} actions",
            quarter,
            summary["rag_counts"][key],
            "actions",
        ]
    for measure, label in TOTALS.items():
        yield ["Executive summary", "All boards", "Totals", label, quarter, summary[measure], ""]
    for key, label in RAG_LABELS.items():
        yield [
            "Executive summary",
            "All boards",
            "Indicators",
            f"{label} indicators",
            quarter,
            summary["indicator_rag_counts"][key],
            "indicators",
        ]
    for board in snapshot["boards"]:
        name = board["name"]
        for key, label in RAG_LABELS.items():
            yield ["Action plan", name, "Actions", f"{label} actions", quarter, board["rag_counts"][key], "actions"]
        yield ["Action plan", name, "Actions", "Open actions", quarter, board["open_total"], "actions"]
        if board["confidential"]:
            continue
        yield ["Action plan", name, "Actions", "Overdue actions", quarter, len(board["overdue"]), "actions"]
        yield [
            "Action plan",
            name,
            "Actions",
            "Actions completed in the quarter",
            quarter,
            len(board["completed"]),
            "actions",
        ]
        for indicator in board["indicators"]:
            subject, unit = indicator["name"], indicator["unit"]
            for point in indicator["values"]:
                measure = "Value, part of the quarter only" if point.get("partial") else "Value"
                yield ["Indicators", name, subject, measure, point["quarter"], point["value"], unit]
            yield ["Indicators", name, subject, "Target", quarter, indicator["target"], unit]
            yield ["Indicators", name, subject, "Baseline", indicator["baseline_quarter"], indicator["baseline"], unit]
            yield ["Indicators", name, subject, "Tolerance", quarter, indicator["tolerance_percent"], "%"]
        yield ["Tasking outcomes", name, "Outcomes", "Outcomes in the quarter", quarter, len(board["outcomes"]), ""]
        yield ["Escalations", name, "Escalations", "Escalations in the quarter", quarter, len(board["escalations"]), ""]
    for board in snapshot["changes"]["boards"]:
        for item in board.get("indicators", []):
            yield [
                "Changes",
                board["name"],
                item["name"],
                "Change since last quarter",
                quarter,
                item["change"],
                item["unit"],
            ]
            yield [
                "Changes",
                board["name"],
                item["name"],
                "Change since last quarter, %",
                quarter,
                item["change_percent"],
                "%",
            ]
