"""Object access, one pattern for every model with pages: hidden looks missing, and no stranger writes.

Each entry of PAGES says how to make an object of that model on a given board and which URLs take
its id. For every entry, every URL:

- a person without the CONTEST clearance gets, for the CONTEST board's object, a 404 byte for byte
  the same as for an id that does not exist, whether they GET or POST;
- another board's chair POSTing to the Victim Board's object is refused (403 or 404), and nothing
  in the database changes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from actions.choices import PlanStatus
from boards.models import Board
from performance.export import partnership_export
from swp.models import User
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.boards.factories import EscalationFactory, MeetingFactory
from tests.performance.factories import IndicatorFactory
from tests.responses import without_csrf_token
from tests.url_coverage import project_url_patterns

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class ObjectPages:
    make: Callable[[Board], models.Model]
    ids: Callable[[models.Model], dict[str, object]]
    missing_ids: dict[str, object]
    urls: tuple[str, ...]  # every URL that takes the object's id
    writes: tuple[str, ...]  # those that change something, refused to another board's chair


def _plan(board: Board) -> models.Model:
    return ActionPlanFactory(board=board, status=PlanStatus.SUBMITTED)


def _action(board: Board) -> models.Model:
    return ActionFactory(plan=ActionPlanFactory(board=board, status=PlanStatus.APPROVED))


def _meeting(board: Board) -> models.Model:
    return MeetingFactory(partnership=board.partnership, boards=[board])


def _indicator(board: Board) -> models.Model:
    return IndicatorFactory(partnership=board.partnership, board=board)


def _by_pk(obj: models.Model) -> dict[str, object]:
    return {"pk": obj.pk}


MISSING_PK = {"pk": 987654}

PAGES = {
    "board": ObjectPages(
        make=lambda board: board,
        ids=lambda board: {"slug": board.slug},
        missing_ids={"slug": "no-such-board"},
        urls=("board-detail", "board-calendar", "board-calendar-link-reset", "plan-detail", "plan-start"),
        writes=("plan-start",),
    ),
    "action plan": ObjectPages(
        make=_plan,
        ids=lambda plan: {"slug": plan.board.slug, "version": plan.version},
        missing_ids={"slug": "no-such-board", "version": 1},
        urls=("plan-submit", "plan-approve", "plan-return", "plan-revise", "action-add"),
        writes=("plan-submit", "plan-approve", "plan-return", "plan-revise", "action-add"),
    ),
    "action": ObjectPages(
        make=_action,
        ids=_by_pk,
        missing_ids=MISSING_PK,
        urls=("action-detail", "action-edit", "action-cancel", "action-move", "progress-update-add"),
        writes=("action-edit", "action-cancel", "action-move", "progress-update-add"),
    ),
    "meeting": ObjectPages(
        make=_meeting,
        ids=_by_pk,
        missing_ids=MISSING_PK,
        urls=("meeting-detail", "meeting-edit"),
        writes=("meeting-edit",),
    ),
    "escalation": ObjectPages(
        make=lambda board: EscalationFactory(board=board),
        ids=_by_pk,
        missing_ids=MISSING_PK,
        urls=("escalation-detail", "escalation-respond"),
        writes=("escalation-respond",),
    ),
    "indicator": ObjectPages(
        make=_indicator,
        ids=lambda indicator: {"code": indicator.code},
        missing_ids={"code": "no-such-indicator"},
        urls=("indicator-detail", "indicator-update", "measurement-create", "chair-rating"),
        writes=("indicator-update", "measurement-create", "chair-rating"),
    ),
}

# URLs that take an id but whose objects belong to no board, so clearance does not hide them
# (their own tests cover who may see them), and the password reset link, which is not an object.
NOT_BOARD_OBJECTS = frozenset(
    {
        "import-detail",
        "pack-detail",
        "pack-status",
        "pack-publish",
        "pack-download",
        "quality-quarter",
        "password_reset_confirm",
    }
)


def _page(response: HttpResponse) -> tuple[int, bytes]:
    return response.status_code, without_csrf_token(response.content)


def test_every_url_that_takes_an_id_is_covered() -> None:
    taking_ids = {pattern.name for pattern in project_url_patterns().values() if pattern.pattern.regex.groupindex}
    covered = {name for pages in PAGES.values() for name in pages.urls}
    assert taking_ids - NOT_BOARD_OBJECTS == covered


URLS = [(model, name) for model, pages in PAGES.items() for name in pages.urls]
WRITES = [(model, name) for model, pages in PAGES.items() for name in pages.writes]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("model", "url_name"), URLS)
@pytest.mark.parametrize("persona", ["uncleared_member", "admin_user"])
def test_a_hidden_object_answers_exactly_like_a_missing_one(
    model: str,
    url_name: str,
    method: str,
    persona: str,
    request: pytest.FixtureRequest,
    contest_board: Board,
    client_for: Callable[[User], Client],
) -> None:
    pages = PAGES[model]
    hidden = pages.make(contest_board)
    client = client_for(request.getfixturevalue(persona))

    hidden_page = _page(client.generic(method, reverse(url_name, kwargs=pages.ids(hidden))))
    missing_page = _page(client.generic(method, reverse(url_name, kwargs=pages.missing_ids)))

    assert hidden_page == missing_page
    assert hidden_page[0] in {404, 405}  # 405: a POST-only URL refuses a GET before looking


def _database() -> str:
    stream = io.StringIO()
    partnership_export(stream=stream)
    return stream.getvalue()


@pytest.mark.parametrize(("model", "url_name"), WRITES)
def test_another_boards_chair_writes_nothing(
    model: str,
    url_name: str,
    victim_board: Board,
    offender_chair: User,
    client_for: Callable[[User], Client],
) -> None:
    pages = PAGES[model]
    target = pages.make(victim_board)
    client = client_for(offender_chair)  # before the snapshot: signing in records last_login
    before = _database()

    response = client.post(reverse(url_name, kwargs=pages.ids(target)))

    assert response.status_code in {403, 404}
    assert _database() == before
