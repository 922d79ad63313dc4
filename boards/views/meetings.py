from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from boards import services
from boards.choices import MeetingKind, OutcomeKind
from boards.forms import MeetingForms
from boards.models import Meeting
from boards.selectors import meeting_get_visible
from swp.page_cache import cached_page
from swp.sections import sections_for, sections_value
from swp.selectors import partnership_current
from swp.types import AuthenticatedRequest


@require_GET
@cached_page
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    # The list is the same for everyone of a clearance (boards/sections.py); the filters a request
    # asked for come back from it for the page's title and error summary.
    sections = sections_for(page="meetings", request=request, partnership=partnership_current())
    return render(
        request,
        "boards/meeting_list.html",
        {"page_title": "Meetings", "sections": sections, "filters": sections_value(sections, "filters")},
    )


@require_GET
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_visible(user=request.user, pk=pk)
    outcomes = list(meeting.outcomes.all())
    return render(
        request,
        "boards/meeting_detail.html",
        {
            "page_title": meeting.title,
            "meeting": meeting,
            "outcomes": outcomes,
            "decisions": [outcome for outcome in outcomes if outcome.kind == OutcomeKind.DECISION],
            "is_board_meeting": meeting.kind == MeetingKind.BOARD,
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_perm("boards.add_meeting"):
        raise PermissionDenied
    partnership = partnership_current()
    forms = MeetingForms(user=request.user, partnership=partnership, data=request.POST or None)
    if forms.is_valid():
        try:
            meeting = services.meeting_create(
                partnership=partnership,
                by=request.user,
                details=forms.details(),
                attendees=forms.attendee_rows(),
                outcomes=forms.outcome_rows(),
            )
        except ValidationError as error:
            forms.add_errors(error)
        else:
            messages.success(request, f"{meeting.title} is recorded.")
            return HttpResponseRedirect(reverse("meeting-detail", args=[meeting.pk]))
    return _form_page(request, forms, meeting=None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_visible(user=request.user, pk=pk)
    if not request.user.has_perm("boards.change_meeting", meeting):
        raise PermissionDenied
    partnership = partnership_current()
    forms = MeetingForms(user=request.user, partnership=partnership, meeting=meeting, data=request.POST or None)
    if forms.is_valid():
        try:
            meeting = services.meeting_update(
                meeting=meeting,
                by=request.user,
                lock_version=forms.lock_version,
                details=forms.details(),
                attendees=forms.attendee_rows(),
                outcomes=forms.outcome_rows(),
            )
        except ValidationError as error:
            forms.add_errors(error)
        else:
            messages.success(request, f"{meeting.title} is saved.")
            return HttpResponseRedirect(reverse("meeting-detail", args=[meeting.pk]))
    return _form_page(request, forms, meeting=meeting)


def _form_page(request: AuthenticatedRequest, forms: MeetingForms, *, meeting: Meeting | None) -> HttpResponse:
    title = f"Edit {meeting.title}" if meeting else "Record a meeting"
    return render(
        request,
        "boards/meeting_form.html",
        {"page_title": title, "title": title, "forms": forms, "meeting": meeting, "errors": forms.error_summary()},
    )
