from __future__ import annotations

from boards.models import Board
from priorities.models import Objective, Principle, Strategy
from swp.models import Partnership


def strategy_current(*, partnership: Partnership) -> Strategy | None:
    return partnership.strategies.filter(is_current=True).first()


def principles_for(*, partnership: Partnership) -> list[Principle]:
    return list(partnership.principles.all())


def objectives_for(*, board: Board) -> list[Objective]:
    # In the board's own order; the model's default order would join the boards table to sort by board.
    return list(board.objectives.order_by("order"))
