"""Shared sections (swp/sections.py): rendered once for everyone of a clearance, never shown to
anyone of another, never outliving a write, and rendered ahead by a worker after each write.

These tests commit their writes (transaction=True), as the service does: a connection with
uncommitted writes neither reads nor keeps shared sections.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.choices import PlanStatus, Rag
from boards.choices import OutcomeKind
from boards.models import Board
from priorities.models import Aim
from swp import page_cache, sections
from swp.celery import app as celery_app
from swp.choices import Clearance
from swp.models import User
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.boards.factories import EscalationFactory, MeetingFactory, MeetingOutcomeFactory, MembershipFactory
from tests.priorities.factories import AimFactory, ObjectiveFactory
from tests.swp.factories import UserFactory
from tests.worker import running_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache_on")]

SignedInClient = Callable[[User], Client]
# Read only by the board page's shared sections: the aim, the plan, the indicators.
SHARED_TABLES = ('"priorities_aim"', '"actions_actionplan"', '"performance_indicator"')


def _visit(client: Client, url: str) -> tuple[str, list[str]]:
    """The page, and the statements its request ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [query["sql"] for query in captured]


def _reads(queries: list[str], *tables: str) -> bool:
    return any(table in sql for sql in queries for table in tables)


def _board_page(client: Client, board: Board) -> tuple[str, list[str]]:
    return _visit(client, reverse("board-detail", args=[board.slug]))


def _shared_rendered(queries: list[str]) -> bool:
    return _reads(queries, *SHARED_TABLES)


@pytest.fixture
def victim_member(victim_board: Board) -> User:
    """A second member of the Victim Board, of the chair's clearance."""
    user = UserFactory(username="victim-second", first_name="Sam", last_name="Second")
    MembershipFactory(board=victim_board, user=user)
    return user


def test_everyone_of_a_clearance_gets_the_sections_rendered_for_the_first(
    client_for: SignedInClient, victim_chair: User, victim_member: User, victim_board: Board
) -> None:
    AimFactory(board=victim_board, text="Every victim supported within a week.")
    first, first_queries = _board_page(client_for(victim_chair), victim_board)
    second, second_queries = _board_page(client_for(victim_member), victim_board)
    assert _shared_rendered(first_queries)
    assert not _shared_rendered(second_queries), second_queries
    assert "Every victim supported within a week." in second
    assert second.count('<h2 class="govuk-heading-m"') == first.count('<h2 class="govuk-heading-m"')


def test_what_is_personal_is_rendered_for_each_person(
    client_for: SignedInClient, victim_chair: User, victim_member: User, victim_board: Board
) -> None:
    """The calendar link carries the person's own secret, and its form their CSRF token."""
    _board_page(client_for(victim_chair), victim_board)
    second = client_for(victim_member)
    page, _ = _board_page(second, victim_board)
    link = reverse("board-calendar", args=[victim_board.slug])
    chairs_link = client_for(victim_chair).get(reverse("board-detail", args=[victim_board.slug])).content.decode()
    assert _calendar_token(page, link) != _calendar_token(chairs_link, link)
    reset = second.post(reverse("board-calendar-link-reset", args=[victim_board.slug]))
    assert reset.status_code == 302


def _calendar_token(page: str, link: str) -> str:
    start = page.index(f"{link}?token=") + len(link) + len("?token=")
    return page[start : page.index('"', start)]


@pytest.fixture
def channel_escalation(contest_board: Board, victim_board: Board) -> str:
    """An escalation to the Victim Board from a meeting that also fed CONTEST: for the cleared only."""
    boards = [contest_board, victim_board]
    meeting = MeetingFactory(partnership=victim_board.partnership, title="Channel panel", boards=boards)
    outcome = MeetingOutcomeFactory(meeting=meeting, board=victim_board, kind=OutcomeKind.ESCALATION)
    return EscalationFactory(board=victim_board, source_outcome=outcome, title="Victim of a Channel case").title


