"""Emails about escalations: who is told, what they read, and that nobody hears of what they may not see."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import pytest
from django.core import mail
from pytest_django.fixtures import Settings

from boards.choices import EscalationState, MembershipRole, OutcomeKind
from boards.models import Board, Escalation, Meeting
from boards.notifications import escalation_notify
from boards.services import MeetingDetails, OutcomeRow, escalation_escalate, meeting_create
from boards.tasks import escalation_notify as escalation_notify_task
from swp.choices import PartnershipRole
from swp.models import User
from tests.boards.factories import MembershipFactory, escalation_from_meeting
from tests.mail import FlakyMailServer
from tests.swp.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _recipients() -> list[list[str]]:
    return sorted(message.to for message in mail.outbox)


def test_recording_an_escalation_tells_the_boards_chair_and_vice_chair_once_committed(
    settings: Settings,
    victim_board: Board,
    victim_chair: User,
    uncleared_member: User,
    tasking_officer: User,
    tasking_meeting: Meeting,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.SITE_URL = "https://swp.example.org"
    vice_chair = UserFactory(username="victim-vice-chair")
    MembershipFactory(board=victim_board, user=vice_chair, role=MembershipRole.VICE_CHAIR)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_create(
            partnership=victim_board.partnership,
            by=tasking_officer,
            details=MeetingDetails(
                kind=tasking_meeting.kind, title="Tasking", starts_at=tasking_meeting.starts_at, boards=[victim_board]
            ),
            outcomes=[
                OutcomeRow(kind=OutcomeKind.ESCALATION, summary="Repeat victims in Church Street", board=victim_board)
            ],
        )
    assert mail.outbox == []  # nothing is sent until the meeting is safely saved
    for callback in callbacks:
        callback()

    assert _recipients() == [[victim_chair.email], [vice_chair.email]]
    message = mail.outbox[0]
    assert message.subject == "Escalation raised: Victim Board - Repeat victims in Church Street"
    escalation = Escalation.objects.get()
    assert f"\nhttps://swp.example.org/escalations/{escalation.pk}/\n" in message.body
    assert "Tasking" in message.body


def test_sending_it_up_tells_those_who_answer_for_the_executive(
    victim_escalation: Escalation,
    executive_board: Board,
    executive_chair: User,
    victim_chair: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    member = UserFactory(username="executive-member")
    RoleAssignmentFactory(user=member, role=PartnershipRole.EXECUTIVE)
    # A seat without the role: the email asks its reader to answer, which they may not.
    seat_only = UserFactory(username="seat-only")
    MembershipFactory(board=executive_board, user=seat_only, role=MembershipRole.MEMBER)

    with django_capture_on_commit_callbacks(execute=True):
        escalation_escalate(escalation=victim_escalation, by=victim_chair, note="Needs the council's licensing team.")

    assert _recipients() == sorted([[executive_chair.email], [member.email]])
    for person in (executive_chair, member):
        assert person.has_perm("boards.act_on_escalation", victim_escalation)
    assert not seat_only.has_perm("boards.act_on_escalation", victim_escalation)
    assert mail.outbox[0].subject.startswith("Escalation sent to the Executive: Victim Board")
    assert f'{victim_chair} sent it up: "Needs the council\'s licensing team."' in mail.outbox[0].body


def test_an_uncleared_executive_member_hears_nothing_of_a_confidential_escalation(
    contest_escalation: Escalation,
    executive_chair: User,
    contest_chair: User,
    cleared_executive_member: User,
) -> None:
    contest_escalation.state = EscalationState.ESCALATED
    contest_escalation.save()

    sent = escalation_notify(escalation_id=contest_escalation.pk, event=EscalationState.ESCALATED, batch=uuid4().hex)

    assert sent == 1
    assert _recipients() == [[cleared_executive_member.email]]


def test_a_chair_hears_nothing_of_an_escalation_from_a_meeting_that_feeds_a_board_hidden_from_them(
    victim_board: Board, contest_board: Board, victim_chair: User, contest_chair: User
) -> None:
    meeting = Meeting.objects.create(
        partnership=victim_board.partnership, kind="board", title="Joint Prevent review", starts_at="2026-03-02T10:00Z"
    )
    meeting.boards.set([victim_board, contest_board])
    escalation = escalation_from_meeting(meeting=meeting, board=victim_board)

    assert escalation_notify(escalation_id=escalation.pk, event=EscalationState.RAISED, batch=uuid4().hex) == 0
    assert mail.outbox == []


def test_people_without_an_email_address_or_no_longer_active_are_skipped(
    victim_escalation: Escalation, victim_board: Board, victim_chair: User
) -> None:
    for username, fields in {"no-email": {"email": ""}, "left": {"is_active": False}}.items():
        MembershipFactory(board=victim_board, user=UserFactory(username=username, **fields), role=MembershipRole.CHAIR)

    escalation_notify(escalation_id=victim_escalation.pk, event=EscalationState.RAISED, batch=uuid4().hex)

    assert _recipients() == [[victim_chair.email]]


def test_a_missing_escalation_sends_nothing(db: None) -> None:
    assert escalation_notify(escalation_id=987654, event=EscalationState.RAISED, batch=uuid4().hex) == 0


def test_a_mail_server_failure_is_tried_again_not_lost(
    settings: Settings, victim_escalation: Escalation, victim_chair: User
) -> None:
    settings.EMAIL_BACKEND = "tests.mail.FlakyMailServer"
    FlakyMailServer.failures_left = 1

    # Run in-process, a retry runs at once rather than after the worker's back-off.
    result = escalation_notify_task.apply(args=[victim_escalation.pk, EscalationState.RAISED], throw=False)

    assert result.successful()
    assert FlakyMailServer.failures_left == 0
    assert _recipients() == [[victim_chair.email]]


def test_a_retry_after_a_failure_partway_emails_only_those_not_yet_reached(
    settings: Settings, victim_escalation: Escalation, victim_chair: User, victim_board: Board
) -> None:
    vice_chair = UserFactory(username="victim-vice-chair")
    MembershipFactory(board=victim_board, user=vice_chair, role=MembershipRole.VICE_CHAIR)
    settings.EMAIL_BACKEND = "tests.mail.FlakyMailServer"
    FlakyMailServer.failures_left, FlakyMailServer.deliveries_before_failure = 1, 1

    result = escalation_notify_task.apply(args=[victim_escalation.pk, EscalationState.RAISED], throw=False)

    assert result.successful()
    assert FlakyMailServer.failures_left == 0
    # The chair's email went before the server failed; the retry sent the vice-chair's alone.
    assert _recipients() == [[victim_chair.email], [vice_chair.email]]


@pytest.mark.parametrize(("board_name", "promised"), [("victim", True), ("executive", False)])
def test_only_an_escalation_that_can_go_to_the_executive_says_it_will(
    request: pytest.FixtureRequest,
    tasking_meeting: Meeting,
    victim_chair: User,
    executive_chair: User,
    board_name: str,
    promised: bool,
) -> None:
    board = request.getfixturevalue(f"{board_name}_board")
    escalation = escalation_from_meeting(meeting=tasking_meeting, board=board)

    escalation_notify(escalation_id=escalation.pk, event=EscalationState.RAISED, batch=uuid4().hex)

    assert mail.outbox
    assert all(("goes to the Executive automatically" in message.body) is promised for message in mail.outbox)
