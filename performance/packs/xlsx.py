"""The pack as an Excel workbook: one sheet per section, as tables that sort and filter.

Every sheet holds an Excel table (so a reader can sort and filter it without breaking anything),
the indicator trends carry native Excel line charts, and the "Figures" sheet repeats every figure
in the pack one to a row, for anyone who wants to compute with them.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from performance.packs.figures import Row, change_rows, pack_figures
from performance.packs.presenters import GENERAL_RELEASE, RAG_LABELS, cover_rows, rag_label
from performance.packs.snapshot import Snapshot

TABLE_STYLE = "Table Style Medium 2"


def pack_xlsx_render(*, snapshot: Snapshot, cover: dict[str, Any], version: int) -> bytes:
    buffer = io.BytesIO()
    # in_memory keeps XlsxWriter off the disk: the service decides where the finished file goes.
    # strings_to_formulas off: a title typed as "=HYPERLINK(...)" is text, never a live formula.
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "default_date_format": "d mmmm yyyy",
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {
            "title": f"{snapshot['partnership']['name']} performance pack, {snapshot['quarter']['label']}",
            "subject": f"Version {version}, {GENERAL_RELEASE}",
            "author": snapshot["partnership"]["name"],
            "comments": f"Data as at {snapshot['taken_at']}",
        }
    )
    dates = workbook.add_format({"num_format": "d mmmm yyyy"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    boards = snapshot["boards"]

    _table(
        workbook,
        "Cover",
        ["Item", "Detail"],
        [
            *([label, value] for label, value in cover_rows({**cover, "classification": GENERAL_RELEASE})),
            ["Quarter", snapshot["quarter"]["label"]],
            ["Version", version],
            ["Data as at", snapshot["taken_at"]],
        ],
        widths=[34, 90],
    )
    _table(
        workbook,
        "Summary",
        [
            "Board",
            "Confidential",
            *RAG_LABELS.values(),
            "Open actions",
            "Overdue",
            "Completed in the quarter",
            "Indicators",
            "Tasking outcomes",
            "Escalations",
        ],
        [
            [
                board["name"],
                "Yes" if board["confidential"] else "No",
                *(board["rag_counts"][key] for key in RAG_LABELS),
                board["open_total"],
                *(
                    (None, None, None, None, None)
                    if board["confidential"]
                    else (
                        len(board["overdue"]),
                        len(board["completed"]),
                        len(board["indicators"]),
                        len(board["outcomes"]),
                        len(board["escalations"]),
                    )
                ),
            ]
            for board in boards
        ],
        widths=[34, 12, 8, 8, 8, 10, 9, 9, 11, 11, 16, 12],
    )
    _table(
        workbook,
        "Boards",
        ["Board", "Aim", "Objectives", "Action plan", "Plan version", "Plan status"],
        [
            [
                board["name"],
                board["aim"],
                "\n".join(board["objectives"]),
                board["plan"]["title"] if board["plan"] else None,
                board["plan"]["version"] if board["plan"] else None,
                board["plan"]["status"] if board["plan"] else None,
            ]
            for board in boards
        ],
        widths=[28, 50, 80, 34, 12, 14],
        formats={1: wrap, 2: wrap},
    )
    _table(
        workbook,
        "Actions",
        [
            "Board",
            "List",
            "Action",
            "Objective",
            "Owner",
            "Lead organisation",
            "Places",
            "Due",
            "Completed on",
            "Status",
            "Closed as",
            "Closed on",
            "RAG",
            "Latest update on",
            "Latest update",
        ],
        [
            [
                board["name"],
                listing,
                row["title"],
                row["objective"],
                row["owner"],
                row["lead_organisation"],
                ", ".join(row["places"]),
                _date(row["due_date"]),
                _date(row.get("completed_on")),
                row["status"],
                # An overdue action's, when it was completed or cancelled after the quarter ended.
                row.get("closed_as", ""),
                _date(row.get("closed_on")),
                rag_label(row["rag"]),
                _date(row["latest_update_on"]),
                row["latest_update"],
            ]
            for board in boards
            for listing, key in (("Overdue", "overdue"), ("Completed in the quarter", "completed"))
            for row in board[key]
        ],
        widths=[22, 11, 50, 10, 22, 28, 24, 16, 16, 12, 12, 16, 10, 16, 60],
        formats={7: dates, 8: dates, 11: dates, 13: dates, 14: wrap},
    )
    quarters = snapshot["trend_quarters"]
    _table(
        workbook,
        "Indicators",
        [
            "Board",
            "Code",
            "Indicator",
            "Unit",
            "Direction",
            "Places",
            "Baseline",
            "Baseline quarter",
            "Target",
            "Tolerance %",
            *quarters,
            "Part of the quarter only",
            "RAG",
            "Why",
            "Chair's RAG",
            "Chair's reason",
        ],
        [
            [
                board["name"],
                indicator["code"],
                indicator["name"],
                indicator["unit"],
                indicator["direction"],
                ", ".join(indicator["places"]),
                indicator["baseline"],
                indicator["baseline_quarter"],
                indicator["target"],
                indicator["tolerance_percent"],
                *(point["value"] for point in indicator["values"]),
                # Which of the values above count only some of their quarter's months.
                ", ".join(point["quarter"] for point in indicator["values"] if point["partial"]),
                rag_label(indicator["rag"]),
                indicator["rag_explanation"],
                rag_label(indicator["chair_rag"]) if indicator.get("chair_rag") else "",
                indicator.get("chair_reason", ""),
            ]
            for board in boards
            for indicator in board["indicators"]
        ],
        widths=[22, 24, 44, 8, 16, 20, 10, 14, 10, 11, *([12] * len(quarters)), 16, 10, 60, 12, 40],
    )
    _trends(workbook, snapshot)
    _table(
        workbook,
        "Tasking outcomes",
        ["Board", "Date", "Meeting", "Kind of meeting", "Wards", "Outcome", "Summary"],
        [
            [
                board["name"],
                _date(row["date"]),
                row["meeting"],
                row["meeting_kind"],
                ", ".join(row["wards"]),
                row["kind"],
                row["summary"],
            ]
            for board in boards
            for row in board["outcomes"]
        ],
        widths=[22, 16, 44, 20, 30, 16, 80],
        formats={1: dates, 6: wrap},
    )
    _table(
        workbook,
        "Escalations",
        ["Board", "Raised", "Escalation", "State", "Description"],
        [
            [board["name"], _date(row["raised_on"]), row["title"], row["state"], row["description"]]
            for board in boards
            for row in board["escalations"]
        ],
        widths=[22, 16, 60, 24, 60],
        formats={1: dates, 4: wrap},
    )
    _table(
        workbook,
        "Changes",
        [
            "Board",
            "Subject",
            "Measure",
            snapshot["previous_quarter"]["label"],
            "Now",
            "Change",
            "Change %",
            "Direction",
        ],
        list(change_rows(snapshot)),
        widths=[22, 44, 22, 14, 12, 12, 10, 14],
    )
    _table(
        workbook,
        "Figures",
        ["Section", "Board", "Subject", "Measure", "Quarter", "Value", "Unit"],
        list(pack_figures(snapshot)),
        widths=[18, 28, 44, 26, 14, 12, 10],
    )
    workbook.close()
    return buffer.getvalue()


def _date(iso: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(iso[:10]) if iso else None


def _table(
    workbook: Workbook,
    name: str,
    headers: list[str],
    rows: list[Row],
    *,
    widths: list[int],
    formats: dict[int, Any] | None = None,
) -> Worksheet:
    """A sheet holding one Excel table with a header row, frozen under its headings."""
    sheet = workbook.add_worksheet(name)
    columns = [
        {"header": header, **({"format": (formats or {})[i]} if i in (formats or {}) else {})}
        for i, header in enumerate(headers)
    ]
    # A table needs a row under its headings even when there is nothing to list.
    last_row = max(len(rows), 1)
    sheet.add_table(
        0,
        0,
        last_row,
        len(headers) - 1,
        {"data": rows, "columns": columns, "name": name.replace(" ", ""), "style": TABLE_STYLE},
    )
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    return sheet


def _trends(workbook: Workbook, snapshot: Snapshot) -> None:
    """Values and targets by quarter, one column each, with a line chart per indicator beside them."""
    indicators = [indicator for board in snapshot["boards"] for indicator in board["indicators"]]
    quarters = snapshot["trend_quarters"]
    headers = ["Quarter"]
    for indicator in indicators:
        headers += [f"{indicator['name']} ({indicator['code']})", f"{indicator['name']} ({indicator['code']}) target"]
    rows = [
        [
            quarter,
            *(
                value
                for indicator in indicators
                for value in (indicator["values"][index]["value"], indicator["target"])
            ),
        ]
        for index, quarter in enumerate(quarters)
    ]
    sheet = _table(workbook, "Trends", headers, rows, widths=[14, *([16] * (len(headers) - 1))])
    chart_column = len(headers) + 1
    for number, indicator in enumerate(indicators):
        value_column = 1 + 2 * number
        chart = workbook.add_chart({"type": "line"})
        chart.add_series(
            {
                "name": ["Trends", 0, value_column],
                "categories": ["Trends", 1, 0, len(quarters), 0],
                "values": ["Trends", 1, value_column, len(quarters), value_column],
                "marker": {"type": "circle"},
                "line": {"color": "#1d70b8", "width": 2.25},
            }
        )
        if indicator["target"] is not None:
            chart.add_series(
                {
                    "name": "Target",
                    "categories": ["Trends", 1, 0, len(quarters), 0],
                    "values": ["Trends", 1, value_column + 1, len(quarters), value_column + 1],
                    "line": {"color": "#505a5f", "dash_type": "dash", "width": 1.5},
                }
            )
        chart.set_title({"name": indicator["name"], "name_font": {"size": 11}})
        chart.set_y_axis({"name": indicator["unit"] or "Value"})
        chart.set_legend({"position": "bottom"})
        sheet.insert_chart(1 + 16 * number, chart_column, chart, {"x_scale": 1.2, "y_scale": 1.0})
