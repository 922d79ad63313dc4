"""The permission matrix: every URL of the actions app, for every persona.

Each route says who may use it; everyone else gets 403 on a board they may see and the "not
found" page on one they may not (CONTEST, for anyone without CTC clearance), byte for byte the page
a missing object gives. Anonymous visitors are sent to sign in. A refused POST changes nothing.
Routes are data: add a row to ROUTES and every persona is checked against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from actions.choices import ActionStatus, Rag
from actions.models import Action
from swp.models import User
from tests.actions.conftest import Plans, in_days
from tests.actions.factories import ActionFactory
from tests.actions.helpers import database_state, edit_form_data
from tests.responses import without_csrf_token

PERSONAS = (
    "victim_chair",
    "offender_chair",
    "executive_chair",
    "contest_chair",
    "swp_chair",
    "action_owner",
    "uncleared_member",
    "scrutiny_member",
    "tasking_officer",
    "analyst",
    "admin_user",
)
EVERYONE = frozenset(PERSONAS)
# Only the CONTEST chair holds CTC clearance; to everyone else the CONTEST board does not exist.
CLEARED_FOR_CONTEST = frozenset({"contest_chair"})


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    url: Callable[[Plans], str]
    # Who may use it. The administrator is a Django superuser, whom Django grants every permission;
    # the services still refuse what the plan's state forbids.
    allowed: frozenset[str]
    data: Callable[[Plans], dict[str, Any]] = field(default=lambda plans: {})
    confidential: bool = False
    # The same URL for an object that does not exist, for the byte-for-byte 404 comparison.
    missing_url: str = ""
    # What must be there before the request can change anything (it runs before the "before" state).
    prepare: Callable[[Plans], object] = field(default=lambda plans: None)

    @property
    def success_status(self) -> int:
        return 200 if self.method == "get" else 302


def _new_action(plans: Plans) -> dict[str, Any]:
    action = plans.owned_action
    due = in_days(60)
    return {
        **edit_form_data(action, title="Joint home visits"),
        "due_date_0": due.day,
        "due_date_1": due.month,
        "due_date_2": due.year,
    }


def _action_beside(action: Action) -> Action:
    """One before it under its objective, so that it can move up."""
    Action.objects.filter(pk=action.pk).update(order=2)
    return ActionFactory(plan=action.plan, objective=action.objective, title="Before it", order=1)


ROUTES = [
    Route("plan", "get", lambda p: "/boards/victim/plan/", EVERYONE),
    Route("my actions", "get", lambda p: "/my/actions/", EVERYONE),
    # The Executive's view: its chair (an Executive member), the SWP's approver and administrators.
    Route("executive", "get", lambda p: "/executive/", frozenset({"executive_chair", "swp_chair", "admin_user"})),
    Route("start a plan", "post", lambda p: "/boards/swp/plan/start/", frozenset({"swp_chair", "admin_user"})),
    Route("submit", "post", lambda p: "/boards/victim/plan/1/submit/", frozenset({"victim_chair", "admin_user"})),
    Route("approve", "post", lambda p: "/boards/offender/plan/1/approve/", frozenset({"swp_chair", "admin_user"})),
    Route("return form", "get", lambda p: "/boards/offender/plan/1/return/", frozenset({"swp_chair", "admin_user"})),
    Route(
        "return",
        "post",
        lambda p: "/boards/offender/plan/1/return/",
        frozenset({"swp_chair", "admin_user"}),
        data=lambda p: {"reason": "Owners missing."},
    ),
    Route(
        "start a revision",
        "post",
        lambda p: "/boards/executive/plan/1/revise/",
        frozenset({"executive_chair", "admin_user"}),
    ),
    Route(
        "add action form",
        "get",
        lambda p: "/boards/victim/plan/1/actions/add/",
        frozenset({"victim_chair", "admin_user"}),
    ),
    Route(
        "add action",
        "post",
        lambda p: "/boards/victim/plan/1/actions/add/",
        frozenset({"victim_chair", "admin_user"}),
        data=_new_action,
    ),
    Route("action", "get", lambda p: f"/actions/{p.owned_action.pk}/", EVERYONE),
    Route(
        "edit form",
        "get",
        lambda p: f"/actions/{p.owned_action.pk}/edit/",
        frozenset({"victim_chair", "admin_user"}),
    ),
    Route(
        "edit",
        "post",
        lambda p: f"/actions/{p.owned_action.pk}/edit/",
        frozenset({"victim_chair", "admin_user"}),
        data=lambda p: edit_form_data(p.owned_action, status=ActionStatus.COMPLETED),
    ),
    Route(
        "cancel form",
        "get",
        lambda p: f"/actions/{p.owned_action.pk}/cancel/",
        frozenset({"victim_chair", "admin_user"}),
    ),
    Route(
        "cancel",
        "post",
        lambda p: f"/actions/{p.owned_action.pk}/cancel/",
        frozenset({"victim_chair", "admin_user"}),
        data=lambda p: {"reason": "No longer needed."},
    ),
    Route(
        "move",
        "post",
        lambda p: f"/actions/{p.owned_action.pk}/move/",
        frozenset({"victim_chair", "admin_user"}),
        data=lambda p: {"direction": "up"},
        prepare=lambda p: _action_beside(p.owned_action),
    ),
    Route(
        "progress update form",
        "get",
        lambda p: f"/actions/{p.owned_action.pk}/updates/add/",
        frozenset({"victim_chair", "action_owner", "admin_user"}),
    ),
    Route(
        "progress update",
        "post",
        lambda p: f"/actions/{p.owned_action.pk}/updates/add/",
        frozenset({"victim_chair", "action_owner", "admin_user"}),
        data=lambda p: {"rag": Rag.GREEN, "narrative": "On track."},
    ),
    # The confidential board: the same pages, open to its cleared chair only.
    Route(
        "confidential plan",
        "get",
        lambda p: "/boards/contest/plan/",
        CLEARED_FOR_CONTEST,
        confidential=True,
        missing_url="/boards/no-such-board/plan/",
    ),
    Route(
        "confidential older version",
        "get",
        lambda p: "/boards/contest/plan/?version=1",
        CLEARED_FOR_CONTEST,
        confidential=True,
        missing_url="/boards/victim/plan/?version=99",
    ),
    Route(
        "confidential submit",
        "post",
        lambda p: "/boards/contest/plan/1/submit/",
        CLEARED_FOR_CONTEST,
        confidential=True,
        missing_url="/boards/victim/plan/99/submit/",
    ),
    Route(
        "confidential add action form",
        "get",
        lambda p: "/boards/contest/plan/1/actions/add/",
        CLEARED_FOR_CONTEST,
        confidential=True,
        missing_url="/boards/no-such-board/plan/1/actions/add/",
    ),
    Route(
        "confidential action",
        "get",
        lambda p: f"/actions/{p.contest_action.pk}/",
        CLEARED_FOR_CONTEST,
        confidential=True,
        missing_url="/actions/999999/",
    ),
    Route(
        "confidential edit form",
        "get",
        lambda p: f"/actions/{p.contest_action.pk}/edit/",
        CLEARED_FOR_CONTEST,
        confidential=True,
        missing_url="/actions/999999/edit/",
    ),
    Route(
        "confidential cancel",
        "post",
        lambda p: f"/actions/{p.contest_action.pk}/cancel/",
        CLEARED_FOR_CONTEST,
        data=lambda p: {"reason": "Not needed."},
        confidential=True,
        missing_url="/actions/999999/cancel/",
    ),
    Route(
        "confidential move",
        "post",
        lambda p: f"/actions/{p.contest_action.pk}/move/",
        CLEARED_FOR_CONTEST,
        data=lambda p: {"direction": "up"},
        prepare=lambda p: _action_beside(p.contest_action),
        confidential=True,
        missing_url="/actions/999999/move/",
    ),
    Route(
        "confidential progress update",
        "post",
        lambda p: f"/actions/{p.contest_action.pk}/updates/add/",
        CLEARED_FOR_CONTEST,
        data=lambda p: {"rag": Rag.RED, "narrative": "Stalled."},
        confidential=True,
        missing_url="/actions/999999/updates/add/",
    ),
]

CASES = [
    pytest.param(route, persona, id=f"{route.name}-{persona}")
    for route in ROUTES
    for persona in PERSONAS
    if persona not in route.allowed
]
POSTS = [pytest.param(route, id=route.name) for route in ROUTES if route.method == "post"]


def _request(client: Client, route: Route, plans: Plans, url: str | None = None) -> Any:
    target = url or route.url(plans)
    if route.method == "get":
        return client.get(target)
    return client.post(target, route.data(plans))


@pytest.mark.parametrize("route", [pytest.param(route, id=route.name) for route in ROUTES])
def test_an_anonymous_visitor_is_asked_to_sign_in_and_nothing_changes(
    client: Client, plans: Plans, route: Route
) -> None:
    before = database_state()

    response = _request(client, route, plans)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert database_state() == before


@pytest.mark.parametrize(("route", "persona"), CASES)
def test_a_persona_who_may_not_is_refused_and_nothing_changes(
    request: pytest.FixtureRequest, client_for: Callable[[User], Client], plans: Plans, route: Route, persona: str
) -> None:
    client = client_for(request.getfixturevalue(persona))
    route.prepare(plans)
    before = database_state()

    response = _request(client, route, plans)

    if route.confidential and persona not in CLEARED_FOR_CONTEST:
        missing = _request(client, route, plans, url=route.missing_url)
        assert response.status_code == missing.status_code == 404
        assert without_csrf_token(response.content) == without_csrf_token(missing.content)
        assert b"CONTEST" not in response.content
    else:
        assert response.status_code == 403
    assert database_state() == before


@pytest.mark.parametrize(
    ("route", "persona"),
    [
        pytest.param(route, persona, id=f"{route.name}-{persona}")
        for route in ROUTES
        for persona in sorted(route.allowed)
    ],
)
def test_a_persona_who_may_is_let_through(
    request: pytest.FixtureRequest, client_for: Callable[[User], Client], plans: Plans, route: Route, persona: str
) -> None:
    client = client_for(request.getfixturevalue(persona))
    route.prepare(plans)
    before = database_state()

    response = _request(client, route, plans)

    assert response.status_code == route.success_status
    if route.method == "post":
        assert database_state() != before


@pytest.mark.parametrize("route", POSTS)
def test_every_state_changing_view_refuses_a_post_without_a_csrf_token(
    request: pytest.FixtureRequest, plans: Plans, route: Route
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(sorted(route.allowed)[0]))
    route.prepare(plans)
    before = database_state()

    response = _request(client, route, plans)

    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    assert database_state() == before


def test_no_contest_action_is_counted_or_listed_for_the_uncleared(
    client_for: Callable[[User], Client], uncleared_member: User, plans: Plans
) -> None:
    client = client_for(uncleared_member)
    pages = ["/", "/boards/victim/", "/boards/victim/plan/", "/my/actions/", f"/actions/{plans.owned_action.pk}/"]
    for page in pages:
        content = client.get(page).content
        assert plans.contest_action.title.encode() not in content, page
        assert f"/actions/{plans.contest_action.pk}/".encode() not in content, page
