from typing import Any

from django.urls import reverse

from boards.models import Board
from boards.rules import sits_on_board
from boards.selectors import board_meetings_recent, board_tree, calendar_feed_token, escalations_open_by_board
from swp.models import Partnership
from swp.types import AuthenticatedRequest


def home_board_structure(*, request: AuthenticatedRequest, partnership: Partnership) -> dict[str, Any]:
    tree = board_tree(partnership=partnership, user=request.user)
    return {"tree": tree, "linked": [node for node in tree if node.board.is_external]}


def board_meetings(*, request: AuthenticatedRequest, board: Board) -> dict[str, Any] | None:
    """The board's latest meetings, and for its members a calendar link to follow them all."""
    if board.is_external:
        return None  # a linked board's meetings are not kept here; no meeting can be recorded for it
    calendar_url = None
    if sits_on_board(request.user, board):
        path = reverse("board-calendar", args=[board.slug])
        calendar_url = request.build_absolute_uri(f"{path}?token={calendar_feed_token(user=request.user)}")
    return {
        "board": board,
        "meetings": board_meetings_recent(board=board, user=request.user),
        "calendar_url": calendar_url,
    }


def board_escalations(*, request: AuthenticatedRequest, board: Board) -> dict[str, Any] | None:
    if board.is_external:
        return None  # nothing can be escalated to a linked board here
    return {"board": board, "escalations": escalations_open_by_board(user=request.user, board_ids=[board.pk])[board.pk]}
