"""Sessions: a new id at sign-in, an idle limit, a longest session, and an end to every session of a
person who loses access (docs/adr/0004-ending-sessions.md)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from boards.choices import MembershipRole
from boards.models import Board
from swp.choices import AuditEventKind, Clearance, PartnershipRole
from swp.middleware import SESSION_VERSION
from swp.models import AuditEvent, RoleAssignment, User
from tests.boards.factories import MembershipFactory

SECOND = datetime.timedelta(seconds=1)
IDLE = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
LONGEST = datetime.timedelta(seconds=settings.SESSION_MAX_AGE_SECONDS)


def _signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _sign_in(user: User, password: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    return client


class TestSignIn:
    def test_signing_in_gives_a_new_session_id(self, victim_chair: User, test_password: str) -> None:
        client = Client()
        anonymous = client.session
        anonymous["chosen"] = "before signing in"
        anonymous.save()
        before = anonymous.session_key

        client.post("/accounts/login/", {"username": victim_chair.username, "password": test_password})

        after = client.session.session_key
        assert after not in (None, before)
        assert not Session.objects.filter(session_key=before).exists()

    def test_no_page_a_signed_in_person_sees_is_kept_by_the_browser_or_a_cache(
        self, victim_chair: User, test_password: str
    ) -> None:
        client = _sign_in(victim_chair, test_password)

        for response in (client.get("/"), client.get("/boards/victim/"), client.post("/accounts/logout/")):
            directives = {part.strip() for part in response["Cache-Control"].split(",")}
            assert {"no-store", "private"} <= directives

    def test_sign_in_and_sign_out_are_in_the_audit_log(self, victim_chair: User, test_password: str) -> None:
        client = _sign_in(victim_chair, test_password)
        client.post("/accounts/logout/")

        events = AuditEvent.objects.filter(actor=victim_chair).order_by("pk").values_list("kind", "ip_address")
        assert list(events) == [(AuditEventKind.SIGNED_IN, "127.0.0.1"), (AuditEventKind.SIGNED_OUT, "127.0.0.1")]


class TestTimeLimits:
    def test_a_session_left_idle_for_the_idle_limit_has_ended(
        self, clock: time_machine.Coordinates, victim_chair: User, test_password: str
    ) -> None:
        client = _sign_in(victim_chair, test_password)
        clock.shift(IDLE + SECOND)

        response = client.get("/")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/"

    def test_each_request_restarts_the_idle_limit(
        self, clock: time_machine.Coordinates, victim_chair: User, test_password: str
    ) -> None:
        client = _sign_in(victim_chair, test_password)
        for _ in range(3):
            clock.shift(IDLE - SECOND)
            assert _signed_in(client)

    def test_a_busy_session_still_ends_at_the_longest_session_and_says_why(
        self, clock: time_machine.Coordinates, victim_chair: User, test_password: str
    ) -> None:
        client = _sign_in(victim_chair, test_password)
        step = IDLE / 2
        active = datetime.timedelta(0)
        while active + step <= LONGEST:
            clock.shift(step)
            active += step
            assert _signed_in(client)
        clock.shift(LONGEST - active + SECOND)

        response = client.get("/", follow=True)

        assert response.redirect_chain[-1][0] == "/accounts/login/?next=/"
        hours = settings.SESSION_MAX_AGE_SECONDS // 3600
        assert f"you had been signed in for more than {hours} hours" in response.content.decode()
        ended = AuditEvent.objects.get(kind=AuditEventKind.SESSION_ENDED)
        assert (ended.actor, ended.details) == (victim_chair, {"reason": "max_age"})


class TestLosingAccess:
    @pytest.fixture
    def cleared_client(self, contest_chair: User, test_password: str) -> Client:
        client = _sign_in(contest_chair, test_password)
        assert client.get("/boards/contest/").status_code == 200
        return client

    def _assert_signed_out_with_reason(self, client: Client) -> None:
        response = client.get("/boards/contest/", follow=True)
        assert response.redirect_chain[-1][0] == "/accounts/login/?next=/boards/contest/"
        assert "your access to the service has changed" in response.content.decode()

    def test_deactivating_a_person_ends_their_session_at_once(
        self, cleared_client: Client, contest_chair: User
    ) -> None:
        contest_chair.is_active = False
        contest_chair.save()

        response = cleared_client.get("/boards/contest/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/boards/contest/"

    def test_reactivating_them_does_not_bring_the_old_session_back(
        self, cleared_client: Client, contest_chair: User
    ) -> None:
        contest_chair.is_active = False
        contest_chair.save()
        contest_chair.is_active = True
        contest_chair.save()

        self._assert_signed_out_with_reason(cleared_client)

    def test_lowering_their_clearance_ends_their_session(self, cleared_client: Client, contest_chair: User) -> None:
        contest_chair.clearance = Clearance.BPSS
        contest_chair.save()

        self._assert_signed_out_with_reason(cleared_client)

    def test_raising_it_or_changing_anything_else_does_not(self, cleared_client: Client, contest_chair: User) -> None:
        contest_chair.clearance = Clearance.SC
        contest_chair.job_title = "Prevent lead"
        contest_chair.save()

        assert cleared_client.get("/boards/contest/").status_code == 200

    def test_removing_a_partnership_role_ends_their_session(self, contest_chair: User, test_password: str) -> None:
        role = RoleAssignment.objects.create(user=contest_chair, role=PartnershipRole.EXECUTIVE)
        client = _sign_in(contest_chair, test_password)

        role.delete()

        self._assert_signed_out_with_reason(client)

    def test_removing_a_seat_on_a_board_ends_their_session(
        self, cleared_client: Client, contest_chair: User, contest_board: Board
    ) -> None:
        contest_board.memberships.get(user=contest_chair, role=MembershipRole.CHAIR).delete()

        self._assert_signed_out_with_reason(cleared_client)

    def test_being_given_a_seat_does_not(
        self, cleared_client: Client, contest_chair: User, victim_board: Board
    ) -> None:
        MembershipFactory(board=victim_board, user=contest_chair, role=MembershipRole.MEMBER)

        assert cleared_client.get("/boards/contest/").status_code == 200

    def test_other_people_keep_their_sessions(
        self, cleared_client: Client, contest_chair: User, victim_chair: User, test_password: str
    ) -> None:
        other = _sign_in(victim_chair, test_password)

        contest_chair.is_active = False
        contest_chair.save()

        assert _signed_in(other)

    def test_a_session_from_before_these_limits_is_ended(self, victim_chair: User, test_password: str) -> None:
        client = _sign_in(victim_chair, test_password)
        session = client.session
        del session[SESSION_VERSION]
        session.save()

        assert client.get("/").status_code == 302
