from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from boards import services
from boards.choices import EscalationState
from boards.forms import EscalationResponseForm
from boards.models import Escalation
from boards.rules import chairs_escalation_board
from boards.selectors import escalation_get_visible
from swp.page_cache import cached_page
from swp.sections import sections_for, sections_value
from swp.selectors import partnership_current
from swp.types import AuthenticatedRequest

_RESPONSES = {
    EscalationState.ACCEPTED: services.escalation_accept,
    EscalationState.RESOLVED: services.escalation_resolve,
    EscalationState.ESCALATED: services.escalation_escalate,
}


@require_GET
@cached_page
def escalation_list(request: AuthenticatedRequest) -> HttpResponse:
    # The ledger is the same for everyone of a clearance (boards/sections.py); the filters a
    # request asked for come back from it for the page's title and error summary.
    sections = sections_for(page="escalations", request=request, partnership=partnership_current())
    return render(
        request,
        "boards/escalation_list.html",
        {"page_title": "Escalations", "sections": sections, "filters": sections_value(sections, "filters")},
    )


@require_GET
def escalation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    escalation = escalation_get_visible(user=request.user, pk=pk)
    return _detail_page(request, escalation, form=_response_form(request, escalation))


@require_POST
def escalation_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    escalation = escalation_get_visible(user=request.user, pk=pk)
    detail_url = reverse("escalation-detail", args=[escalation.pk])
    if not request.user.has_perm("boards.act_on_escalation", escalation):
        if escalation.with_executive and chairs_escalation_board(request.user, escalation):
            # The board's chair answered from a page opened before it went up: say so, not just "forbidden".
            return _answer_not_saved(request, detail_url, already="with the Executive")
        raise PermissionDenied
    allowed = services.escalation_transitions_open(escalation=escalation)
    posted = request.POST.get("to_state")
    # A step no longer open can only come from a page opened before someone else answered: it has moved on.
    moved_on = escalation.state != EscalationState.RAISED and posted in EscalationState.values and posted not in allowed
    if not allowed or posted == escalation.state or moved_on:
        # A second click, or a page opened before someone else closed it: say what happened instead
        # of offering a form with nothing left to choose.
        return _answer_not_saved(request, detail_url, already=_state_in_words(escalation))
    form = EscalationResponseForm(request.POST, allowed=allowed)
    if form.is_valid():
        to_state, note = form.cleaned_data["to_state"], form.cleaned_data["note"]
        try:
            if to_state == EscalationState.DECLINED:
                services.escalation_decline(escalation=escalation, by=request.user, reason=note)
            else:
                _RESPONSES[to_state](escalation=escalation, by=request.user, note=note)
        except services.EscalationTransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The escalation is now {_state_in_words(escalation)}.")
            return HttpResponseRedirect(detail_url)
    return _detail_page(request, escalation, form=form)


def _answer_not_saved(request: AuthenticatedRequest, detail_url: str, *, already: str) -> HttpResponse:
    messages.error(request, f"Your answer was not saved: the escalation is already {already}.")
    return HttpResponseRedirect(detail_url)


def _state_in_words(escalation: Escalation) -> str:
    if escalation.state == EscalationState.ESCALATED:
        return "with the Executive"
    return escalation.get_state_display().lower()


def _response_form(request: AuthenticatedRequest, escalation: Escalation) -> EscalationResponseForm | None:
    allowed = services.escalation_transitions_open(escalation=escalation)
    if not allowed or not request.user.has_perm("boards.act_on_escalation", escalation):
        return None
    return EscalationResponseForm(allowed=allowed)


def _detail_page(
    request: AuthenticatedRequest, escalation: Escalation, *, form: EscalationResponseForm | None
) -> HttpResponse:
    return render(
        request,
        "boards/escalation_detail.html",
        {
            "page_title": escalation.title,
            "escalation": escalation,
            "events": list(escalation.events.all()),
            "form": form,
            "errors": form.error_summary() if form is not None and form.is_bound else [],
        },
    )
