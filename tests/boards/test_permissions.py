"""Every URL of meetings, escalations and calendar feeds, for every kind of visitor, as data.

Anonymous visitors are sent to sign in; people whose role does not allow a thing get 403; people
without the clearance of a confidential board get a 404 byte-identical to the one for an id that
does not exist; and a refused POST changes nothing. Every POST also needs its CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from boards.models import Board, CalendarFeedKey, Escalation, EscalationEvent, Meeting, MeetingAttendee, MeetingOutcome
from boards.selectors import calendar_feed_token
from swp.models import User
from tests.boards.factories import MeetingFactory
from tests.boards.meeting_data import meeting_edit_data, meeting_form_data
from tests.responses import without_csrf_token

pytestmark = pytest.mark.django_db

MISSING = 987654
LOGIN = "login"
NOT_FOUND = "404 like a missing one"


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    persona: str | None
    expected: int | str
    data: str = ""
    note: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} as {self.persona or 'anonymous'} -> {self.expected}"


SIGNED_IN = [
    "admin_user",
    "executive_chair",
    "victim_chair",
    "offender_chair",
    "contest_chair",
    "tasking_officer",
    "action_owner",
    "analyst",
    "scrutiny_member",
    "uncleared_member",
]
NOT_RECORDERS = ["action_owner", "analyst", "scrutiny_member", "uncleared_member"]
NOT_EDITORS_OF_TASKING = [*NOT_RECORDERS, "executive_chair", "contest_chair"]
NOT_ANSWERING_VICTIM = ["executive_chair", "offender_chair", "contest_chair", "tasking_officer", *NOT_RECORDERS]
UNCLEARED = ["tasking_officer", "victim_chair", "executive_chair", "scrutiny_member", "uncleared_member", "admin_user"]

CASES = [
    # Pages everyone signed in may read.
    *[Case("GET", path, None, LOGIN) for path in ["/meetings/", "/escalations/", "/meetings/new/"]],
    *[Case("GET", "/meetings/", persona, 200) for persona in SIGNED_IN],
    *[Case("GET", "/escalations/", persona, 200) for persona in SIGNED_IN],
    *[Case("GET", "/meetings/{tasking}/", persona, 200) for persona in SIGNED_IN],
    *[Case("GET", "/escalations/{victim_escalation}/", persona, 200) for persona in SIGNED_IN],
    Case("GET", "/meetings/{tasking}/", None, LOGIN),
    Case("GET", "/escalations/{victim_escalation}/", None, LOGIN),
    # Recording and editing meetings.
    *[Case("GET", "/meetings/new/", persona, 200) for persona in ["tasking_officer", "admin_user", "victim_chair"]],
    *[Case("GET", "/meetings/new/", persona, 403) for persona in NOT_RECORDERS],
    *[Case("POST", "/meetings/new/", persona, 403, data="new") for persona in NOT_RECORDERS],
    Case("POST", "/meetings/new/", None, LOGIN, data="new"),
    *[Case("GET", "/meetings/{tasking}/edit/", p, 200) for p in ["tasking_officer", "victim_chair", "offender_chair"]],
    *[Case("GET", "/meetings/{tasking}/edit/", persona, 403) for persona in NOT_EDITORS_OF_TASKING],
    *[Case("POST", "/meetings/{tasking}/edit/", persona, 403, data="edit") for persona in NOT_EDITORS_OF_TASKING],
    Case("GET", "/meetings/{tasking}/edit/", None, LOGIN),
    Case("POST", "/meetings/{tasking}/edit/", None, LOGIN, data="edit"),
    # Answering escalations: the board's chair until it goes up.
    *[Case("POST", "/escalations/{victim_escalation}/respond/", p, 403, data="accept") for p in NOT_ANSWERING_VICTIM],
    Case("POST", "/escalations/{victim_escalation}/respond/", None, LOGIN, data="accept"),
    Case("GET", "/escalations/{victim_escalation}/respond/", "victim_chair", 405),
    # Calendar feeds.
    Case("GET", "/boards/victim/meetings.ics", None, LOGIN),
    *[Case("GET", "/boards/victim/meetings.ics", persona, 200) for persona in SIGNED_IN],
    Case("POST", "/boards/victim/calendar-link/", None, LOGIN),
    Case("GET", "/boards/victim/calendar-link/", "victim_chair", 405),
    # Confidential objects look missing to the uncleared, whatever their role.
    *[Case("GET", "/meetings/{contest}/", persona, NOT_FOUND) for persona in UNCLEARED],
    *[Case("GET", "/meetings/{contest}/edit/", persona, NOT_FOUND) for persona in UNCLEARED],
    *[Case("POST", "/meetings/{contest}/edit/", persona, NOT_FOUND, data="edit-contest") for persona in UNCLEARED],
    *[Case("GET", "/meetings/{joint}/", persona, NOT_FOUND) for persona in UNCLEARED],
    *[Case("GET", "/escalations/{contest_escalation}/", persona, NOT_FOUND) for persona in UNCLEARED],
    *[
        Case("POST", "/escalations/{contest_escalation}/respond/", persona, NOT_FOUND, data="accept")
        for persona in UNCLEARED
    ],
    *[Case("GET", "/boards/contest/meetings.ics", persona, NOT_FOUND) for persona in UNCLEARED],
    *[Case("POST", "/boards/contest/calendar-link/", persona, NOT_FOUND) for persona in UNCLEARED],
    # ...and are there for the cleared.
    Case("GET", "/meetings/{contest}/", "contest_chair", 200),
    Case("GET", "/meetings/{contest}/edit/", "contest_chair", 200),
    Case("GET", "/escalations/{contest_escalation}/", "contest_chair", 200),
    Case("GET", "/boards/contest/meetings.ics", "contest_chair", 200),
]

# The same URL with an id or slug that does not exist, for the byte-for-byte comparison.
MISSING_PATHS = {
    "{contest}": str(MISSING),
    "{joint}": str(MISSING),
    "{contest_escalation}": str(MISSING),
    "/boards/contest/": "/boards/no-such-board/",
}


@pytest.fixture
def joint(victim_board: Board, contest_board: Board) -> Meeting:
    return MeetingFactory(partnership=victim_board.partnership, boards=[victim_board, contest_board])


@pytest.fixture
def objects(
    tasking_meeting: Meeting,
    contest_meeting: Meeting,
    joint: Meeting,
    victim_escalation: Escalation,
    contest_escalation: Escalation,
) -> dict[str, Any]:
    return {
        "tasking": tasking_meeting,
        "contest": contest_meeting,
        "joint": joint,
        "victim_escalation": victim_escalation,
        "contest_escalation": contest_escalation,
    }


def _post_data(kind: str, objects: dict[str, Any]) -> dict[str, Any]:
    if kind == "new":
        return meeting_form_data(boards=[objects["tasking"].boards.first()], title="A meeting nobody may record")
    if kind == "edit":
        return meeting_edit_data(objects["tasking"], title="Changed by someone who may not")
    if kind == "edit-contest":
        return meeting_edit_data(objects["contest"], title="Changed by someone who may not")
    if kind == "accept":
        return {"to_state": "accepted", "note": "Accepted by someone who may not"}
    return {}


def _snapshot() -> tuple:
    """Everything a refused POST could have changed."""
    return (
        list(Meeting.objects.order_by("pk").values("pk", "title", "lock_version")),
        list(MeetingOutcome.objects.order_by("pk").values()),
        list(MeetingAttendee.objects.order_by("pk").values()),
        list(Escalation.objects.order_by("pk").values("pk", "state", "state_changed_at")),
        EscalationEvent.objects.count(),
        list(CalendarFeedKey.objects.values()),
    )


def _request(client: Client, method: str, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data) if method == "POST" else client.get(path)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_permission_matrix(case: Case, objects: dict[str, Any], request: pytest.FixtureRequest) -> None:
    client = Client()
    if case.persona:
        client.force_login(request.getfixturevalue(case.persona))
    path = case.path.format(**{name: obj.pk for name, obj in objects.items()})
    data = _post_data(case.data, objects)
    before = _snapshot()

    response = _request(client, case.method, path, data)

    if case.expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif case.expected == NOT_FOUND:
        missing_path = case.path
        for placeholder, replacement in MISSING_PATHS.items():
            missing_path = missing_path.replace(placeholder, replacement)
        missing = _request(client, case.method, missing_path.format(**{n: o.pk for n, o in objects.items()}), data)
        assert response.status_code == missing.status_code == 404
        assert without_csrf_token(response.content) == without_csrf_token(missing.content)
        assert b"CONTEST" not in response.content
        assert b"Channel" not in response.content
    else:
        assert response.status_code == case.expected
    if case.method == "POST" and case.expected != 200:
        assert _snapshot() == before


def test_a_bad_or_revoked_calendar_token_looks_like_a_missing_board(
    victim_board: Board, victim_chair: User, client: Client
) -> None:
    token = calendar_feed_token(user=victim_chair)
    assert client.get(f"/boards/victim/meetings.ics?token={token}").status_code == 200

    forged = client.get(f"/boards/victim/meetings.ics?token={victim_chair.pk}.:forged")
    missing = client.get(f"/boards/no-such-board/meetings.ics?token={token}")
    CalendarFeedKey.objects.create(user=victim_chair, key="replaced", reset_at="2026-01-01T00:00Z")
    revoked = client.get(f"/boards/victim/meetings.ics?token={token}")

    assert forged.status_code == missing.status_code == revoked.status_code == 404
    assert forged.content == missing.content == revoked.content


# CSRF: each POST, by someone allowed to make it, is refused without the token and changes nothing.
CSRF_CASES = [
    ("/meetings/new/", "tasking_officer", "new"),
    ("/meetings/{tasking}/edit/", "tasking_officer", "edit"),
    ("/escalations/{victim_escalation}/respond/", "victim_chair", "accept"),
    ("/boards/victim/calendar-link/", "victim_chair", ""),
]


@pytest.mark.parametrize(("path", "persona", "data"), CSRF_CASES)
def test_every_post_needs_its_csrf_token(
    path: str, persona: str, data: str, objects: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(persona))
    url = path.format(**{name: obj.pk for name, obj in objects.items()})
    before = _snapshot()

    refused = client.post(url, _post_data(data, objects))

    assert refused.status_code == 403
    assert _snapshot() == before
    # With the token from a page, the same post goes through: the refusal was the token's doing.
    client.get("/meetings/")
    accepted = client.post(url, {**_post_data(data, objects), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert accepted.status_code == 302
    assert _snapshot() != before
