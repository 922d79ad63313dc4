"""The two reference pages the key pages are compared with; served only by bench/urls.py."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def bare(request: HttpRequest) -> HttpResponse:
    """The ceiling: the same middleware (session, sign-in, CSRF...) as any page, and no work at all."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def empty_page(request: HttpRequest) -> HttpResponse:
    """The service's layout with nothing in it: what every page pays for the header and navigation."""
    return render(request, "base.html", {"page_title": "Benchmark"})
