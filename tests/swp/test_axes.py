"""Sign-in throttling (django-axes): repeated failures lock a username, and an address, for a while;
the lockout page says so clearly; an administrator can unlock a person early."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from swp.choices import AuditEventKind
from swp.models import AuditEvent, User
from swp.network import client_ip
from tests.browser import assert_no_axe_violations

LOGIN = "/accounts/login/"


def _sign_in(client: Client, username: str, password: str, *, address: str = "203.0.113.7") -> int:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address).status_code


def _fail(client: Client, username: str, times: int, *, address: str = "203.0.113.7") -> None:
    for _ in range(times):
        _sign_in(client, username, "wrong", address=address)


class TestLockout:
    def test_wrong_passwords_are_explained_until_the_limit_then_signing_in_locks(
        self, client: Client, victim_chair: User
    ) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = client.post(LOGIN, {"username": "victim-chair", "password": "wrong"})
            assert response.status_code == 200
            assert "Please enter a correct username and password." in response.content.decode()

        response = client.post(LOGIN, {"username": "victim-chair", "password": "wrong"})

        assert response.status_code == 429
        assert "Signing in is locked" in response.content.decode()

    def test_a_locked_username_is_refused_even_with_the_right_password_from_anywhere(
        self, client: Client, victim_chair: User, test_password: str
    ) -> None:
        _fail(client, "victim-chair", settings.AXES_FAILURE_LIMIT)

        response = client.post(
            LOGIN, {"username": "victim-chair", "password": test_password}, REMOTE_ADDR="198.51.100.20"
        )

        assert response.status_code == 429
        html = response.content.decode()
        assert '<h1 class="govuk-heading-xl">Signing in is locked</h1>' in html
        assert f"entered {settings.AXES_FAILURE_LIMIT} times" in html
        assert "You can try again 15 minutes after the last wrong attempt." in html
        assert 'href="/accounts/password_reset/"' in html
        assert "_auth_user_id" not in client.session

    def test_an_address_that_tried_many_usernames_is_locked_for_every_username(
        self, client: Client, victim_chair: User, offender_chair: User, test_password: str
    ) -> None:
        for number in range(settings.AXES_FAILURE_LIMIT):
            _fail(client, f"guess-{number}", 1, address="192.0.2.50")

        assert _sign_in(client, "offender-chair", test_password, address="192.0.2.50") == 429
        assert _sign_in(client, "offender-chair", test_password, address="192.0.2.51") == 302

    def test_the_lock_lifts_after_the_cool_off_and_attempts_during_it_do_not_extend_it(
        self, client: Client, victim_chair: User, test_password: str
    ) -> None:
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            _fail(client, "victim-chair", settings.AXES_FAILURE_LIMIT)
            clock.shift(datetime.timedelta(minutes=10))
            assert _sign_in(client, "victim-chair", "wrong") == 429
            clock.shift(settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=10) + datetime.timedelta(seconds=1))

            assert _sign_in(client, "victim-chair", test_password) == 302

    def test_authenticating_from_code_without_a_request_is_not_throttled(self, victim_chair: User) -> None:
        assert authenticate(username="victim-chair", password="wrong") is None
        assert authenticate(username="victim-chair", password="correct-horse-battery-staple") == victim_chair


class TestAuditAndUnlock:
    def test_failures_and_the_lockout_are_in_the_audit_log(self, client: Client, victim_chair: User) -> None:
        _fail(client, "victim-chair", settings.AXES_FAILURE_LIMIT - 1)
        client.post(LOGIN, {"username": "victim-chair", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")

        signing_in = AuditEvent.objects.filter(kind__in=[AuditEventKind.SIGN_IN_FAILED, AuditEventKind.LOCKED_OUT])
        events = sorted(signing_in.values_list("kind", "actor_username", "ip_address"))
        failed = (AuditEventKind.SIGN_IN_FAILED, "victim-chair", "203.0.113.7")
        locked = (AuditEventKind.LOCKED_OUT, "victim-chair", "203.0.113.7")
        assert events == sorted([failed] * settings.AXES_FAILURE_LIMIT + [locked])

    def test_an_administrator_unlocks_a_person_from_the_admin(
        self, client: Client, victim_chair: User, admin_user: User, test_password: str
    ) -> None:
        _fail(client, "victim-chair", settings.AXES_FAILURE_LIMIT)
        admin = Client()
        admin.force_login(admin_user)

        response = admin.post(
            "/admin/swp/user/",
            {"action": "unlock_sign_in", "_selected_action": [victim_chair.pk]},
            follow=True,
        )

        assert "Signing in is unlocked for 1 people." in response.content.decode()
        assert _sign_in(client, "victim-chair", test_password, address="198.51.100.20") == 302
        cleared = AuditEvent.objects.get(kind=AuditEventKind.LOCKOUT_CLEARED)
        assert (cleared.actor, cleared.object_id, cleared.details) == (
            admin_user,
            str(victim_chair.pk),
            {"attempts_cleared": 1},
        )


class TestClientAddress:
    def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(
        self, rf: RequestFactory, settings: Settings
    ) -> None:
        settings.TRUSTED_PROXY_COUNT = 0
        request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert client_ip(request) == "10.0.0.1"

    @pytest.mark.parametrize(
        ("forwarded", "expected"),
        [
            ("203.0.113.9", "203.0.113.9"),
            ("6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left entry is whatever the client wrote
            ("", "10.0.0.1"),
            ("not-an-address", "10.0.0.1"),
        ],
    )
    def test_behind_one_proxy_the_address_it_saw_counts(
        self, rf: RequestFactory, settings: Settings, forwarded: str, expected: str
    ) -> None:
        settings.TRUSTED_PROXY_COUNT = 1
        request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert client_ip(request) == expected


@pytest.mark.browser
def test_the_lockout_page_in_a_browser_passes_axe(
    browser_page: Page, browser_errors: list[str], live_server: LiveServer, victim_chair: User
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}{LOGIN}")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("victim-chair")
        page.get_by_label("Password").fill("wrong")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is locked")
    assert_no_axe_violations(page)
    assert browser_errors == [
        "Console: Failed to load resource: the server responded with a status of 429 (Too Many Requests)"
    ]
