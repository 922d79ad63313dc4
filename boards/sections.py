from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from boards.filters import EscalationFilter, MeetingFilter
from boards.models import Board
from boards.rules import sits_on_board
from boards.selectors import (
    board_meetings_recent,
    board_members,
    board_tree,
    calendar_feed_token,
    escalations_open_by_board,
    escalations_visible,
    meetings_visible,
)
from swp.models import Partnership, User
from swp.pagination import page_asked
from swp.sections import Section
from swp.types import AuthenticatedRequest


def home_board_structure(*, request: AuthenticatedRequest, partnership: Partnership) -> dict[str, Any]:
    tree = board_tree(partnership=partnership, user=request.user)
    return {"tree": tree, "linked": [node for node in tree if node.board.is_external]}


def board_meetings(*, reader: User, board: Board) -> dict[str, Any] | None:
    """The board's latest meetings."""
    if board.is_external:
        return None  # a linked board's meetings are not kept here; no meeting can be recorded for it
    return {"board": board, "meetings": board_meetings_recent(board=board, user=reader)}


def board_calendar(*, request: AuthenticatedRequest, board: Board) -> dict[str, Any] | None:
    """For the board's members, their own link to follow its meetings in a calendar app."""
    if board.is_external or not sits_on_board(request.user, board):
        return None
    path = reverse("board-calendar", args=[board.slug])
    return {
        "board": board,
        "calendar_url": request.build_absolute_uri(f"{path}?token={calendar_feed_token(user=request.user)}"),
    }


def board_escalations(*, reader: User, board: Board) -> dict[str, Any] | None:
    if board.is_external:
        return None  # nothing can be escalated to a linked board here
    return {"board": board, "escalations": escalations_open_by_board(user=reader, board_ids=[board.pk])[board.pk]}


def board_people(*, reader: User, board: Board) -> dict[str, Any]:
    return {"members": board_members(board=board)}


def escalation_ledger(*, reader: User, partnership: Partnership, query: QueryDict) -> dict[str, Any]:
    """Every escalation the reader may see, latest first, filtered and paged as the address asks."""
    filters = EscalationFilter(
        query or None,
        queryset=escalations_visible(user=reader).order_by("-raised_at", "-pk"),
        user=reader,
        partnership=partnership,
    )
    return {
        "age_days": settings.ESCALATION_AGE_DAYS,
        "filters": filters,
        "page": page_asked(query, filters.qs),
        "query": query,
    }


def meeting_ledger(*, reader: User, partnership: Partnership, query: QueryDict) -> dict[str, Any]:
    """Every meeting the reader may see, latest first, filtered and paged as the address asks."""
    filters = MeetingFilter(
        query or None,
        queryset=meetings_visible(user=reader).order_by("-starts_at", "-pk"),
        user=reader,
        partnership=partnership,
    )
    return {"filters": filters, "page": page_asked(query, filters.qs), "query": query}


PAGE_SECTIONS = [
    ("home", Section("boards/sections/home_structure.html", home_board_structure, order=50)),
    ("board", Section("boards/sections/board_escalations.html", board_escalations, order=60, shared=True)),
    ("board", Section("boards/sections/board_meetings.html", board_meetings, order=70, shared=True)),
    ("board", Section("boards/sections/board_calendar.html", board_calendar, order=75)),
    ("board", Section("boards/sections/board_members.html", board_people, order=90, shared=True)),
    (
        "escalations",
        Section("boards/sections/escalation_ledger.html", escalation_ledger, shared=True, whole_query=True),
    ),
    ("meetings", Section("boards/sections/meeting_ledger.html", meeting_ledger, shared=True, whole_query=True)),
]
