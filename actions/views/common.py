"""What every view of the actions app does the same way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from actions.choices import ActionStatus, PlanStatus
from actions.models import Action, ActionPlan
from swp.types import AuthenticatedRequest


def posted(request: AuthenticatedRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (an empty QueryDict is falsy, which `or None` misses)."""
    return request.POST if request.method == "POST" else None


def deny_unless(request: AuthenticatedRequest, permission: str, obj: Model) -> None:
    """403 for an object the person may see but not act on (hidden ones are already a 404)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def permitted_now(request: AuthenticatedRequest, permission: str, obj: Model, *, role: str) -> bool:
    """Whether the person may do this now; False where a form they post is refused only because
    the plan's life cycle moved on since they opened it, as they hold the `role` the permission
    asks for (actions.rules); 403 where they may not at all."""
    if request.user.has_perm(permission, obj):
        return True
    if request.method == "POST" and request.user.has_perm(role, obj):
        return False
    raise PermissionDenied


_PLAN_MOVED_ON = {
    PlanStatus.SUBMITTED: "The plan was submitted for approval",
    PlanStatus.APPROVED: "The plan was approved",
    PlanStatus.RETURNED: "The plan was returned to its board",
    PlanStatus.SUPERSEDED: "This version of the plan was replaced by a newer one",
}


def moved_on(*, plan: ActionPlan, action: Action | None = None) -> str:
    """What changed while the person had the form open, in words."""
    if action is not None and action.status == ActionStatus.CANCELLED:
        return "The action was cancelled while you had this page open."
    return f"{_PLAN_MOVED_ON.get(PlanStatus(plan.status), 'The plan changed')} while you had this page open."


def moved_on_page(request: AuthenticatedRequest, form: Any, *, why: str, **page: Any) -> HttpResponse:
    """The form as it was posted, saying why nothing was saved, without a button that could only be
    refused again: what the person typed is on the page, not lost."""
    form.is_valid()
    form.add_error(None, f"{why} Nothing has been saved; copy what you typed if you need it.")
    form.helper.layout.fields.pop()
    return form_page(request, form, status=409, **page)


def form_page(
    request: AuthenticatedRequest,
    form: Form,
    *,
    heading: str,
    caption: str,
    back_url: str,
    template: str = "actions/form_page.html",
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """A one-question-per-page GOV.UK form: error summary, caption, heading, the form, a way back."""
    title = f"Error: {heading}" if form.errors else heading
    return render(
        request,
        template,
        {"page_title": title, "form": form, "heading": heading, "caption": caption, "back_url": back_url, **context},
        status=status,
    )
