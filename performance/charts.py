"""An indicator's quarters as a line chart, drawn as inline SVG on the server.

Server-drawn so the page needs no JavaScript; the SVG is an image with a text alternative, and the
page puts the same figures in a table beside it, which is what screen-reader users are pointed to.
Presentation attributes only (no style attributes), so a strict Content Security Policy allows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from performance.rag import Point, figure

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 72, 48, 20, 64
# A label such as "Q3 25/26" is about 60 units wide at font size 14: ten fit along the 600-unit axis.
MAX_QUARTER_LABELS = 9
# GOV.UK colours: text black, the values blue, the target dark grey and dashed, so that the two
# lines differ in more than colour; both are above 3:1 against white.
TEXT = "#0b0c0c"
VALUES = "#1d70b8"
TARGET = "#505a5f"
GRID = "#b1b4b6"


@dataclass(frozen=True)
class _Scale:
    bottom: Decimal
    top: Decimal
    step: Decimal

    @classmethod
    def for_values(cls, values: list[Decimal]) -> _Scale:
        """An axis from 0 (or below, for negative values) in about four round steps: 1, 2, 2.5 or 5 x 10^n."""
        largest, smallest = max([*values, Decimal(1)]), min([*values, Decimal(0)])
        raw = (largest - smallest) / 4
        magnitude = Decimal(10) ** raw.adjusted()
        step = next(magnitude * factor for factor in (1, 2, Decimal("2.5"), 5, 10) if magnitude * factor >= raw)
        above = (largest / step).to_integral_value(rounding=ROUND_CEILING)
        below = (-smallest / step).to_integral_value(rounding=ROUND_CEILING)
        return cls(bottom=-(step * below) if below else Decimal(0), top=step * max(above, Decimal(1)), step=step)

    def y(self, value: Decimal) -> str:
        plot = HEIGHT - TOP - BOTTOM
        return f"{TOP + plot - float((value - self.bottom) / (self.top - self.bottom)) * plot:.1f}"


def _x(index: int, count: int) -> str:
    plot = WIDTH - LEFT - RIGHT
    return f"{LEFT + plot / 2 if count == 1 else LEFT + plot * index / (count - 1):.1f}"


def _short(point: Point) -> str:
    """Q3 2025/26 as Q3 25/26, so a dozen quarters fit along the axis."""
    quarter = point.quarter
    return f"Q{quarter.number} {quarter.year % 100:02d}/{(quarter.year + 1) % 100:02d}"


def chart_description(*, name: str, points: list[Point], target: Decimal | None, unit: str) -> str:
    if not points:
        return f"No values have been recorded for {name}."
    first, last = points[0], points[-1]
    text = (
        f"{name}: {len(points)} quarters from {first.quarter.label} to {last.quarter.label}. "
        f"Latest, {last.quarter.label}: {figure(last.value, unit)}"
        f"{' (part of the quarter only)' if last.is_partial else ''}."
    )
    if target is not None:
        text += f" The target is {figure(target, unit)}."
    return text + " Every value is in the table that follows the chart."


def line_chart_svg(*, chart_id: str, name: str, points: list[Point], target: Decimal | None, unit: str) -> SafeString:
    """The chart as an <svg> element; partial quarters are drawn hollow and labelled in the legend."""
    values = [point.value for point in points]
    scale = _Scale.for_values([*values, *([target] if target is not None else [])])
    parts: list[str] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-labelledby="{}-title {}-desc" focusable="false" font-family="arial, sans-serif">',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, f"Chart of {name} by quarter"),
        format_html(
            '<desc id="{}-desc">{}</desc>',
            chart_id,
            chart_description(name=name, points=points, target=target, unit=unit),
        ),
    ]
    tick = scale.bottom
    while tick <= scale.top:
        y = scale.y(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" dy="5" text-anchor="end" font-size="14" fill="{}">{}</text>',
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                GRID,
                LEFT - 8,
                y,
                TEXT,
                figure(tick),
            )
        )
        tick += scale.step
    # Counted back from the newest quarter, which is always labelled, so that no two labels meet.
    every = -(-len(points) // MAX_QUARTER_LABELS)
    for index, point in enumerate(points):
        if (len(points) - 1 - index) % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="{}">{}</text>',
                    _x(index, len(points)),
                    HEIGHT - BOTTOM + 22,
                    TEXT,
                    _short(point),
                )
            )
    if target is not None:
        y = scale.y(target)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" stroke-dasharray="10 6"/>',
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                TARGET,
            )
        )
    if points:
        coordinates = " ".join(f"{_x(i, len(points))},{scale.y(p.value)}" for i, p in enumerate(points))
        parts.append(
            format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>', coordinates, VALUES)
        )
        for index, point in enumerate(points):
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="6" fill="{}" stroke="{}" stroke-width="3"/>',
                    _x(index, len(points)),
                    scale.y(point.value),
                    "#ffffff" if point.is_partial else VALUES,
                    VALUES,
                )
            )
    parts.append(_legend(target is not None, any(point.is_partial for point in points)))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every part above is built with format_html


def _legend(with_target: bool, with_partial: bool) -> str:
    y = HEIGHT - 18
    items = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>'
            '<circle cx="{}" cy="{}" r="6" fill="{}"/>'
            '<text x="{}" y="{}" font-size="14" fill="{}">Value</text>',
            LEFT,
            y,
            LEFT + 30,
            y,
            VALUES,
            LEFT + 15,
            y,
            VALUES,
            LEFT + 38,
            y + 5,
            TEXT,
        )
    ]
    x = LEFT + 110
    if with_target:
        items.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" stroke-dasharray="10 6"/>'
                '<text x="{}" y="{}" font-size="14" fill="{}">Target</text>',
                x,
                y,
                x + 36,
                y,
                TARGET,
                x + 44,
                y + 5,
                TEXT,
            )
        )
        x += 120
    if with_partial:
        items.append(
            format_html(
                '<circle cx="{}" cy="{}" r="6" fill="#ffffff" stroke="{}" stroke-width="3"/>'
                '<text x="{}" y="{}" font-size="14" fill="{}">Part of the quarter only</text>',
                x + 8,
                y,
                VALUES,
                x + 22,
                y + 5,
                TEXT,
            )
        )
    return "".join(items)
