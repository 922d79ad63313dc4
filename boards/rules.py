"""Who may do what on a board: its chair, vice-chair, members and action owners, and who may see it.

Confidentiality comes first: a person without the board's required clearance may do nothing with
it, whatever role they hold, and views answer them as if the board did not exist.
"""

from __future__ import annotations

import rules

from boards.choices import MembershipRole
from boards.models import Board


def board_roles(user) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
    """The person's roles on each board, read once per request-scoped user object."""
    cached = user.__dict__.get("_board_roles")
    if cached is None:
        cached = {}
        if user.is_authenticated:
            for board_id, role in user.memberships.values_list("board_id", "role"):
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
    return bool(board_roles(user).get(board.pk, set()) & {MembershipRole.CHAIR, MembershipRole.VICE_CHAIR})


@rules.predicate
def sits_on_board(user, board: Board | None) -> bool:  # type: ignore[no-untyped-def]
    if board is None or not user.is_authenticated:
        return False
    return board.pk in board_roles(user)


rules.add_perm("boards.view_board", can_see_board)
