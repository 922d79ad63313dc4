"""Meetings and escalations for the boards tests: one open to the Victim Board's people, and the
same on the confidential CONTEST board, which uncleared people must never find."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import timezone

from boards.choices import MeetingKind, MembershipRole
from boards.models import Board, Escalation, Meeting, MeetingOutcome
from boards.signals import action_agreed
from swp.celery import app as celery_app
from swp.choices import Clearance, PartnershipRole
from swp.models import Place, User
from tests.boards.factories import MeetingFactory, MembershipFactory, escalation_from_meeting
from tests.swp.factories import PlaceFactory, RoleAssignmentFactory, UserFactory


@pytest.fixture(autouse=True)
def tasks_run_in_process() -> Iterator[None]:
    """Tasks queued on commit (the escalation emails) run in the test, into Django's test outbox.

    The suite runs against Redis, where queued tasks would wait for a worker that never comes.
    """
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def church_street(partnership) -> Place:  # type: ignore[no-untyped-def]
    return PlaceFactory(partnership=partnership, slug="church-street", name="Church Street")


@pytest.fixture
def queens_park(partnership) -> Place:  # type: ignore[no-untyped-def]
    return PlaceFactory(partnership=partnership, slug="queens-park", name="Queen's Park")


@pytest.fixture
def tasking_meeting(victim_board: Board, offender_board: Board, tasking_officer: User, church_street: Place) -> Meeting:
    return MeetingFactory(
        partnership=victim_board.partnership,
        kind=MeetingKind.PARTNERSHIP_TASKING,
        title="Partnership tasking: Church Street",
        starts_at=timezone.now() - datetime.timedelta(days=7),
        boards=[victim_board, offender_board],
        places=[church_street],
        created_by=tasking_officer,
    )


@pytest.fixture
def contest_meeting(contest_board: Board, tasking_officer: User) -> Meeting:
    return MeetingFactory(
        partnership=contest_board.partnership,
        kind=MeetingKind.BOARD,
        title="CONTEST Board: Channel referrals",
        boards=[contest_board],
        created_by=tasking_officer,
    )


@pytest.fixture
def victim_escalation(tasking_meeting: Meeting, victim_board: Board) -> Escalation:
    return escalation_from_meeting(meeting=tasking_meeting, board=victim_board)


@pytest.fixture
def contest_escalation(contest_meeting: Meeting, contest_board: Board) -> Escalation:
    return escalation_from_meeting(meeting=contest_meeting, board=contest_board)


@pytest.fixture
def agreed() -> Iterator[list[MeetingOutcome]]:
    """Every outcome the action_agreed signal announces, in order."""
    received: list[MeetingOutcome] = []

    def receiver(sender: object, outcome: MeetingOutcome, by: User, **kwargs: object) -> None:
        received.append(outcome)

    action_agreed.connect(receiver, dispatch_uid="test-agreed")
    yield received
    action_agreed.disconnect(dispatch_uid="test-agreed")


@pytest.fixture
def cleared_executive_member(executive_board: Board) -> User:
    """An Executive board member (the role, and a seat) with CTC clearance, so hears of CONTEST
    escalations too."""
    member = UserFactory(username="cleared-executive-member", clearance=Clearance.CTC)
    MembershipFactory(board=executive_board, user=member, role=MembershipRole.MEMBER)
    RoleAssignmentFactory(user=member, role=PartnershipRole.EXECUTIVE)
    return member
