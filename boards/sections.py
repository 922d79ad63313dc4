from typing import Any

from boards.selectors import board_tree
from swp.models import Partnership
from swp.types import AuthenticatedRequest


def home_board_structure(*, request: AuthenticatedRequest, partnership: Partnership) -> dict[str, Any]:
    tree = board_tree(partnership=partnership, user=request.user)
    return {"tree": tree, "linked": [node for node in tree if node.board.is_external]}
