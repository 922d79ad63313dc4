"""Signing in and out, and resetting a forgotten password by email, on GOV.UK pages.

Mail goes to Django's test outbox (pytest-django's mailoutbox): the tests run with the locmem
backend, as the console backend is only the default for running the service.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from swp.models import User
from tests.browser import assert_no_axe_violations, sign_in

NEW_PASSWORD = "a-new-long-passphrase-for-tests"


def _reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match[1]


class TestSignIn:
    def test_signing_in_goes_to_the_page_asked_for(
        self, client: Client, victim_chair: User, test_password: str
    ) -> None:
        response = client.post(
            "/accounts/login/", {"username": "victim-chair", "password": test_password, "next": "/my/actions/"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/my/actions/"
        assert client.get("/my/actions/").status_code == 200

    def test_a_wrong_password_is_explained_in_an_error_summary(self, client: Client, victim_chair: User) -> None:
        response = client.post("/accounts/login/", {"username": "victim-chair", "password": "wrong"})

        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html
        assert "Please enter a correct username and password." in html
        assert "_auth_user_id" not in client.session

    def test_a_missing_answer_is_named_and_the_title_says_there_is_an_error(self, client: Client, db: None) -> None:
        html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()

        assert "<title>Error: Sign in - " in html
        assert '<a href="#id_username">Enter your username</a>' in html
        assert '<a href="#id_password">Enter your password</a>' in html
        assert "<title>Error: " not in client.get("/accounts/login/").content.decode()

    def test_signing_out_ends_the_session(self, client: Client, victim_chair: User) -> None:
        client.force_login(victim_chair)

        response = client.post("/accounts/logout/")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/"
        assert client.get("/").status_code == 302

    def test_signing_out_needs_a_post_with_a_csrf_token(self, victim_chair: User) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(victim_chair)

        assert client.post("/accounts/logout/").status_code == 403
        assert client.get("/").status_code == 200


class TestPasswordReset:
    @pytest.mark.parametrize(
        "url", ["/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/"]
    )
    def test_the_reset_pages_are_public_gov_uk_pages(self, client: Client, db: None, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200
        assert b'class="govuk-heading-xl"' in response.content or b"govuk-panel__title" in response.content

    def test_a_person_resets_a_forgotten_password_by_email(
        self, client: Client, victim_chair: User, mailoutbox: list[mail.EmailMessage]
    ) -> None:
        response = client.post("/accounts/password_reset/", {"email": victim_chair.email})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password_reset/done/"

        (message,) = mailoutbox
        assert message.to == [victim_chair.email]
        assert message.subject == "Reset your password"
        link = _reset_link(message)

        form_page = client.get(link, follow=True)
        assert "Choose a new password" in form_page.content.decode()
        set_url = form_page.redirect_chain[-1][0]
        done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)

        assert "Your password has been changed" in done.content.decode()
        victim_chair.refresh_from_db()
        assert victim_chair.check_password(NEW_PASSWORD)
        signed_in = Client().post("/accounts/login/", {"username": "victim-chair", "password": NEW_PASSWORD})
        assert signed_in["Location"] == "/"

    def test_an_unknown_address_gets_the_same_answer_and_no_email(
        self, client: Client, db: None, mailoutbox: list[mail.EmailMessage]
    ) -> None:
        response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})

        assert response["Location"] == "/accounts/password_reset/done/"
        assert mailoutbox == []

    def test_mismatched_new_passwords_are_explained_beside_the_field(
        self, client: Client, victim_chair: User, mailoutbox: list[mail.EmailMessage]
    ) -> None:
        client.post("/accounts/password_reset/", {"email": victim_chair.email})
        set_url = client.get(_reset_link(mailoutbox[0]), follow=True).redirect_chain[-1][0]

        response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "something-else-entirely"})

        html = response.content.decode()
        assert "There is a problem" in html
        assert 'class="govuk-error-message"' in html
        assert "The two password fields didn\u2019t match." in html
        assert response.context["form"].errors
        victim_chair.refresh_from_db()
        assert not victim_chair.check_password(NEW_PASSWORD)

    def test_a_used_or_broken_link_says_it_does_not_work(self, client: Client, victim_chair: User) -> None:
        response = client.get("/accounts/reset/MQ/not-a-token/")

        assert response.status_code == 200
        assert "This link does not work" in response.content.decode()


@pytest.mark.browser
def test_the_password_reset_pages_work_in_a_browser_and_pass_axe(
    browser_page: Page,
    browser_errors: list[str],
    live_server: LiveServer,
    victim_chair: User,
    mailoutbox: list[mail.EmailMessage],
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("This field is required.")
    assert_no_axe_violations(page)

    page.get_by_label("Email").fill(victim_chair.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}{_reset_link(mailoutbox[0])}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_no_axe_violations(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_no_axe_violations(page)

    sign_in(page, live_server.url, victim_chair.username, NEW_PASSWORD)
    assert browser_errors == []


class TestChangePassword:
    def test_a_signed_in_person_changes_their_password(
        self, client_for, victim_chair: User, test_password: str
    ) -> None:
        client = client_for(victim_chair)
        assert client.get("/accounts/password_change/").status_code == 200
        response = client.post(
            "/accounts/password_change/",
            {"old_password": test_password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
        victim_chair.refresh_from_db()
        assert victim_chair.check_password(NEW_PASSWORD)

    def test_a_wrong_old_password_changes_nothing(self, client_for, victim_chair: User) -> None:
        response = client_for(victim_chair).post(
            "/accounts/password_change/",
            {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 200
        assert b"There is a problem" in response.content
        victim_chair.refresh_from_db()
        assert not victim_chair.check_password(NEW_PASSWORD)
