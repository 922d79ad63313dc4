"""One action: its page (details, progress, history), editing without lost updates, cancelling,
progress updates; and the signed-in person's own actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from actions import services
from actions.choices import PlanStatus
from actions.forms import ActionForm, CancelActionForm, ProgressUpdateForm
from actions.history import action_conflict, values_of
from actions.models import Action
from actions.selectors import (
    action_get_visible,
    action_reported_on,
    my_actions,
)
from actions.views.common import deny_unless, form_page, moved_on, moved_on_page, permitted_now, posted
from swp.page_cache import cached_page
from swp.sections import sections_for
from swp.types import AuthenticatedRequest

NOT_RECORDED = "Your update has not been recorded; copy it if you need it"


def _caption(action: Action) -> str:
    return f"{action.plan.board.name} action plan, version {action.plan.version}"


@require_GET
@cached_page
def action_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = action_get_visible(user=request.user, pk=pk)
    deny_unless(request, "actions.view_action", action)
    # Its record is the same for everyone who may see it (actions/sections.py); the buttons are the person's.
    sections = sections_for(page="action", request=request, action=action)
    return render(
        request,
        "actions/action_detail.html",
        {"page_title": action.title, "action": action, "plan": action.plan, "sections": sections},
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = action_get_visible(user=request.user, pk=pk)
    permitted = permitted_now(request, "actions.change_action", action, role="actions.run_action")
    initial = {**values_of(action), "lock_version": action.lock_version}
    form = ActionForm(posted(request), plan=action.plan, action=action, initial=initial)
    back_url = reverse("action-detail", args=[action.pk])
    page: dict[str, Any] = {"heading": f"Change “{action.title}”", "caption": _caption(action), "back_url": back_url}
    if not permitted:
        return moved_on_page(request, form, why=moved_on(plan=action.plan, action=action), **page)
    if request.method == "POST" and form.is_valid():
        opened_version = form.cleaned_data["lock_version"]
        try:
            saved = services.action_update(
                action=action,
                by=request.user,
                opened_version=opened_version,
                fields=form.action_fields(),
                status=form.cleaned_data["status"],
            )
        except services.PlanStateError as error:
            messages.error(request, str(error))
            return redirect(back_url)
        except services.ActionConflict as clash:
            conflict = action_conflict(current=clash.current, opened_version=opened_version, submitted=form.values())
            again = ActionForm(
                plan=action.plan,
                action=clash.current,
                initial={**conflict.merged, "lock_version": clash.current.lock_version},
            )
            return form_page(
                request,
                again,
                heading="Someone else changed this action while you were editing it",
                caption=_caption(action),
                back_url=back_url,
                template="actions/action_conflict.html",
                status=409,
                conflict=conflict,
                action=clash.current,
            )
        if saved.lock_version == opened_version:
            messages.info(request, "You did not change anything, so nothing was saved.")
        else:
            messages.success(request, "Your changes have been saved.")
        return redirect(back_url)
    return form_page(request, form, **page)


@require_http_methods(["GET", "POST"])
def action_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = action_get_visible(user=request.user, pk=pk)
    permitted = permitted_now(request, "actions.cancel_action", action, role="actions.run_action")
    form = CancelActionForm(posted(request))
    back_url = reverse("action-detail", args=[action.pk])
    page: dict[str, Any] = {
        "heading": f"Cancel “{action.title}”",
        "caption": _caption(action),
        "back_url": back_url,
        "intro": "The action stays on the plan, marked as cancelled, with your reason in its history.",
    }
    if not permitted:
        return moved_on_page(request, form, why=moved_on(plan=action.plan, action=action), **page)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_cancel(action=action, by=request.user, reason=form.cleaned_data["reason"])
        except services.PlanStateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The action has been cancelled. It stays on the plan, marked cancelled.")
        return redirect(back_url)
    return form_page(request, form, **page)


@require_http_methods(["GET", "POST"])
def progress_update_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = action_get_visible(user=request.user, pk=pk)
    form = ProgressUpdateForm(posted(request), initial={"status": action.status, "status_opened": action.status})
    back_url = reverse("action-detail", args=[action.pk])
    if (
        request.method == "POST"
        and not action.takes_progress_updates
        and request.user.has_perm("actions.report_on_action", action)
    ):
        return _progress_update_too_late(request, form, action=action, back_url=back_url)
    deny_unless(request, "actions.add_progress_update", action)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_create(
                action=action,
                by=request.user,
                rag=form.cleaned_data["rag"],
                narrative=form.cleaned_data["narrative"],
                status=form.cleaned_data["status"] or None,
                status_opened=form.cleaned_data["status_opened"] or None,
            )
        except services.PlanStateError as error:
            messages.error(request, str(error))
        except services.StatusChanged as changed:
            return _status_changed_meanwhile(request, form, current=changed.current, back_url=back_url)
        else:
            messages.success(request, "Your progress update has been recorded.")
        return redirect(back_url)
    return _progress_update_page(
        request,
        form,
        action=action,
        back_url=back_url,
        intro="Updates are dated and kept: each one adds to the action's timeline and none is overwritten.",
    )


def _status_changed_meanwhile(
    request: AuthenticatedRequest, form: ProgressUpdateForm, *, current: Action, back_url: str
) -> HttpResponse:
    """Someone changed the status while this person wrote: their words come back, the status as it
    now stands unless they had chosen one themselves, and nothing is recorded until they send it again."""
    data = request.POST.copy()
    if data.get("status") == data.get("status_opened"):
        data["status"] = current.status
    data["status_opened"] = current.status
    again = ProgressUpdateForm(data)
    again.is_valid()
    again.add_error(
        "status",
        f"While you were writing, the action was marked {current.get_status_display().lower()}. "
        "Check where the work is now, then record the update again",
    )
    return _progress_update_page(request, again, action=current, back_url=back_url, status=409)


def _progress_update_page(
    request: AuthenticatedRequest, form: ProgressUpdateForm, *, action: Action, back_url: str, **extra: Any
) -> HttpResponse:
    heading = f"Progress update on “{action.title}”"
    return form_page(request, form, heading=heading, caption=_caption(action), back_url=back_url, **extra)


def _progress_update_too_late(
    request: AuthenticatedRequest, form: ProgressUpdateForm, *, action: Action, back_url: str
) -> HttpResponse:
    """The update was written while the action took updates and posted after it stopped: a newer
    version of the plan approved, or the action cancelled. What was typed is shown again, never lost,
    and where the version now reported on is the person's to report on, the form records it there."""
    form.is_valid()
    reported_on = action_reported_on(action=action)
    if reported_on is None:
        form.add_error(
            None,
            "This action stopped taking progress updates while you were writing: it was cancelled, or a "
            f"newer version of the plan left it out. {NOT_RECORDED}",
        )
    else:
        version = reported_on.plan.version
        where = (
            f"Version {version} of the plan was approved while you were writing, and progress is now reported there"
            if action.plan.status == PlanStatus.SUPERSEDED
            else f"Progress is reported on version {version} of the plan, which is in force, not on this draft"
        )
        if request.user.has_perm("actions.add_progress_update", reported_on):
            form.add_error(
                None, f"{where}. Your update has not been recorded yet: check it, then record it on version {version}"
            )
            form.helper.form_action = reverse("progress-update-add", args=[reported_on.pk])
            return _progress_update_page(request, form, action=reported_on, back_url=back_url, status=409)
        form.add_error(None, f"{where}, where its owner and its board's chair report on it. {NOT_RECORDED}")
    # Nowhere this person may record it: no button that could only be refused again.
    form.helper.layout.fields.pop()
    return _progress_update_page(request, form, action=action, back_url=back_url, status=409)


@require_GET
@cached_page
def my_actions_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "actions/my_actions.html", {"page_title": "My actions", "mine": my_actions(user=request.user)}
    )
