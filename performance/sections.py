"""Performance's contribution to other apps' pages."""

from __future__ import annotations

from typing import Any

from boards.models import Board
from performance.selectors import indicator_summaries
from swp.models import User


def board_indicators(*, reader: User, board: Board) -> dict[str, Any] | None:
    """The board's indicators with their latest rating; the board page checked the board is visible."""
    indicators = board.indicators.select_related("board").order_by("code")
    summaries = indicator_summaries(indicators=indicators)
    if not summaries:
        return None
    return {"board": board, "summaries": summaries}
