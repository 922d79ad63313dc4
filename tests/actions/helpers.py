"""What several test modules need: form data as a browser posts it, an edit as the form saves it,
and reading the page."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

from django.db.models import Model
from django.http import HttpResponse

from actions import services
from actions.models import Action, ActionPlan, PlanTransition, ProgressUpdate
from swp.models import User


def action_form_data(
    *,
    objective: Model | None,
    owner: Model,
    lead_organisation: Model,
    due: datetime.date,
    title: str = "Joint home visits to repeat victims",
    places: tuple[Model, ...] = (),
    cohorts: tuple[Model, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """The add-action form as a browser sends it (the due date as day, month and year boxes)."""
    return {
        "objective": objective.pk if objective else "",
        "title": title,
        "description": "",
        "owner": owner.pk,
        "lead_organisation": lead_organisation.pk,
        "due_date_0": str(due.day),
        "due_date_1": str(due.month),
        "due_date_2": str(due.year),
        "places": [place.pk for place in places],
        "cohorts": [cohort.pk for cohort in cohorts],
        **extra,
    }


def action_edit(action: Action, by: User, **changes: object) -> Action:
    """Save an edit the way the edit form does, changing only the fields named."""
    action.refresh_from_db()
    current = {
        "objective": action.objective,
        "title": action.title,
        "description": action.description,
        "owner": action.owner,
        "lead_organisation": action.lead_organisation,
        "due_date": action.due_date,
        "places": list(action.places.all()),
        "cohorts": list(action.cohorts.all()),
    }
    status = str(changes.pop("status", action.status))
    current.update(changes)
    return services.action_update(
        action=action,
        by=by,
        opened_version=action.lock_version,
        fields=services.ActionFields(**current),  # type: ignore[arg-type]
        status=status,
    )


def edit_form_data(action: Action, **changes: Any) -> dict[str, Any]:
    """The edit form as it opens on `action`, with `changes` typed over it."""
    assert action.owner is not None
    assert action.lead_organisation is not None
    assert action.due_date is not None
    data = action_form_data(
        objective=action.objective,
        owner=action.owner,
        lead_organisation=action.lead_organisation,
        due=action.due_date,
        title=action.title,
        places=tuple(action.places.all()),
        cohorts=tuple(action.cohorts.all()),
        status=action.status,
        lock_version=action.lock_version,
    )
    data.update(changes)
    return data


def field_errors(response: HttpResponse, field_id: str) -> list[str]:
    """The GOV.UK error messages shown beside a field (its id without the "id_")."""
    pattern = (
        rf'id="id_{field_id}_\d+_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>\s*(.*?)\s*</span>'
    )
    return [html.unescape(message) for message in re.findall(pattern, response.content.decode(), re.DOTALL)]


def error_summary(response: HttpResponse) -> list[str]:
    """The messages listed in the page's error summary."""
    content = response.content.decode()
    if 'class="govuk-error-summary"' not in content:
        return []
    summary = content.split('govuk-error-summary__list"', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(text.strip()) for text in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.DOTALL)]


def database_state() -> tuple[object, ...]:
    """Everything a refused request must leave as it was: plans, actions, their history and updates."""
    return (
        list(ActionPlan.objects.order_by("pk").values_list("pk", "version", "status", "status_changed_at")),
        list(Action.objects.order_by("pk").values()),
        Action.history.count(),  # type: ignore[attr-defined]
        list(ProgressUpdate.objects.order_by("pk").values_list("pk", "rag", "narrative")),
        PlanTransition.objects.count(),
    )


def assert_shown_again_unsaved(response: HttpResponse, *, why: str, typed: str, button: str) -> None:
    """The form posted after what it changes moved on: shown again with what was typed, saying why
    nothing was saved, without the button that could only be refused again."""
    assert response.status_code == 409
    page = response.content.decode()
    assert f"{why} Nothing has been saved; copy what you typed if you need it." in page
    assert typed in page
    assert button not in page
