"""Indicator trend charts for the PDF, drawn once per pack as SVG with matplotlib.

Each chart is an image with its figures repeated in a table and in its alternative text beside it
in the PDF, so nobody needs to see the chart to read the trend.
"""

from __future__ import annotations

import base64
import io
from typing import Any

# Figure without pyplot: no display backend and no global state shared between charts or threads.
from matplotlib import rc_context
from matplotlib.figure import Figure

from performance.packs.presenters import format_figure

# GOV.UK colours: blue for the values, dark grey for the target, so the two differ in more than hue
# (the target is also dashed and the values have markers).
VALUE_COLOUR = "#1d70b8"
TARGET_COLOUR = "#505a5f"
FONT = "Liberation Sans"
PARTIAL = " (part of the quarter)"


def trend_chart_data_uri(indicator: dict[str, Any], quarters: list[str]) -> str:
    """A small line chart of the indicator's values by quarter, with its target, as an SVG data URI."""
    figure = Figure(figsize=(6.2, 2.3), dpi=72)
    axes = figure.add_subplot()
    values = [point["value"] for point in indicator["values"]]
    positions = list(range(len(quarters)))
    axes.plot(positions, values, color=VALUE_COLOUR, marker="o", linewidth=2, label="Value")
    if indicator["target"] is not None:
        axes.axhline(indicator["target"], color=TARGET_COLOUR, linestyle="--", linewidth=1.5, label="Target")
    axes.set_xticks(positions, quarters, fontsize=8, fontfamily=FONT)
    axes.tick_params(axis="y", labelsize=8)
    for label in axes.get_yticklabels():
        label.set_fontfamily(FONT)
    if indicator["unit"]:
        axes.set_ylabel(indicator["unit"], fontsize=8, fontfamily=FONT)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="best", fontsize=8, frameon=False, prop={"family": FONT, "size": 8})
    figure.tight_layout()
    buffer = io.BytesIO()
    # Text stays text (fonttype none) rather than one path per glyph: a tenth of the size, and the
    # PDF draws it in the pack's own font.
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def trend_chart_description(indicator: dict[str, Any]) -> str:
    """The chart in words, for its alternative text."""
    unit = indicator["unit"]
    points = ", ".join(
        f"{point['quarter']} {format_figure(point['value'], unit)}{PARTIAL if point['partial'] else ''}"
        for point in indicator["values"]
    )
    target = f"; target {format_figure(indicator['target'], unit)}" if indicator["target"] is not None else ""
    return f"Trend of {indicator['name']}: {points}{target}."
