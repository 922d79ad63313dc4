"""Key pages kept for repeat visits (swp/page_cache.py): served again only to the session that
asked, and never after anything has been written.

These tests commit their writes (transaction=True), as the service does: inside a test's own
transaction every write is uncommitted, and the cache stays out of the way by design.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.template import Template
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from boards.models import Board, Meeting
from boards.tasks import escalations_escalate_overdue
from swp import page_cache
from swp.models import User
from tests.boards.factories import EscalationFactory, MeetingFactory
from tests.browser import sign_in, sign_out
from tests.responses import csrf_token_of
from tests.swp.factories import TEST_PASSWORD
from tests.worker import running_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache_on")]

SignedInClient = Callable[[User], Client]
# What any signed-in request asks, page or not: the session and the person (then the session saved).
MIDDLEWARE_TABLES = ("django_session", "swp_user")


@pytest.fixture
def client_for(client_for: SignedInClient) -> SignedInClient:
    """Signed in, and holding the CSRF cookie a browser has from the sign-in page."""

    def browsing(user: User) -> Client:
        client = client_for(user)
        client.get(reverse("accessibility"))
        assert django_settings.CSRF_COOKIE_NAME in client.cookies
        return client

    return browsing


@pytest.fixture
def board_page_kept(client_for: SignedInClient, victim_chair: User, victim_board: Board) -> tuple[Client, str]:
    """The victim chair's client, having opened their board page once, and the page's address."""
    client = client_for(victim_chair)
    url = reverse("board-detail", args=[victim_board.slug])
    _get(client, url)
    return client, url


def _get(client: Client, url: str) -> tuple[HttpResponse, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured]


def _rendered(queries: list[str]) -> bool:
    """Whether the page read anything but what the middleware reads for every request."""
    statements = [sql for sql in queries if sql.split(None, 1)[0] in {"SELECT", "INSERT", "UPDATE", "DELETE"}]
    return any(not any(table in sql for table in MIDDLEWARE_TABLES) for sql in statements)


def test_a_repeat_visit_is_served_as_rendered_without_reading_the_data(
    client_for: SignedInClient, victim_chair: User, victim_board: Board
) -> None:
    client = client_for(victim_chair)
    url = reverse("board-detail", args=[victim_board.slug])
    first, first_queries = _get(client, url)
    again, again_queries = _get(client, url)
    assert _rendered(first_queries)
    assert not _rendered(again_queries), again_queries
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def _save(board: Board, name: str) -> None:
    board.name = name
    board.save()


def _update(board: Board, name: str) -> None:
    Board.objects.filter(pk=board.pk).update(name=name)


def _bulk_update(board: Board, name: str) -> None:
    board.name = name
    Board.objects.bulk_update([board], ["name"])


def _raw_sql(board: Board, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Board._meta.db_table} SET name = %s WHERE id = %s", [name, board.pk])  # noqa: S608


@pytest.mark.parametrize("write", [_save, _update, _bulk_update, _raw_sql])
def test_any_write_ends_the_kept_pages_however_it_is_made(
    board_page_kept: tuple[Client, str], victim_board: Board, write: Callable[[Board, str], None]
) -> None:
    client, url = board_page_kept
    write(victim_board, "Victims and Witnesses Board")
    response, queries = _get(client, url)
    assert _rendered(queries)
    assert "Victims and Witnesses Board" in response.content.decode()


def test_only_committed_data_is_kept(board_page_kept: tuple[Client, str], victim_board: Board) -> None:
    client, url = board_page_kept
    with transaction.atomic():
        _update(victim_board, "A name never committed")
        # The same connection sees its own write, so the page is rendered, and must not be kept.
        during, _ = _get(client, url)
        assert "A name never committed" in during.content.decode()
        transaction.set_rollback(True)
    after, queries = _get(client, url)
    assert "A name never committed" not in after.content.decode()
    assert not _rendered(queries), "the page kept before the rolled-back write is still true"


def test_a_write_inside_a_transaction_ends_the_pages_when_it_commits(
    board_page_kept: tuple[Client, str], victim_board: Board
) -> None:
    client, url = board_page_kept
    with mock.patch.object(page_cache, "pages_forget", wraps=page_cache.pages_forget) as forget:
        with transaction.atomic():
            _update(victim_board, "Renamed in a transaction")
            _update(victim_board, "Renamed twice in a transaction")
            assert forget.call_count == 0
        assert forget.call_count == 1
    response, _ = _get(client, url)
    assert "Renamed twice in a transaction" in response.content.decode()


def test_saving_a_session_ends_no_page(client_for: SignedInClient, victim_chair: User) -> None:
    """Every request saves its session (SESSION_SAVE_EVERY_REQUEST): were that a write that counts,
    no page would ever be served again."""
    client = client_for(victim_chair)
    _get(client, reverse("home"))
    for _ in range(2):
        _, queries = _get(client, reverse("home"))
        assert any("django_session" in sql and sql.startswith("UPDATE") for sql in queries)
        assert not _rendered(queries)


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('SELECT "boards_board"."id" FROM "boards_board"', False),
        ('SELECT 1 FROM "actions_action" FOR UPDATE', False),
        ('SAVEPOINT "s1"', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('DELETE FROM "axes_accessattempt" WHERE "username" = %s', False),
        ('INSERT INTO "actions_action" ("title") VALUES (%s)', True),
        ('UPDATE "boards_board" SET "name" = %s', True),
        ('DELETE FROM "boards_membership" WHERE "id" IN (%s)', True),
        ('TRUNCATE "boards_board"', True),
        ('EXPLAIN ANALYZE UPDATE "boards_board" SET "name" = %s', True),
        ('UPDATE "django_session" SET "expire_date" = %s; UPDATE "boards_board" SET "name" = %s', True),
        ('INSERT INTO "swp_auditevent" ("kind") VALUES (%s)', False),
        ('UPDATE "swp_user" SET "last_login" = %s WHERE "swp_user"."id" = %s', False),
        ('UPDATE "swp_user" SET "last_login" = %s, "is_active" = %s WHERE "swp_user"."id" = %s', True),
        ('UPDATE "swp_user" SET "last_login" = %s WHERE "id" = %s; UPDATE "boards_board" SET "name" = %s', True),
        ('WITH moved AS (UPDATE "actions_action" SET "order" = 1) SELECT 1', True),
    ],
)
def test_which_statements_end_the_kept_pages(sql: str, writes: bool) -> None:
    assert page_cache._writes_shown_rows(sql) is writes


def test_nobody_is_served_a_page_rendered_for_someone_else(
    client_for: SignedInClient, contest_chair: User, contest_board: Board, uncleared_member: User
) -> None:
    url = reverse("board-detail", args=[contest_board.slug])
    first_session, other_session = client_for(contest_chair), client_for(contest_chair)
    # Not even the same person in another session holding the same CSRF cookie.
    csrf_cookie = django_settings.CSRF_COOKIE_NAME
    other_session.cookies[csrf_cookie] = first_session.cookies[csrf_cookie].value
    cleared, _ = _get(first_session, url)
    assert "CONTEST" in cleared.content.decode()
    _, queries = _get(other_session, url)
    assert _rendered(queries)
    assert client_for(uncleared_member).get(url).status_code == 404


def test_a_record_hidden_from_someone_leaves_their_kept_pages(
    client_for: SignedInClient, uncleared_member: User, victim_board: Board, contest_board: Board
) -> None:
    """Their session goes on (only losing their own clearance ends it), so only the write can end the page."""
    MeetingFactory(partnership=victim_board.partnership, boards=[victim_board], title="Prevent case panel")
    client = client_for(uncleared_member)
    url = reverse("meeting-list")
    _get(client, url)
    kept, queries = _get(client, url)
    assert not _rendered(queries)
    assert "Prevent case panel" in kept.content.decode()
    Meeting.objects.get(title="Prevent case panel").boards.add(contest_board)
    after, _ = _get(client, url)
    assert "Prevent case panel" not in after.content.decode()


def test_a_waiting_message_is_shown_and_never_kept(board_page_kept: tuple[Client, str]) -> None:
    client, url = board_page_kept
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Board details saved.")])
    with_message, queries = _get(client, url)
    assert "Board details saved." in with_message.content.decode()
    assert _rendered(queries)
    after, _ = _get(client, url)
    assert "Board details saved." not in after.content.decode()


def _sign_out_from(client: Client, page: HttpResponse) -> HttpResponse:
    """Press the page's Sign out button: post its form with the CSRF token the page carries."""
    return client.post(reverse("logout"), {"csrfmiddlewaretoken": csrf_token_of(page.content)})