def test_no_one_is_shown_what_was_rendered_for_a_higher_clearance(
    client_for: SignedInClient,
    victim_board: Board,
    uncleared_member: User,
    channel_escalation: str,
) -> None:
    cleared = UserFactory(username="victim-cleared", clearance=Clearance.CTC)
    MembershipFactory(board=victim_board, user=cleared)
    cleared_page, _ = _board_page(client_for(cleared), victim_board)
    uncleared_page, queries = _board_page(client_for(uncleared_member), victim_board)
    assert channel_escalation in cleared_page
    assert channel_escalation not in uncleared_page
    assert "Channel panel" not in uncleared_page
    assert _shared_rendered(queries)  # rendered for their own clearance, not taken from the cleared


def test_a_shared_section_is_given_a_reader_never_the_person(
    client_for: SignedInClient, victim_board: Board, contest_chair: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[dict[str, Any]] = []

    def spy(**kwargs: Any) -> dict[str, Any]:
        given.append(kwargs)
        return {"members": []}

    members = next(section for section in sections._sections["board"] if section.template.endswith("members.html"))
    monkeypatch.setitem(sections._sections, "board", [sections.Section(members.template, context=spy, shared=True)])
    MembershipFactory(board=victim_board, user=contest_chair)
    _board_page(client_for(contest_chair), victim_board)
    [kwargs] = given
    assert set(kwargs) == {"reader", "board"}
    reader = kwargs["reader"]
    assert reader.pk is None
    assert reader.clearance == Clearance.CTC
    assert reader.username == ""
    assert reader.has_perm("boards.view_board", victim_board)  # as the clearance decides
    with pytest.raises(ValueError, match="primary key"):  # no roles or memberships to look up
        reader.has_perm("actions.view_executive")


def test_a_write_ends_the_shared_sections(
    client_for: SignedInClient, victim_chair: User, victim_member: User, victim_board: Board
) -> None:
    aim = AimFactory(board=victim_board, text="Every victim supported within a week.")
    _board_page(client_for(victim_chair), victim_board)
    Aim.objects.filter(pk=aim.pk).update(text="Every victim supported within two days.")
    page, queries = _board_page(client_for(victim_member), victim_board)
    assert _shared_rendered(queries)
    assert "within two days" in page


def test_a_request_with_writes_not_yet_committed_neither_reads_nor_keeps_them(
    client_for: SignedInClient, victim_chair: User, victim_board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_cache, "_writes_pending", lambda connection: True)
    _board_page(client_for(victim_chair), victim_board)
    _, queries = _board_page(client_for(victim_chair), victim_board)
    assert _shared_rendered(queries)


def test_after_a_write_a_worker_renders_the_sections_before_anyone_asks(
    client_for: SignedInClient, victim_chair: User, victim_board: Board, page_cache_on: str
) -> None:
    aim = AimFactory(board=victim_board, text="Every victim supported within a week.")
    client = client_for(victim_chair)
    _board_page(client, victim_board)
    database = urlsplit(os.environ.get("DATABASE_URL", ""))._replace(path=f"/{connection.settings_dict['NAME']}")
    with running_worker({"DATABASE_URL": database.geturl(), "CACHE_KEY_PREFIX": page_cache_on}):
        # The fixtures' writes asked for a run on the queue no worker reads; this one is for the worker.
        caches["default"].delete(sections.PREBUILD_QUEUED_KEY)
        Aim.objects.filter(pk=aim.pk).update(text="Every victim supported within two days.")
        _wait_for_shared_sections(victim_board, victim_chair)
    page, queries = _board_page(client, victim_board)
    assert not _shared_rendered(queries), queries
    assert "within two days" in page


def _wait_for_shared_sections(board: Board, person: User, *, seconds: float = 30) -> None:
    generation = page_cache.generation_current()
    assert generation
    showing = sections.Showing(
        page="board", objects=(("board", "boards.Board", board.pk),), clearance=person.clearance, asked=()
    )
    aim = next(section for section in sections._sections["board"] if section.template.endswith("board_aim.html"))
    deadline = time.monotonic() + seconds
    while caches["default"].get(showing.key(generation=generation, section=aim)) is None:
        assert time.monotonic() < deadline, "no worker rendered the board page's sections"
        time.sleep(0.1)


def test_without_kept_pages_no_worker_is_asked(settings: Any, victim_board: Board) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    assert not sections.sections_prebuild_wanted()


def test_one_queued_run_serves_every_write_until_it_starts(victim_board: Board) -> None:
    sections.sections_prebuild()  # the run the fixtures' writes asked for
    assert sections.sections_prebuild_wanted()
    assert not sections.sections_prebuild_wanted()
    sections.sections_prebuild()
    assert sections.sections_prebuild_wanted()


def test_the_worker_renders_what_was_looked_at_lately_for_the_clearance_that_looked(
    client_for: SignedInClient, victim_board: Board, contest_board: Board, victim_chair: User, contest_chair: User
) -> None:
    _board_page(client_for(victim_chair), victim_board)
    _board_page(client_for(contest_chair), contest_board)
    shared = len([section for section in sections._sections["board"] if section.shared])
    assert sections.sections_prebuild() == 2 * shared
    cache = caches["default"]
    looked = cache.get(sections.LOOKED_AT_KEY)
    assert {(showing.objects[0][2], showing.clearance) for showing in looked} == {
        (victim_board.pk, victim_chair.clearance),
        (contest_board.pk, contest_chair.clearance),
    }
    long_ago = time.time() - sections.LOOKED_AT_SECONDS - 1
    cache.set(sections.LOOKED_AT_KEY, dict.fromkeys(looked, long_ago))
    assert sections.sections_prebuild() == 0


def test_the_worker_skips_what_is_gone(client_for: SignedInClient, victim_board: Board, victim_chair: User) -> None:
    _board_page(client_for(victim_chair), victim_board)
    Board.objects.filter(pk=victim_board.pk).delete()
    assert sections.sections_prebuild() == 0


def test_a_shared_cache_that_fails_after_the_token_was_read_leaves_the_page_rendered_afresh(
    client_for: SignedInClient, victim_chair: User, victim_board: Board
) -> None:
    AimFactory(board=victim_board, text="Every victim supported within a week.")
    cache = caches["default"]
    down = ConnectionError("Redis is down")
    with mock.patch.object(cache, "get_many", side_effect=down), mock.patch.object(cache, "set_many", side_effect=down):
        page, queries = _board_page(client_for(victim_chair), victim_board)
    assert _shared_rendered(queries)
    assert "Every victim supported within a week." in page


def test_only_the_values_a_section_knows_of_make_a_key_of_their_own(
    client_for: SignedInClient, victim_chair: User, victim_board: Board
) -> None:
    action = ActionFactory(plan=ActionPlanFactory(board=victim_board), title="MARAC case review")
    client = client_for(victim_chair)
    url = reverse("action-detail", args=[action.pk])
    _visit(client, f"{url}?all=anything&all=else")
    _, again = _visit(client, url)
    assert not _reads(again, '"actions_progressupdate"')
    _, whole = _visit(client, f"{url}?all=updates")
    assert _reads(whole, '"actions_progressupdate"')
    looked = caches["default"].get(sections.LOOKED_AT_KEY)
    assert sorted(showing.asked for showing in looked) == [(("all", ()),), (("all", ("updates",)),)]


def test_the_looks_kept_are_the_newest_few(
    client_for: SignedInClient,
    victim_chair: User,
    victim_board: Board,
    swp_board: Board,
    executive_board: Board,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sections, "LOOKED_AT_MOST", 2)
    monkeypatch.setattr(sections, "LOOK_RECORDED_AGAIN_AFTER", 0)
    client = client_for(victim_chair)
    for board in (victim_board, swp_board, executive_board):
        _board_page(client, board)
    looked = caches["default"].get(sections.LOOKED_AT_KEY)
    assert sorted(showing.objects[0][2] for showing in looked) == sorted([swp_board.pk, executive_board.pk])


def _ledger(client: Client, query: str = "") -> tuple[str, list[str]]:
    return _visit(client, f"{reverse('escalation-list')}{query}")


def _ledger_read(queries: list[str]) -> bool:
    return _reads(queries, 'FROM "boards_escalation"')


def test_a_list_is_shared_unfiltered_and_rendered_for_each_request_filtered(
    client_for: SignedInClient, executive_chair: User, swp_chair: User, victim_board: Board
) -> None:
    for n in range(30):
        EscalationFactory(board=victim_board, title=f"Trend {n:02}")
    _ledger(client_for(executive_chair))
    page, queries = _ledger(client_for(swp_chair))
    assert not _ledger_read(queries)
    assert "30 escalations" in page
    for _ in range(2):
        filtered, queries = _ledger(client_for(swp_chair), "?state=raised")
        assert _ledger_read(queries)
    assert 'href="?state=raised&amp;page=2"' in filtered


def test_a_refused_filter_names_the_error_in_the_title_and_above_the_list(
    client_for: SignedInClient, executive_chair: User
) -> None:
    page, _ = _ledger(client_for(executive_chair), "?older_than=soon")
    assert "<title>Error: " in page
    assert page.index("govuk-error-summary") < page.index('<h1 class="govuk-heading-xl">Escalations</h1>')


def _plan_page(client: Client, query: str = "") -> tuple[str, list[str]]:
    return _visit(client, f"/boards/victim/plan/{query}")


def _actions_read(queries: list[str]) -> bool:
    return _reads(queries, 'FROM "actions_action"')


def test_a_plan_filtered_by_fixed_choices_is_shared_and_by_anything_else_rendered_for_the_request(
    client_for: SignedInClient, victim_chair: User, uncleared_member: User, victim_board: Board
) -> None:
    plan = ActionPlanFactory(board=victim_board, status=PlanStatus.APPROVED)
    for n in range(3):
        ActionFactory(plan=plan, title=f"Action {n}", rag=Rag.RED)
    member = client_for(uncleared_member)
    for query in ("", "?progress=red&status=in_progress&sort=due_date"):
        _plan_page(client_for(victim_chair), query)
        _, queries = _plan_page(member, query)
        assert not _actions_read(queries), query
    for query in ("?page=1", f"?owner={victim_chair.pk}", "?progress=red&progress=purple"):
        for _ in range(2):
            _, queries = _plan_page(client_for(uncleared_member), query)
            assert _actions_read(queries), query


def test_the_chair_of_a_draft_moves_its_actions_and_no_one_else_sees_the_buttons(
    client_for: SignedInClient, victim_chair: User, uncleared_member: User, victim_board: Board
) -> None:
    plan = ActionPlanFactory(board=victim_board, status=PlanStatus.DRAFT)
    objective = ObjectiveFactory(board=victim_board)
    for n in range(2):
        ActionFactory(plan=plan, objective=objective, title=f"Action {n}")
    member_page, _ = _plan_page(client_for(uncleared_member))
    chair_page, _ = _plan_page(client_for(victim_chair))
    again, _ = _plan_page(client_for(uncleared_member))
    assert "Move down" in chair_page
    assert "Move down" not in member_page
    assert "Move down" not in again


def test_beat_renders_them_again_every_refresh_and_each_lasts_until_the_next(
    client_for: SignedInClient, victim_chair: User, victim_board: Board, settings: Any
) -> None:
    entry = next(entry for entry in celery_app.conf.beat_schedule.values() if entry["task"].endswith("prebuild"))
    assert entry["task"] == "swp.tasks.sections_prebuild"
    assert entry["schedule"] == sections.REFRESH_SECONDS
    _board_page(client_for(victim_chair), victim_board)
    with mock.patch.object(caches["default"], "set_many", wraps=caches["default"].set_many) as kept:
        assert sections.sections_prebuild() > 0
    assert kept.call_args.kwargs["timeout"] == settings.PAGE_CACHE_SECONDS + sections.REFRESH_SECONDS
