from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from boards.selectors import board_get_visible
from boards.services import calendar_feed_key_reset
from swp.page_cache import cached_page
from swp.sections import sections_for
from swp.types import AuthenticatedRequest


@require_GET
@cached_page
def board_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    board = board_get_visible(user=request.user, slug=slug)
    return render(
        request,
        "boards/board_detail.html",
        {
            "page_title": board.name,
            "board": board,
            "sections": sections_for(page="board", request=request, board=board),
        },
    )


@require_POST
def calendar_link_reset(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Replace the person's calendar secret, so links they shared (for any board) stop working."""
    board = board_get_visible(user=request.user, slug=slug)
    calendar_feed_key_reset(user=request.user)
    messages.success(request, "Your calendar links have changed. Subscribe again with the new link.")
    return HttpResponseRedirect(reverse("board-detail", args=[board.slug]) + "#calendar")