def test_the_forms_on_a_kept_page_carry_a_token_its_session_accepts(victim_chair: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(victim_chair)
    for _ in range(2):  # the first sets the CSRF cookie, the second is kept
        _get(client, reverse("home"))
    kept, queries = _get(client, reverse("home"))
    assert not _rendered(queries)
    assert _sign_out_from(client, kept).status_code == 302


def test_a_session_without_a_csrf_cookie_is_not_served_kept_pages(victim_chair: User) -> None:
    """Its forms would carry a token for a secret it does not hold."""
    client = Client()
    client.force_login(victim_chair)
    _get(client, reverse("home"))
    for _ in range(2):
        client.cookies.pop(django_settings.CSRF_COOKIE_NAME)
        _, queries = _get(client, reverse("home"))
        assert _rendered(queries)


def test_without_the_shared_cache_pages_are_rendered_afresh(board_page_kept: tuple[Client, str]) -> None:
    client, url = board_page_kept
    with mock.patch.object(page_cache.caches["default"], "get", side_effect=ConnectionError("Redis is down")):
        _, queries = _get(client, url)
    assert _rendered(queries)


def test_off_when_set_to_zero(settings: Settings, client_for: SignedInClient, victim_chair: User) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    client = client_for(victim_chair)
    _get(client, reverse("home"))
    _, queries = _get(client, reverse("home"))
    assert _rendered(queries)


@pytest.mark.browser
def test_in_a_browser_a_repeat_visit_is_kept_and_a_change_shows_at_once(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, victim_chair: User, victim_board: Board
) -> None:
    rendered: list[str] = []

    def on_render(sender: object, template: Template, **kwargs: object) -> None:
        rendered.append(str(template.name))

    sign_in(browser_page, live_server.url, victim_chair.username, TEST_PASSWORD)
    browser_page.goto(f"{live_server.url}{reverse('board-detail', args=[victim_board.slug])}")
    heading = browser_page.get_by_role("heading", level=1)
    expect(heading).to_have_text(victim_board.name)
    template_rendered.connect(on_render)
    try:
        browser_page.reload()
        expect(heading).to_have_text(victim_board.name)
        assert rendered == [], "the repeat visit was rendered again"
        Board.objects.filter(pk=victim_board.pk).update(name="Victims and Witnesses Board")
        browser_page.reload()
        expect(heading).to_have_text("Victims and Witnesses Board")
        assert "boards/board_detail.html" in rendered
        rendered.clear()
        browser_page.reload()
        assert rendered == []
    finally:
        template_rendered.disconnect(on_render)
    # The kept page's sign-out form carries a CSRF token the session accepts.
    sign_out(browser_page)
    assert browser_errors == []


def test_the_token_is_read_before_anything_the_page_is_made_of(board_page_kept: tuple[Client, str]) -> None:
    """Read after the person, a change to them committed in between would be kept under the new token."""
    client, url = board_page_kept
    queries_before_token: list[int] = []

    def generation_current() -> str | None:
        queries_before_token.append(len(captured))
        return real()

    real = page_cache.generation_current
    with (
        CaptureQueriesContext(connection) as captured,
        mock.patch.object(page_cache, "generation_current", generation_current),
    ):
        client.get(url)
    assert queries_before_token == [0]


def test_a_csrf_cookie_the_middleware_refuses_is_not_served_kept_pages(victim_chair: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(victim_chair)
    for _ in range(2):
        client.cookies[django_settings.CSRF_COOKIE_NAME] = "not-a-valid-csrf-cookie!"
        response, queries = _get(client, reverse("home"))
        assert _rendered(queries)
    assert _sign_out_from(client, response).status_code == 302


def test_failed_sign_ins_end_no_page(board_page_kept: tuple[Client, str], victim_chair: User) -> None:
    """Sign-in attempts are logged, and must not let anyone keep every page from being kept."""
    client, url = board_page_kept
    refused = Client().post(reverse("login"), {"username": victim_chair.username, "password": "not-the-password"})
    assert refused.status_code == 200
    _, queries = _get(client, url)
    assert not _rendered(queries)


@pytest.mark.worker
def test_a_write_by_a_celery_worker_ends_the_kept_pages(
    client_for: SignedInClient, executive_chair: User, victim_board: Board, page_cache_on: str
) -> None:
    EscalationFactory(
        board=victim_board,
        title="Drug litter near schools",
        raised_at=timezone.now() - datetime.timedelta(days=django_settings.ESCALATION_AGE_DAYS + 1),
    )
    client = client_for(executive_chair)
    url = reverse("escalation-list")
    before, _ = _get(client, url)
    _, queries = _get(client, url)
    assert not _rendered(queries)
    database = urlsplit(os.environ.get("DATABASE_URL", ""))._replace(path=f"/{connection.settings_dict['NAME']}")
    with running_worker({"DATABASE_URL": database.geturl(), "CACHE_KEY_PREFIX": page_cache_on}):
        assert escalations_escalate_overdue.delay().get(timeout=30) == 1
    after, queries = _get(client, url)
    assert _rendered(queries)
    assert after.content != before.content


def test_pages_that_are_never_kept_do_not_read_the_token(client_for: SignedInClient, victim_chair: User) -> None:
    client = client_for(victim_chair)
    with mock.patch.object(page_cache, "generation_current", wraps=page_cache.generation_current) as read:
        assert client.get(reverse("accessibility")).status_code == 200
        assert client.get("/no-such-page/").status_code == 404
        assert read.call_count == 0
        client.get(reverse("home"))
        assert read.call_count == 1


def test_signing_in_ends_no_page(board_page_kept: tuple[Client, str], victim_chair: User) -> None:
    client, url = board_page_kept
    Client().force_login(victim_chair)  # the same person, signing in elsewhere
    _, queries = _get(client, url)
    assert not _rendered(queries)


def test_a_token_that_cannot_be_replaced_ends_this_process_pages(
    board_page_kept: tuple[Client, str], victim_board: Board
) -> None:
    client, url = board_page_kept
    with mock.patch.object(page_cache.caches["default"], "set", side_effect=ConnectionError("Redis is down")):
        _update(victim_board, "Renamed while Redis was down")
    response, queries = _get(client, url)
    assert _rendered(queries)
    assert "Renamed while Redis was down" in response.content.decode()
