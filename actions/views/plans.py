"""A board's action plan: the filtered list, and its life cycle from draft to approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions import services
from actions.forms import ActionForm, ReturnPlanForm
from actions.models import ActionPlan
from actions.selectors import (
    action_get_visible,
    board_and_plan_visible,
    plan_get_visible,
    plan_in_force,
    plan_is_newest,
    plan_position,
    plan_transitions,
)
from actions.views.common import deny_unless, form_page, moved_on, moved_on_page, permitted_now, posted
from boards.selectors import NOT_FOUND_MESSAGE, board_get_visible
from swp.page_cache import cached_page
from swp.pagination import PAGE_SIZE
from swp.sections import sections_for, sections_value
from swp.types import AuthenticatedRequest


def plan_url(plan: ActionPlan, *, latest: bool = True) -> str:
    url = reverse("plan-detail", args=[plan.board.slug])
    return url if latest else f"{url}?version={plan.version}"


def _version_asked(request: AuthenticatedRequest) -> int | None:
    text = request.GET.get("version", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):  # "²" is a digit to isdigit() but not to int()
        raise Http404(NOT_FOUND_MESSAGE)
    return int(text)


@require_GET
@cached_page
def plan_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    board, plan = board_and_plan_visible(user=request.user, slug=slug, version=_version_asked(request))
    if plan is None:
        return render(request, "actions/plan_none.html", {"page_title": f"{board.name} action plan", "board": board})
    deny_unless(request, "actions.view_plan", plan)
    in_force = plan_in_force(board=board)
    # The step that put the plan in its state: who submitted, approved or returned it, and why.
    last_transition = next((t for t in plan_transitions(plan=plan) if t.to_status == plan.status), None)
    # The list of actions and the plan's history are the same for everyone who may see the plan
    # (actions/sections.py), but for the chair who may move the actions of a plan still being drafted.
    page = "plan-movable" if request.user.has_perm("actions.add_action", plan) else "plan"
    sections = sections_for(page=page, request=request, plan=plan)
    return render(
        request,
        "actions/plan_detail.html",
        {
            "page_title": f"{board.name} action plan",
            "board": board,
            "plan": plan,
            "is_newest": plan_is_newest(plan=plan),
            "in_force": in_force if in_force and in_force.pk != plan.pk else None,
            "last_transition": last_transition,
            "sections": sections,
            "filter": sections_value(sections, "filter"),
        },
    )


@require_POST
def plan_start(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    board = board_get_visible(user=request.user, slug=slug)
    deny_unless(request, "actions.add_plan", board)
    try:
        services.plan_create(board=board, by=request.user)
    except services.PlanStateError as error:
        messages.error(request, str(error))
    return redirect("plan-detail", slug=board.slug)


def _plan_for(request: AuthenticatedRequest, slug: str, version: int, *, permission: str) -> ActionPlan:
    plan = plan_get_visible(user=request.user, slug=slug, version=version)
    deny_unless(request, permission, plan)
    return plan


def _moved_on_back(request: AuthenticatedRequest, plan: ActionPlan) -> HttpResponse:
    """Back to the plan, saying what changed: a second press of a button, or two people at once."""
    messages.error(request, f"{moved_on(plan=plan)} Nothing has been changed.")
    return redirect(plan_url(plan, latest=False))


@require_POST
def plan_submit(request: AuthenticatedRequest, slug: str, version: int) -> HttpResponse:
    plan = plan_get_visible(user=request.user, slug=slug, version=version)
    if not permitted_now(request, "actions.submit_plan", plan, role="actions.run_plan"):
        return _moved_on_back(request, plan)
    try:
        services.plan_submit(plan=plan, by=request.user)
    except services.PlanStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {plan.version} has been submitted to the partnership for approval.")
    return redirect(plan_url(plan, latest=False))


@require_POST
def plan_approve(request: AuthenticatedRequest, slug: str, version: int) -> HttpResponse:
    plan = plan_get_visible(user=request.user, slug=slug, version=version)
    if not permitted_now(request, "actions.approve_plan", plan, role="actions.decide_on_others_plan"):
        return _moved_on_back(request, plan)
    try:
        services.plan_approve(plan=plan, by=request.user)
    except services.PlanStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {plan.version} of the {plan.board.name} action plan is approved.")
    return redirect(plan_url(plan, latest=False))


@require_http_methods(["GET", "POST"])
def plan_return(request: AuthenticatedRequest, slug: str, version: int) -> HttpResponse:
    plan = plan_get_visible(user=request.user, slug=slug, version=version)
    permitted = permitted_now(request, "actions.return_plan", plan, role="actions.decide_on_plan")
    form = ReturnPlanForm(posted(request))
    page: dict[str, Any] = {
        "heading": f"Return version {plan.version} to the {plan.board.name}",
        "caption": f"{plan.board.name} action plan",
        "back_url": plan_url(plan, latest=False),
    }
    if not permitted:
        return moved_on_page(request, form, why=moved_on(plan=plan), **page)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_return(plan=plan, by=request.user, reason=form.cleaned_data["reason"])
        except services.PlanStateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Version {plan.version} has been returned to the {plan.board.name}.")
        return redirect(plan_url(plan, latest=False))
    return form_page(request, form, **page)


@require_POST
def plan_revise(request: AuthenticatedRequest, slug: str, version: int) -> HttpResponse:
    plan = _plan_for(request, slug, version, permission="actions.start_revision")
    try:
        revision = services.plan_revise(plan=plan, by=request.user)
    except services.PlanStateError as error:
        messages.error(request, str(error))
        return redirect(plan_url(plan, latest=False))
    messages.success(
        request,
        f"Version {revision.version} is a new draft. Version {plan.version} stays in force until it is approved.",
    )
    return redirect(plan_url(revision))


@require_http_methods(["GET", "POST"])
def action_add(request: AuthenticatedRequest, slug: str, version: int) -> HttpResponse:
    plan = _plan_for(request, slug, version, permission="actions.add_action")
    form = ActionForm(posted(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(plan=plan, by=request.user, fields=form.action_fields())
        except services.PlanStateError as error:
            messages.error(request, str(error))
            return redirect(plan_url(plan, latest=False))
        messages.success(request, f"“{action.title}” has been added to the plan.")
        return redirect(plan_url(plan, latest=False))
    return form_page(
        request,
        form,
        heading="Add an action",
        caption=f"{plan.board.name} action plan, version {plan.version}",
        back_url=plan_url(plan, latest=False),
    )


@require_POST
def action_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = action_get_visible(user=request.user, pk=pk)
    deny_unless(request, "actions.change_action", action)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest("Say whether to move the action up or down.")
    try:
        services.action_move(action=action, by=request.user, up=direction == "up")
    except services.PlanStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{action.title}” has been moved {direction}.")
    # Back to the page of the plan the action is on now, at the action, so that it can be moved
    # again: a move across a page break takes it to the next page or the one before.
    page = plan_position(action=action) // PAGE_SIZE + 1
    return redirect(f"{plan_url(action.plan, latest=False)}&page={page}#action-{action.pk}")
