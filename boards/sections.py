from typing import Any

from django.http import HttpRequest

from boards.selectors import board_tree
from swp.models import Partnership


def home_board_structure(*, request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    return {"tree": board_tree(partnership=partnership, user=request.user)}
