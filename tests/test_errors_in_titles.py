"""Every filtered list and form says so when a value is wrong, as GOV.UK asks: "Error:" before the
page title, and an error summary linking to the field (a list still shows what its valid filters give)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from actions.choices import PlanStatus
from actions.models import ActionPlan
from boards.models import Board
from swp.models import User
from tests.actions.factories import ActionPlanFactory
from tests.performance.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim_plan(victim_board: Board) -> ActionPlan:
    return ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED)


@pytest.mark.parametrize(
    ("persona", "url", "message"),
    [
        (
            "tasking_officer",
            "/meetings/?kind=nonsense",
            "Select a valid choice. nonsense is not one of the available choices.",
        ),
        ("executive_chair", "/escalations/?older_than=abc", "Enter a number."),
        (
            "tasking_officer",
            "/meetings/?date_from_0=99999999999999999999&date_from_1=1&date_from_2=2026",
            "Enter the first date as a real date, for example 27 3 2026",
        ),
        (
            "analyst",
            "/performance/indicators/?board=99999",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        ("victim_chair", "/boards/victim/plan/?due_before=31/2/2026", "Enter a date like 31/3/2026"),
    ],
)
def test_a_wrong_filter_value_is_reported_in_the_title_and_an_error_summary(
    request: pytest.FixtureRequest,
    client_for: Callable[[User], Client],
    victim_plan: ActionPlan,
    persona: str,
    url: str,
    message: str,
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Error: ", html)
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<a href="#[^"]+">\s*(.*?)\s*</a>', summary) == [message]


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("tasking_officer", "/meetings/"),
        ("executive_chair", "/escalations/"),
        ("analyst", "/performance/indicators/"),
        ("victim_chair", "/boards/victim/plan/"),
    ],
)
def test_without_a_wrong_value_there_is_neither(
    request: pytest.FixtureRequest,
    client_for: Callable[[User], Client],
    victim_plan: ActionPlan,
    persona: str,
    url: str,
) -> None:
    html = client_for(request.getfixturevalue(persona)).get(url).content.decode()

    assert "<title>Error: " not in html
    assert "govuk-error-summary" not in html


@pytest.mark.parametrize(
    ("persona", "url", "data"),
    [
        ("analyst", "/performance/indicators/new/", {}),
        ("analyst", "/performance/indicators/{code}/values/new/", {"quarter": "Q5"}),
        ("victim_chair", "/performance/indicators/{code}/rating/", {}),
        ("analyst", "/performance/imports/csv/", {}),
        ("analyst", "/performance/imports/mps/", {}),
        ("analyst", "/performance/packs/new/", {}),
    ],
)
def test_a_performance_form_sent_back_with_errors_says_so_in_the_title(
    request: pytest.FixtureRequest,
    client_for: Callable[[User], Client],
    victim_board: Board,
    persona: str,
    url: str,
    data: dict[str, str],
) -> None:
    indicator = IndicatorFactory(partnership=victim_board.partnership, board=victim_board)
    client = client_for(request.getfixturevalue(persona))

    opened = client.get(url.format(code=indicator.code)).content.decode()
    sent_back = client.post(url.format(code=indicator.code), data).content.decode()

    assert "<title>Error: " not in opened
    assert "<title>Error: " in sent_back
    assert 'class="govuk-error-summary"' in sent_back
