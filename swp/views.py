import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from swp.choices import AuditEventKind
from swp.exports import audit_csv_response
from swp.forms import AuditExportForm
from swp.models import Partnership
from swp.page_cache import cached_page
from swp.sections import sections_for
from swp.selectors import audit_events_between
from swp.services import audit_record
from swp.types import AuthenticatedRequest


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
@cached_page
def home(request: AuthenticatedRequest) -> HttpResponse:
    partnership = Partnership.objects.order_by("pk").first()
    sections = sections_for(page="home", request=request, partnership=partnership) if partnership else []
    return render(request, "swp/home.html", {"partnership": partnership, "sections": sections})


def sign_in_locked_out(request: HttpRequest, original_response: HttpResponse, credentials: object) -> HttpResponse:
    """django-axes' answer to a sign-in while its username or address is locked (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "page_title": "Signing in is locked",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off": f"{minutes} minute{'s' if minutes != 1 else ''}",
    }
    return render(request, "registration/locked_out.html", context, status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@require_GET
def audit_export(request: AuthenticatedRequest) -> HttpResponse:
    """The audit log for a date range as CSV, for information governance; administrators only."""
    if not request.user.has_perm("swp.export_audit"):
        raise PermissionDenied
    today = timezone.localdate()
    form = AuditExportForm(request.GET or None, initial={"start": today - datetime.timedelta(days=30), "end": today})
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        kind, username = form.cleaned_data["kind"], form.cleaned_data["username"]
        response = audit_csv_response(
            events=audit_events_between(start=start, end=end, kind=kind, username=username).iterator(),
            filename=f"audit-log-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv",
        )
        audit_record(
            kind=AuditEventKind.AUDIT_EXPORTED,
            actor=request.user,
            request=request,
            start=start,
            end=end,
            event_kind=kind,
            username=username,
        )
        return response
    return render(request, "swp/audit_export.html", {"page_title": "Export the audit log", "form": form})
