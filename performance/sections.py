"""Performance's contribution to other apps' pages."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from boards.models import Board
from performance.charts import line_chart_svg
from performance.filters import IndicatorFilter
from performance.models import Indicator
from performance.rag import figure, latest_whole
from performance.selectors import (
    indicator_detail,
    indicator_series,
    indicator_summaries,
    indicator_summaries_by_board,
    indicators_visible,
)
from swp.models import Partnership, User
from swp.sections import Section
from swp.types import AuthenticatedRequest


def board_indicators(*, reader: User, board: Board) -> dict[str, Any] | None:
    """The board's indicators with their latest rating; the board page checked the board is visible."""
    indicators = board.indicators.select_related("board").order_by("code")
    summaries = indicator_summaries(indicators=indicators)
    if not summaries:
        return None
    return {"board": board, "summaries": summaries}


def indicator_heading(*, reader: User, indicator: Indicator) -> dict[str, Any]:
    return {"indicator": indicator}


def indicator_controls(*, request: AuthenticatedRequest, indicator: Indicator) -> dict[str, Any] | None:
    """What the person may do with the indicator: buttons under its name."""
    user = request.user
    can_record = user.has_perm("performance.record_measurement", indicator)
    can_change = user.has_perm("performance.change_indicator", indicator)
    may_rate = user.has_perm("performance.rate_indicator", indicator)
    if not (can_record or can_change or may_rate):
        return None
    # Only a quarter with a whole value can be rated: the indicator's own series says whether there
    # is one, read only for those who may rate (the figures section reads the whole detail).
    can_rate = may_rate and latest_whole(indicator_series(indicator=indicator)) is not None
    return {"indicator": indicator, "can_record": can_record, "can_rate": can_rate, "can_change": can_change}


def indicator_figures(*, reader: User, indicator: Indicator) -> dict[str, Any]:
    """The latest whole quarter, the chart, every quarter's figures, and the indicator's settings."""
    detail = indicator_detail(indicator=indicator)
    return {
        "indicator": indicator,
        "detail": detail,
        "chart": line_chart_svg(
            chart_id="indicator-chart",
            name=indicator.name,
            points=[row.assessment.point for row in detail.rows],
            target=indicator.target,
            unit=indicator.unit,
        ),
        "target_text": figure(indicator.target, indicator.unit) if indicator.target is not None else None,
        "baseline_text": (
            figure(indicator.baseline_value, indicator.unit) if indicator.baseline_value is not None else None
        ),
    }


def indicator_list(*, reader: User, partnership: Partnership, query: QueryDict) -> dict[str, Any]:
    """Every indicator the reader may see, by board, filtered as the address asks."""
    found = IndicatorFilter(
        query, queryset=indicators_visible(user=reader, partnership=partnership), user=reader, partnership=partnership
    )
    groups = indicator_summaries_by_board(indicators=found.qs)
    return {"filter": found, "boards": groups, "count": sum(len(group.summaries) for group in groups)}


PAGE_SECTIONS = [
    ("board", Section("performance/sections/board_indicators.html", board_indicators, order=40, shared=True)),
    ("indicators", Section("performance/sections/indicator_list.html", indicator_list, shared=True, whole_query=True)),
    ("indicator", Section("performance/sections/indicator_heading.html", indicator_heading, order=10, shared=True)),
    ("indicator", Section("performance/sections/indicator_controls.html", indicator_controls, order=20)),
    ("indicator", Section("performance/sections/indicator_figures.html", indicator_figures, order=30, shared=True)),
]
