"""The Content Security Policy in a real browser: the pages' own script runs under it, and a
violation is caught, which is what makes every browser test fail on one (tests/conftest.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from swp.models import User
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_the_inline_script_allowed_by_its_hash_runs_and_gov_uk_frontend_starts(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, victim_chair: User, test_password: str
) -> None:
    page = browser_page
    sign_in(page, live_server.url, victim_chair.username, test_password)

    assert page.evaluate("document.body.className").split() == [
        "govuk-template__body",
        "js-enabled",
        "govuk-frontend-supported",
    ]
    # GOV.UK Frontend's module marks each component it starts, so this proves static/swp/init.js ran.
    assert page.locator("[data-govuk-service-navigation-init]").count() == 1
    assert browser_errors == []


def test_an_inline_style_or_script_is_blocked_and_reported(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")

    page.evaluate(
        """() => {
            document.body.setAttribute("style", "background: red");
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_function("() => true")

    assert page.evaluate("window.injected") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    reported = sorted(error.split(" blocked ")[0] for error in browser_errors)
    assert reported == ["CSP: script-src-elem", "CSP: style-src-attr"]
    # Handled here on purpose, so the automatic check after each browser test has nothing to fail on.
    browser_errors.clear()
