"""The Executive board's view across every board: plans, overdue actions, escalations, changes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from swp.page_cache import cached_page
from swp.sections import sections_for
from swp.selectors import partnership_current
from swp.types import AuthenticatedRequest


@require_GET
@cached_page
def executive(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_perm("actions.view_executive"):
        raise PermissionDenied
    # The overview is a section shared by everyone of the same clearance (actions/sections.py);
    # later layers (performance's indicator trends, say) can add theirs for the partnership.
    sections = sections_for(page="executive", request=request, partnership=partnership_current())
    return render(request, "actions/executive.html", {"page_title": "Executive overview", "sections": sections})
