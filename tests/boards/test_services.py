"""Recording a meeting: attendees, outcomes, the escalations they raise and the actions they agree."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from boards.choices import EscalationState, OutcomeKind
from boards.models import Board, Escalation, Meeting, MeetingOutcome
from boards.services import AttendeeRow, OutcomeRow, calendar_feed_key_reset, meeting_create
from boards.signals import action_agreed
from swp.models import Organisation, Place, User
from tests.boards.meeting_data import action_row, escalation_row, meeting_details

pytestmark = pytest.mark.django_db


class TestMeetingCreate:
    def test_records_the_meeting_with_its_boards_wards_attendees_and_outcomes(
        self,
        tasking_officer: User,
        victim_board: Board,
        offender_board: Board,
        church_street: Place,
        action_owner: User,
        police: Organisation,
    ) -> None:
        meeting = meeting_create(
            partnership=victim_board.partnership,
            by=tasking_officer,
            details=meeting_details(victim_board, offender_board, places=[church_street], location="Council House"),
            attendees=[AttendeeRow(user=action_owner, organisation=police), AttendeeRow(name="Jo Bloggs")],
            outcomes=[OutcomeRow(kind=OutcomeKind.DECISION, summary="Extend the dispersal zone.")],
        )

        meeting.refresh_from_db()
        assert meeting.created_by == tasking_officer
        assert set(meeting.boards.all()) == {victim_board, offender_board}
        assert list(meeting.places.all()) == [church_street]
        assert {(a.user, a.name, a.organisation) for a in meeting.attendees.all()} == {
            (action_owner, "", police),
            (None, "Jo Bloggs", None),
        }
        assert [(o.kind, o.summary, o.order) for o in meeting.outcomes.all()] == [
            (OutcomeKind.DECISION, "Extend the dispersal zone.", 1)
        ]

    def test_an_escalation_outcome_raises_one_escalation_to_its_board_with_its_first_event(
        self, tasking_officer: User, victim_board: Board
    ) -> None:
        meeting = meeting_create(
            partnership=victim_board.partnership,
            by=tasking_officer,
            details=meeting_details(victim_board),
            outcomes=[escalation_row(victim_board, "Under-25s not taking up support\nSeen at A&E three times")],
        )

        escalation = Escalation.objects.get()
        assert escalation.board == victim_board
        assert escalation.source_outcome == meeting.outcomes.get()
        assert escalation.state == EscalationState.RAISED
        assert escalation.raised_by == tasking_officer
        assert escalation.title == "Under-25s not taking up support"
        assert escalation.description == "Under-25s not taking up support\nSeen at A&E three times"
        (event,) = escalation.events.all()
        assert (event.from_state, event.to_state, event.by) == ("", EscalationState.RAISED, tasking_officer)

    def test_an_action_agreed_outcome_is_announced_once_with_what_the_action_needs(
        self, tasking_officer: User, victim_board: Board, action_owner: User, agreed: list[MeetingOutcome]
    ) -> None:
        due = timezone.localdate() + datetime.timedelta(days=14)
        meeting_create(
            partnership=victim_board.partnership,
            by=tasking_officer,
            details=meeting_details(victim_board),
            outcomes=[action_row(victim_board, action_owner, due_date=due)],
        )

        (outcome,) = agreed
        assert (outcome.board, outcome.owner, outcome.due_date) == (victim_board, action_owner, due)
        assert outcome.pk is not None

    def test_a_receiver_that_fails_undoes_the_whole_meeting(
        self, tasking_officer: User, victim_board: Board, action_owner: User
    ) -> None:
        def refuse(**kwargs: object) -> None:
            raise RuntimeError("no plan to put it on")

        action_agreed.connect(refuse, dispatch_uid="test-refuse")
        try:
            with pytest.raises(RuntimeError):
                meeting_create(
                    partnership=victim_board.partnership,
                    by=tasking_officer,
                    details=meeting_details(victim_board),
                    outcomes=[escalation_row(victim_board), action_row(victim_board, action_owner)],
                )
        finally:
            action_agreed.disconnect(dispatch_uid="test-refuse")
        assert not Meeting.objects.exists()
        assert not Escalation.objects.exists()

    @pytest.mark.parametrize(
        ("row_fields", "message"),
        [
            ({"board": None}, "Choose the board the agreed action goes to"),
            ({"owner": None}, "Choose who will do the agreed action"),
            ({"due_date": None}, "Enter the date the agreed action is due"),
        ],
    )
    def test_an_agreed_action_needs_a_board_an_owner_and_a_due_date(
        self, tasking_officer: User, victim_board: Board, action_owner: User, row_fields: dict, message: str
    ) -> None:
        with pytest.raises(ValidationError, match=message):
            meeting_create(
                partnership=victim_board.partnership,
                by=tasking_officer,
                details=meeting_details(victim_board),
                outcomes=[dataclasses.replace(action_row(victim_board, action_owner), **row_fields)],
            )
        assert not Meeting.objects.exists()

    def test_an_outcome_goes_only_to_a_board_the_meeting_feeds(
        self, tasking_officer: User, victim_board: Board, offender_board: Board
    ) -> None:
        with pytest.raises(ValidationError, match="Choose one of the boards this meeting feeds"):
            meeting_create(
                partnership=victim_board.partnership,
                by=tasking_officer,
                details=meeting_details(victim_board),
                outcomes=[escalation_row(offender_board)],
            )
        assert not Escalation.objects.exists()

    def test_a_meeting_feeding_a_confidential_board_escalates_only_to_boards_as_confidential(
        self, contest_chair: User, contest_board: Board, victim_board: Board
    ) -> None:
        # The Victim Board's chairs, not cleared for the meeting, could never see or answer it.
        with pytest.raises(ValidationError, match="This meeting feeds the CONTEST Board, so the Victim Board's chairs"):
            meeting_create(
                partnership=contest_board.partnership,
                by=contest_chair,
                details=meeting_details(contest_board, victim_board),
                outcomes=[escalation_row(victim_board)],
            )
        assert not Escalation.objects.exists()

        meeting_create(
            partnership=contest_board.partnership,
            by=contest_chair,
            details=meeting_details(contest_board, victim_board),
            outcomes=[escalation_row(contest_board)],
        )
        assert Escalation.objects.get().board == contest_board

    def test_an_agreed_action_is_owned_by_someone_cleared_for_its_board(
        self, contest_chair: User, contest_board: Board, action_owner: User
    ) -> None:
        with pytest.raises(ValidationError, match="is not cleared to see the CONTEST Board"):
            meeting_create(
                partnership=contest_board.partnership,
                by=contest_chair,
                details=meeting_details(contest_board),
                outcomes=[action_row(contest_board, action_owner)],
            )

    def test_a_meeting_ends_after_it_starts(self, tasking_officer: User, victim_board: Board) -> None:
        start = timezone.now()
        with pytest.raises(ValidationError, match="ends after it starts"):
            meeting_create(
                partnership=victim_board.partnership,
                by=tasking_officer,
                details=meeting_details(victim_board, starts_at=start, ends_at=start - datetime.timedelta(hours=1)),
            )

    def test_an_attendee_is_someone_with_an_account_or_a_name(self, tasking_officer: User, victim_board: Board) -> None:
        with pytest.raises(ValidationError, match="someone with an account or a name"):
            meeting_create(
                partnership=victim_board.partnership,
                by=tasking_officer,
                details=meeting_details(victim_board),
                attendees=[AttendeeRow(name="  ")],
            )


def test_resetting_a_calendar_key_gives_a_new_secret_each_time(tasking_officer: User) -> None:
    first = calendar_feed_key_reset(user=tasking_officer).key
    second = calendar_feed_key_reset(user=tasking_officer).key
    assert first != second
    assert len(second) >= 32
