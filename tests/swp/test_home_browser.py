"""A board chair signs in with a real browser, finds their board, and every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from boards.models import Board
from swp.models import User
from tests.browser import assert_no_axe_violations, sign_in
from tests.priorities.factories import AimFactory, ObjectiveFactory, PrincipleFactory, StrategyFactory

pytestmark = pytest.mark.browser


def test_the_sign_in_page_passes_axe(browser_page: Page, browser_errors: list[str], live_server: LiveServer) -> None:
    browser_page.goto(f"{live_server.url}/accounts/login/")
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_no_axe_violations(browser_page)
    assert browser_errors == []


def test_a_sign_in_with_the_wrong_password_is_explained_accessibly(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, victim_chair: User
) -> None:
    with pytest.raises(AssertionError, match="Signing in as victim-chair failed"):
        sign_in(browser_page, live_server.url, victim_chair.username, "not-the-password")
    expect(browser_page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    assert_no_axe_violations(browser_page)


@pytest.fixture
def victim_board_with_priorities(victim_board: Board) -> Board:
    StrategyFactory(partnership=victim_board.partnership)
    PrincipleFactory(partnership=victim_board.partnership, text="Prevention and early intervention.")
    AimFactory(board=victim_board, text="Reduce the number of repeat victims.")
    ObjectiveFactory(board=victim_board, text="Identify repeat victims early.")
    return victim_board


def test_a_chair_signs_in_sees_the_partnership_and_opens_their_board(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    victim_chair: User,
    victim_board_with_priorities: Board,
    contest_board: Board,
    test_password: str,
) -> None:
    sign_in(browser_page, live_server.url, victim_chair.username, test_password)

    expect(browser_page).to_have_url(f"{live_server.url}/")
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Safer Westminster Partnership")
    # The chair is not cleared for CONTEST: it is named in the structure but offers no link.
    expect(browser_page.get_by_text("CONTEST Board")).to_be_visible()
    expect(browser_page.get_by_role("link", name="CONTEST Board")).to_have_count(0)

    browser_page.get_by_role("link", name="Victim Board").click()

    expect(browser_page).to_have_url(f"{live_server.url}/boards/victim/")
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Victim Board")
    expect(browser_page.get_by_text("Reduce the number of repeat victims.")).to_be_visible()
    expect(browser_page.get_by_text("Identify repeat victims early.")).to_be_visible()
    assert browser_errors == []


def test_the_home_page_passes_axe(
    browser_page: Page,
    live_server: LiveServer,
    victim_chair: User,
    victim_board_with_priorities: Board,
    contest_board: Board,
    test_password: str,
) -> None:
    sign_in(browser_page, live_server.url, victim_chair.username, test_password)
    assert_no_axe_violations(browser_page)


def test_a_board_page_passes_axe(
    browser_page: Page,
    live_server: LiveServer,
    victim_chair: User,
    victim_board_with_priorities: Board,
    test_password: str,
) -> None:
    sign_in(browser_page, live_server.url, victim_chair.username, test_password)
    browser_page.goto(f"{live_server.url}/boards/victim/")
    assert_no_axe_violations(browser_page)
