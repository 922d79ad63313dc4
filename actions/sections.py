from collections.abc import Iterator
from typing import Any

from actions.selectors import plan_current, progress_updates_recent, rag_summary
from actions.selectors.executive import executive_overview
from boards.models import Board
from swp.models import Partnership, User


def board_plan_summary(*, reader: User, board: Board) -> dict[str, Any] | None:
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


def executive_overview_section(*, reader: User, partnership: Partnership) -> dict[str, Any]:
    """The Executive's view across the boards the reader may see (the page checked who may open it)."""
    return {"overview": executive_overview(user=reader, partnership=partnership)}


def executive_shown_for(reader: User) -> Iterator[dict[str, Any]]:
    """The partnerships whose Executive overview the worker renders ahead."""
    for partnership in Partnership.objects.order_by("pk"):
        yield {"partnership": partnership}
