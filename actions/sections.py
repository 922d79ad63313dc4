from typing import Any

from actions.selectors import plan_current, progress_updates_recent, rag_summary
from boards.models import Board
from swp.types import AuthenticatedRequest


def board_plan_summary(*, request: AuthenticatedRequest, board: Board) -> dict[str, Any] | None:
    """The board page's view of its plan: the RAG summary of the plan in force and the latest updates."""
    if board.is_external:
        return None  # a linked board keeps its own plan outside the partnership
    plan = plan_current(board=board)
    if plan is None:
        return {"board": board, "plan": None}
    return {
        "board": board,
        "plan": plan,
        "summary": rag_summary(plan=plan),
        "updates": progress_updates_recent(plan=plan),
    }
