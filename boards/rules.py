"""Who may do what on a board: its chair, vice-chair, members and action owners, and who may see it.

Confidentiality comes first: a person without the board's required clearance may do nothing with
it, whatever role they hold, and views answer them as if the board did not exist. The same goes
for a meeting that feeds such a board, its outcomes and the escalations it raised.
"""

from __future__ import annotations

import rules

from boards.choices import BoardKind, MembershipRole
from boards.models import Board, BoardQuerySet, Escalation, Meeting
from swp.rules import is_admin, is_executive, is_signed_in, is_tasking_officer

CHAIR_ROLES = frozenset({MembershipRole.CHAIR, MembershipRole.VICE_CHAIR})


def board_roles(user) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
    """The person's roles on each board, read once per request-scoped user object."""
    cached = user.__dict__.get("_board_roles")
    if cached is None:
        cached = {}
        if user.is_authenticated:
            for board_id, role in user.memberships.order_by().values_list("board_id", "role"):
                cached.setdefault(board_id, set()).add(role)
        user.__dict__["_board_roles"] = cached
    return cached


@rules.predicate
def can_see_board(user, board: Board | None) -> bool:  # type: ignore[no-untyped-def]
    if board is None or not user.is_authenticated or not user.is_active:
        return False
    return user.clearance >= board.required_clearance


@rules.predicate
def chairs_board(user, board: Board | None) -> bool:  # type: ignore[no-untyped-def]
    if board is None or not user.is_authenticated:
        return False
    return bool(board_roles(user).get(board.pk, set()) & CHAIR_ROLES)


@rules.predicate
def sits_on_board(user, board: Board | None) -> bool:  # type: ignore[no-untyped-def]
    if board is None or not user.is_authenticated:
        return False
    return board.pk in board_roles(user)


def _chairs_a_board_among(user, boards: BoardQuerySet, *, remembered_as: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the person chairs one of `boards`, asked once per request-scoped user object."""
    if not user.is_authenticated:
        return False
    cached = user.__dict__.get(remembered_as)
    if cached is None:
        chaired = [board_id for board_id, roles in board_roles(user).items() if roles & CHAIR_ROLES]
        cached = bool(chaired) and boards.filter(pk__in=chaired).exists()
        user.__dict__[remembered_as] = cached
    return cached


@rules.predicate
def chairs_a_partnership_board(user) -> bool:  # type: ignore[no-untyped-def]
    # A linked board (Health and Wellbeing, say) keeps its own meetings: its chair records none here.
    partnership_boards = Board.objects.exclude(kind=BoardKind.EXTERNAL)
    return _chairs_a_board_among(user, partnership_boards, remembered_as="_chairs_partnership_board")


@rules.predicate
def chairs_executive_board(user) -> bool:  # type: ignore[no-untyped-def]
    executive = Board.objects.filter(kind=BoardKind.EXECUTIVE)
    return _chairs_a_board_among(user, executive, remembered_as="_chairs_executive")


@rules.predicate
def chairs_one_of(user, boards: list[Board] | None) -> bool:  # type: ignore[no-untyped-def]
    return any(chairs_board(user, board) for board in boards or ())


@rules.predicate
def can_see_meeting(user, meeting: Meeting | None) -> bool:  # type: ignore[no-untyped-def]
    if meeting is None or not user.is_authenticated or not user.is_active:
        return False
    return all(user.clearance >= board.required_clearance for board in meeting.boards.all())


@rules.predicate
def chairs_a_board_of_meeting(user, meeting: Meeting | None) -> bool:  # type: ignore[no-untyped-def]
    if meeting is None:
        return False
    return any(chairs_board(user, board) for board in meeting.boards.all())


@rules.predicate
def can_see_escalation(user, escalation: Escalation | None) -> bool:  # type: ignore[no-untyped-def]
    if escalation is None or not can_see_board(user, escalation.board):
        return False
    outcome = escalation.source_outcome
    return outcome is None or can_see_meeting(user, outcome.meeting)


@rules.predicate
def is_with_executive(user, escalation: Escalation | None) -> bool:  # type: ignore[no-untyped-def]
    # Raised to the Executive itself, it is the Executive's to answer from the start.
    return escalation is not None and (escalation.with_executive or escalation.board.is_executive)


@rules.predicate
def chairs_escalation_board(user, escalation: Escalation | None) -> bool:  # type: ignore[no-untyped-def]
    return escalation is not None and chairs_board(user, escalation.board)


# The Executive drives performance across the boards: its chair and the partnership's Executive
# members answer for an escalation once it has gone up to them.
speaks_for_executive = is_executive | chairs_executive_board

rules.add_perm("boards.view_board", can_see_board)

rules.add_perm("boards.view_meetings", is_signed_in)
rules.add_perm("boards.add_meeting", is_signed_in & (is_tasking_officer | is_admin | chairs_a_partnership_board))
# A chair records meetings only for boards they chair; officers and administrators for any board.
rules.add_perm("boards.record_meeting_for", is_tasking_officer | is_admin | chairs_one_of)
rules.add_perm("boards.view_meeting", can_see_meeting)
rules.add_perm("boards.change_meeting", can_see_meeting & (is_tasking_officer | is_admin | chairs_a_board_of_meeting))

rules.add_perm("boards.view_escalations", is_signed_in)
rules.add_perm("boards.view_escalation", can_see_escalation)
# Accept, decline, resolve or send up: the board's chair until it reaches the Executive, then the Executive.
rules.add_perm(
    "boards.act_on_escalation",
    can_see_escalation
    & (is_admin | (~is_with_executive & chairs_escalation_board) | (is_with_executive & speaks_for_executive)),
)
