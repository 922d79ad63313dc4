from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from swp.models import Partnership
from swp.sections import sections_for


@login_not_required
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "swp/accessibility.html", {"page_title": "Accessibility statement"})


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers without a session, touching nothing but the process."""
    return JsonResponse({"status": "ok"})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    partnership = Partnership.objects.order_by("pk").first()
    sections = sections_for(page="home", request=request, partnership=partnership) if partnership else []
    return render(request, "swp/home.html", {"partnership": partnership, "sections": sections})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
