from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from boards.selectors import board_get_visible, board_members
from swp.sections import sections_for
from swp.types import AuthenticatedRequest


@require_GET
def board_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    board = board_get_visible(user=request.user, slug=slug)
    return render(
        request,
        "boards/board_detail.html",
        {
            "page_title": board.name,
            "board": board,
            "members": board_members(board=board),
            "sections": sections_for(page="board", request=request, board=board),
        },
    )
