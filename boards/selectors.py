from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from boards.models import Board, Membership
from swp.models import Partnership, User

# One message for a board that does not exist and one the person may not see, so that the two
# answers are byte-identical and nobody can learn of a confidential board by guessing its slug.
NOT_FOUND_MESSAGE = "Page not found"


def board_get_visible(*, user: User, slug: str) -> Board:
    board = Board.objects.visible_to(user).filter(slug=slug).select_related("parent").first()
    if board is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return board


def board_members(*, board: Board) -> list[Membership]:
    return list(
        board.memberships.select_related("user__organisation", "organisation").order_by("role", "user__first_name")
    )


@dataclass
class BoardNode:
    board: Board
    visible: bool
    children: list[BoardNode] = field(default_factory=list)


def board_tree(*, partnership: Partnership, user: User) -> list[BoardNode]:
    """Every board of the partnership arranged under its parent, marking those the person may open."""
    boards = list(partnership.boards.prefetch_related("member_boards"))
    nodes = {board.pk: BoardNode(board=board, visible=board.required_clearance <= user.clearance) for board in boards}
    roots = []
    for board in boards:
        node = nodes[board.pk]
        if board.parent_id in nodes:
            nodes[board.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots
