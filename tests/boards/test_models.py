"""What each person's querysets hold: confidential meetings and escalations are absent for the uncleared."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from boards.choices import EscalationState
from boards.models import Board, Escalation, Meeting
from swp.models import User
from tests.boards.factories import EscalationFactory, MeetingFactory, escalation_from_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint_meeting(victim_board: Board, contest_board: Board) -> Meeting:
    """A meeting that feeds the Victim Board and CONTEST: hidden whole from the uncleared."""
    return MeetingFactory(partnership=victim_board.partnership, boards=[victim_board, contest_board])


class TestMeetingsVisibleTo:
    def test_the_uncleared_see_neither_confidential_meetings_nor_ones_that_also_feed_a_confidential_board(
        self, uncleared_member: User, tasking_meeting: Meeting, contest_meeting: Meeting, joint_meeting: Meeting
    ) -> None:
        assert list(Meeting.objects.visible_to(uncleared_member)) == [tasking_meeting]

    def test_the_cleared_see_them_all_once_each(
        self, contest_chair: User, tasking_meeting: Meeting, contest_meeting: Meeting, joint_meeting: Meeting
    ) -> None:
        assert sorted(m.pk for m in Meeting.objects.visible_to(contest_chair)) == sorted(
            [tasking_meeting.pk, contest_meeting.pk, joint_meeting.pk]
        )

    def test_nobody_signed_out_sees_any(self, tasking_meeting: Meeting) -> None:
        assert not Meeting.objects.visible_to(AnonymousUser()).exists()


class TestEscalationsVisibleTo:
    def test_the_uncleared_see_no_escalation_to_a_confidential_board_or_from_a_meeting_feeding_one(
        self,
        uncleared_member: User,
        victim_escalation: Escalation,
        contest_escalation: Escalation,
        joint_meeting: Meeting,
        victim_board: Board,
    ) -> None:
        from_joint_meeting = escalation_from_meeting(meeting=joint_meeting, board=victim_board)
        unlinked = EscalationFactory(board=victim_board)

        visible = set(Escalation.objects.visible_to(uncleared_member))

        assert visible == {victim_escalation, unlinked}
        assert from_joint_meeting not in visible

    def test_the_cleared_see_them_all(
        self, contest_chair: User, victim_escalation: Escalation, contest_escalation: Escalation
    ) -> None:
        assert set(Escalation.objects.visible_to(contest_chair)) == {victim_escalation, contest_escalation}

    def test_nobody_signed_out_sees_any(self, victim_escalation: Escalation) -> None:
        assert not Escalation.objects.visible_to(AnonymousUser()).exists()

    def test_open_ones_are_those_not_declined_or_resolved(self, victim_board: Board) -> None:
        states = {state: EscalationFactory(board=victim_board, state=state) for state in EscalationState.values}
        assert set(Escalation.objects.open()) == {
            states[EscalationState.RAISED],
            states[EscalationState.ACCEPTED],
            states[EscalationState.ESCALATED],
        }


def test_an_escalations_age_is_in_whole_days_since_it_was_raised(victim_board: Board) -> None:
    now = timezone.now()
    escalation = EscalationFactory(board=victim_board, raised_at=now - datetime.timedelta(days=3, hours=23))
    assert escalation.age_in_days(now) == 3
    assert escalation.age_in_days(now + datetime.timedelta(hours=1)) == 4


@pytest.mark.parametrize("state", [EscalationState.DECLINED, EscalationState.RESOLVED])
def test_a_closed_escalation_stops_ageing_on_the_day_it_closed(victim_board: Board, state: EscalationState) -> None:
    now = timezone.now()
    escalation = EscalationFactory(
        board=victim_board,
        state=state,
        raised_at=now - datetime.timedelta(days=40),
        state_changed_at=now - datetime.timedelta(days=28),
    )
    assert escalation.age_in_days(now) == 12
    assert escalation.age_in_days(now + datetime.timedelta(days=365)) == 12


@pytest.mark.parametrize(
    ("title", "description", "details"),
    [
        (
            "Phone snatches",
            "Phone snatches\nMoving into Marylebone.\nSeen weekly.",
            "Moving into Marylebone.\nSeen weekly.",
        ),
        ("Phone snatches", "Phone snatches", ""),
        ("Phone snatches", "", ""),
        ("Phone snatches", "Raised by the ward panel.", "Raised by the ward panel."),
    ],
)
def test_an_escalations_details_leave_out_the_title_its_description_begins_with(
    victim_board: Board, title: str, description: str, details: str
) -> None:
    assert EscalationFactory.build(board=victim_board, title=title, description=description).details == details
