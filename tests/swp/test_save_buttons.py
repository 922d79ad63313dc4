"""Every button that saves something ignores a double-click (govuk-frontend's
data-prevent-double-click), so one click too many does not record the same meeting twice."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from actions.choices import PlanStatus
from boards.models import Board
from swp.models import User
from tests.actions.factories import ActionPlanFactory

pytestmark = pytest.mark.django_db

# Buttons in a POST form that save nothing: adding a row to the form, and signing out.
_NOT_SAVING = ('name="add"', "Sign out")


def _save_buttons(html: str) -> list[str]:
    forms = re.findall(r'<form[^>]*method="post".*?</form>', html, re.DOTALL | re.IGNORECASE)
    # A <button> with no type submits its form, as crispy's buttons do.
    controls = [
        control
        for form in forms
        for control in re.findall(r'<button\b.*?</button>|<input[^>]*type="submit"[^>]*>', form, re.DOTALL)
        if 'type="button"' not in control
    ]
    return [control for control in controls if not any(marker in control for marker in _NOT_SAVING)]


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("tasking_officer", "/meetings/new/"),
        ("victim_chair", "/boards/victim/plan/"),
        ("victim_chair", "/boards/victim/plan/1/actions/add/"),
        ("analyst", "/performance/indicators/new/"),
        ("analyst", "/performance/imports/csv/"),
        ("analyst", "/performance/packs/new/"),
    ],
)
def test_every_save_button_ignores_a_double_click(
    request: pytest.FixtureRequest,
    client_for: Callable[[User], Client],
    victim_board: Board,
    persona: str,
    url: str,
) -> None:
    ActionPlanFactory(board=victim_board, version=1, status=PlanStatus.DRAFT)
    response = client_for(request.getfixturevalue(persona)).get(url)

    assert response.status_code == 200
    buttons = _save_buttons(response.content.decode())
    assert buttons, "the page has no button that saves"
    assert [button for button in buttons if 'data-prevent-double-click="true"' not in button] == []
