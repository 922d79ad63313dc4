"""The scheduled job that sends unresolved escalations up to the Executive, run with frozen time."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from pytest_django.fixtures import Settings

from boards.choices import EscalationState
from boards.models import Board, Escalation
from boards.tasks import escalations_escalate_overdue, escalations_sent_up_notify
from swp.celery import app as celery_app
from swp.models import User
from tests.boards.factories import EscalationFactory
from tests.mail import FlakyMailServer

pytestmark = pytest.mark.django_db

RAISED_AT = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def ten_day_age(settings: Settings) -> None:
    """Not the default, so the tests show the job follows the setting."""
    settings.ESCALATION_AGE_DAYS = 10


def _run_at(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return escalations_escalate_overdue.delay().get()


def _raised(board: Board, state: str = EscalationState.RAISED, **fields: object) -> Escalation:
    return EscalationFactory(board=board, state=state, raised_at=RAISED_AT, state_changed_at=RAISED_AT, **fields)


def test_it_is_scheduled_daily_and_names_a_real_task() -> None:
    entry = celery_app.conf.beat_schedule["escalations-escalate-overdue"]
    assert entry["task"] in celery_app.tasks
    assert entry["task"] == escalations_escalate_overdue.name


def test_not_a_second_before_the_configured_age(victim_board: Board) -> None:
    escalation = _raised(victim_board)
    assert _run_at(RAISED_AT + datetime.timedelta(days=10, seconds=-1)) == 0
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.RAISED
    assert not escalation.events.exists()


def test_exactly_at_the_configured_age_it_goes_to_the_executive_once(victim_board: Board) -> None:
    escalation = _raised(victim_board)
    due = RAISED_AT + datetime.timedelta(days=10)

    assert _run_at(due) == 1
    assert _run_at(due) == 0
    assert _run_at(due + datetime.timedelta(days=1)) == 0

    escalation.refresh_from_db()
    assert escalation.state == EscalationState.ESCALATED
    assert escalation.escalated_at == escalation.state_changed_at == due
    (event,) = escalation.events.all()
    assert (event.from_state, event.to_state, event.by, event.at) == (
        EscalationState.RAISED,
        EscalationState.ESCALATED,
        None,
        due,
    )
    assert "10 days" in event.note


def test_an_accepted_but_unresolved_escalation_goes_up_too(victim_board: Board) -> None:
    escalation = _raised(victim_board, EscalationState.ACCEPTED)
    assert _run_at(RAISED_AT + datetime.timedelta(days=11)) == 1
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.ESCALATED


@pytest.mark.parametrize("state", [EscalationState.DECLINED, EscalationState.RESOLVED, EscalationState.ESCALATED])
def test_answered_escalations_stay_where_they_are(victim_board: Board, state: str) -> None:
    escalation = _raised(victim_board, state)
    assert _run_at(RAISED_AT + datetime.timedelta(days=30)) == 0
    escalation.refresh_from_db()
    assert escalation.state == state


def test_one_the_executive_took_back_as_accepted_is_never_sent_up_again(victim_board: Board) -> None:
    escalation = _raised(victim_board, EscalationState.ACCEPTED, escalated_at=RAISED_AT + datetime.timedelta(days=10))
    assert _run_at(RAISED_AT + datetime.timedelta(days=40)) == 0
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.ACCEPTED


def test_one_raised_to_the_executive_itself_is_left_for_the_executive(executive_board: Board) -> None:
    escalation = _raised(executive_board)
    assert _run_at(RAISED_AT + datetime.timedelta(days=40)) == 0
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.RAISED


def test_the_executive_is_told_once(
    settings: Settings,
    victim_board: Board,
    executive_chair: User,
    victim_chair: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.SITE_URL = "https://swp.example.org"
    escalation = _raised(victim_board, title="Moped-enabled phone snatches")
    due = RAISED_AT + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        _run_at(due)
        _run_at(due)

    (message,) = mail.outbox
    assert message.to == [executive_chair.email]
    assert message.subject == "Escalation sent to the Executive: Victim Board - Moped-enabled phone snatches"
    assert "has gone up to the Executive by itself" in message.body
    assert "within 10 days of its being raised" in message.body
    assert f"   https://swp.example.org/escalations/{escalation.pk}/\n" in message.body


def test_a_backlog_sent_up_in_one_run_is_one_email_to_each_member_listing_what_they_may_open(
    victim_board: Board,
    contest_board: Board,
    executive_chair: User,
    cleared_executive_member: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    for title in ("Phone snatches", "Cuckooing in Church Street", "Rough sleeping in doorways"):
        _raised(victim_board, title=title)
    _raised(contest_board, title="Extremist stickers near a school")

    with django_capture_on_commit_callbacks(execute=True):
        assert _run_at(RAISED_AT + datetime.timedelta(days=30)) == 4

    emails = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == len(emails) == 2
    to_chair, to_cleared = emails[executive_chair.email], emails[cleared_executive_member.email]
    assert to_chair.subject == "3 escalations sent to the Executive"
    assert to_cleared.subject == "4 escalations sent to the Executive"
    assert "3 escalations that no board resolved within 10 days" in to_chair.body
    for title in ("Phone snatches", "Cuckooing in Church Street", "Rough sleeping in doorways"):
        assert title in to_chair.body
        assert title in to_cleared.body
    assert "Extremist stickers" in to_cleared.body
    assert "Extremist stickers" not in to_chair.body
    assert "CONTEST" not in to_chair.body


def test_a_mail_server_failure_is_tried_again_not_lost(
    settings: Settings, victim_board: Board, executive_chair: User, django_capture_on_commit_callbacks: Callable
) -> None:
    escalation = _raised(victim_board, title="Phone snatches")
    with django_capture_on_commit_callbacks(execute=False):
        _run_at(RAISED_AT + datetime.timedelta(days=10))
    settings.EMAIL_BACKEND = "tests.mail.FlakyMailServer"
    FlakyMailServer.failures_left = 1

    # Run in-process, a retry runs at once rather than after the worker's back-off.
    result = escalations_sent_up_notify.apply(args=[[escalation.pk]], throw=False)

    assert result.successful()
    assert FlakyMailServer.failures_left == 0
    assert [message.to for message in mail.outbox] == [[executive_chair.email]]
