"""Editing a recorded meeting: nothing raised or announced twice, nothing lost, no stale save."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from boards.choices import OutcomeKind
from boards.models import Board, Escalation, Meeting, MeetingOutcome
from boards.services import AttendeeRow, OutcomeRow, meeting_create, meeting_update
from swp.choices import Clearance
from swp.models import User
from tests.boards.meeting_data import action_row, escalation_row, meeting_details, outcome_rows_of

pytestmark = pytest.mark.django_db


class TestMeetingUpdate:
    @pytest.fixture
    def recorded(self, tasking_officer: User, victim_board: Board, action_owner: User) -> Meeting:
        return meeting_create(
            partnership=victim_board.partnership,
            by=tasking_officer,
            details=meeting_details(victim_board),
            outcomes=[escalation_row(victim_board), action_row(victim_board, action_owner)],
        )

    def test_saving_it_again_raises_no_second_escalation_and_announces_no_action_again(
        self, recorded: Meeting, tasking_officer: User, victim_board: Board, agreed: list[MeetingOutcome]
    ) -> None:
        agreed.clear()  # whatever recording it announced; only the edits count here
        for _ in range(2):
            recorded = meeting_update(
                meeting=recorded,
                by=tasking_officer,
                lock_version=Meeting.objects.get(pk=recorded.pk).lock_version,
                details=meeting_details(victim_board, title="Renamed"),
                outcomes=outcome_rows_of(recorded),
            )

        assert Escalation.objects.count() == 1
        assert Escalation.objects.get().events.count() == 1
        assert agreed == []
        assert recorded.outcomes.count() == 2

    def test_an_outcome_switched_to_action_agreed_is_announced_once(
        self,
        tasking_officer: User,
        victim_board: Board,
        action_owner: User,
        agreed: list[MeetingOutcome],
    ) -> None:
        meeting = meeting_create(
            partnership=victim_board.partnership,
            by=tasking_officer,
            details=meeting_details(victim_board),
            outcomes=[OutcomeRow(kind=OutcomeKind.INFORMATION, summary="Joint patrols")],
        )
        switched = action_row(victim_board, action_owner, summary="Joint patrols", existing=meeting.outcomes.get())

        meeting = meeting_update(
            meeting=meeting,
            by=tasking_officer,
            lock_version=meeting.lock_version,
            details=meeting_details(victim_board),
            outcomes=[switched],
        )
        meeting_update(
            meeting=meeting,
            by=tasking_officer,
            lock_version=meeting.lock_version,
            details=meeting_details(victim_board),
            outcomes=outcome_rows_of(meeting),
        )

        assert [outcome.pk for outcome in agreed] == [switched.existing.pk]  # type: ignore[union-attr]

    def test_a_new_outcome_added_on_edit_is_announced_and_the_old_one_is_not(
        self, recorded: Meeting, tasking_officer: User, victim_board: Board, action_owner: User, agreed: list
    ) -> None:
        agreed.clear()
        meeting_update(
            meeting=recorded,
            by=tasking_officer,
            lock_version=recorded.lock_version,
            details=meeting_details(victim_board),
            outcomes=[*outcome_rows_of(recorded), action_row(victim_board, action_owner, summary="A second action")],
        )
        assert [outcome.summary for outcome in agreed] == ["A second action"]

    def test_an_unanswered_escalation_follows_corrections_to_its_words(
        self, recorded: Meeting, tasking_officer: User, victim_board: Board
    ) -> None:
        rows = outcome_rows_of(recorded)
        rows[0] = OutcomeRow(
            kind=OutcomeKind.ESCALATION,
            summary="Phone snatches now in Maida Vale",
            board=victim_board,
            existing=rows[0].existing,
        )
        meeting_update(
            meeting=recorded,
            by=tasking_officer,
            lock_version=recorded.lock_version,
            details=meeting_details(victim_board),
            outcomes=rows,
        )
        assert Escalation.objects.get().title == "Phone snatches now in Maida Vale"

    def test_an_outcome_that_raised_an_escalation_cannot_be_removed_or_turned_into_something_else(
        self, recorded: Meeting, tasking_officer: User, victim_board: Board, offender_board: Board
    ) -> None:
        escalation_row, action_row = outcome_rows_of(recorded)
        with pytest.raises(ValidationError, match="cannot be removed"):
            meeting_update(
                meeting=recorded,
                by=tasking_officer,
                lock_version=recorded.lock_version,
                details=meeting_details(victim_board),
                outcomes=[action_row],
            )
        decision = OutcomeRow(kind=OutcomeKind.DECISION, summary="x", existing=escalation_row.existing)
        with pytest.raises(ValidationError, match="keep it as an escalation to that board"):
            meeting_update(
                meeting=recorded,
                by=tasking_officer,
                lock_version=recorded.lock_version,
                details=meeting_details(victim_board),
                outcomes=[decision, action_row],
            )
        assert MeetingOutcome.objects.filter(pk=escalation_row.existing.pk, kind=OutcomeKind.ESCALATION).exists()  # type: ignore[union-attr]

    def test_removed_outcomes_go_and_the_rest_keep_their_order(
        self, tasking_officer: User, victim_board: Board
    ) -> None:
        meeting = meeting_create(
            partnership=victim_board.partnership,
            by=tasking_officer,
            details=meeting_details(victim_board),
            outcomes=[OutcomeRow(kind=OutcomeKind.INFORMATION, summary=text) for text in ("one", "two", "three")],
        )
        one, _, three = outcome_rows_of(meeting)
        meeting_update(
            meeting=meeting,
            by=tasking_officer,
            lock_version=meeting.lock_version,
            details=meeting_details(victim_board),
            outcomes=[three, one],
        )
        assert [(o.summary, o.order) for o in meeting.outcomes.all()] == [("three", 1), ("one", 2)]

    def test_a_save_from_a_form_opened_before_someone_elses_save_is_refused(
        self, recorded: Meeting, tasking_officer: User, victim_board: Board
    ) -> None:
        opened_at = recorded.lock_version
        meeting_update(
            meeting=recorded,
            by=tasking_officer,
            lock_version=opened_at,
            details=meeting_details(victim_board, title="First save"),
            outcomes=outcome_rows_of(recorded),
        )
        with pytest.raises(ValidationError, match="Someone else changed this meeting"):
            meeting_update(
                meeting=recorded,
                by=tasking_officer,
                lock_version=opened_at,
                details=meeting_details(victim_board, title="Second save"),
                outcomes=outcome_rows_of(recorded),
            )
        assert Meeting.objects.get().title == "First save"

    def test_an_outcome_of_another_meeting_cannot_be_edited_through_this_one(
        self, recorded: Meeting, tasking_officer: User, victim_board: Board, tasking_meeting: Meeting
    ) -> None:
        other = MeetingOutcome.objects.create(meeting=tasking_meeting, kind=OutcomeKind.DECISION, summary="theirs")
        row = OutcomeRow(kind=OutcomeKind.DECISION, summary="mine now", existing=other)
        with pytest.raises(ValidationError, match="belongs to another meeting"):
            meeting_update(
                meeting=recorded,
                by=tasking_officer,
                lock_version=recorded.lock_version,
                details=meeting_details(victim_board),
                outcomes=[*outcome_rows_of(recorded), row],
            )
        other.refresh_from_db()
        assert other.summary == "theirs"


def test_editing_keeps_attendees_rows_and_drops_those_left_out(tasking_officer: User, victim_board: Board) -> None:
    meeting = meeting_create(
        partnership=victim_board.partnership,
        by=tasking_officer,
        details=meeting_details(victim_board),
        attendees=[AttendeeRow(name="Jo Bloggs"), AttendeeRow(name="Sam Smith")],
    )
    jo, _ = meeting.attendees.order_by("name")

    meeting_update(
        meeting=meeting,
        by=tasking_officer,
        lock_version=meeting.lock_version,
        details=meeting_details(victim_board),
        attendees=[AttendeeRow(name="Jo Bloggs-Brown", existing=jo), AttendeeRow(user=tasking_officer)],
    )

    assert {(a.pk == jo.pk, a.name, a.user) for a in meeting.attendees.all()} == {
        (True, "Jo Bloggs-Brown", None),
        (False, "", tasking_officer),
    }


class TestWhoAndWhereOutcomesGo:
    @pytest.fixture
    def cleared_officer(self, tasking_officer: User) -> User:
        tasking_officer.clearance = Clearance.CTC
        tasking_officer.save()
        return tasking_officer

    def test_a_board_an_outcome_went_to_stays_among_those_the_meeting_feeds(
        self, cleared_officer: User, victim_board: Board, contest_board: Board, contest_chair: User
    ) -> None:
        meeting = meeting_create(
            partnership=victim_board.partnership,
            by=cleared_officer,
            details=meeting_details(victim_board, contest_board),
            outcomes=[action_row(contest_board, contest_chair, summary="Channel referral review")],
        )

        # Left feeding only the Victim Board, the meeting would show its CONTEST outcome to the uncleared.
        with pytest.raises(ValidationError, match="keep the CONTEST Board among the boards this meeting feeds"):
            meeting_update(
                meeting=meeting,
                by=cleared_officer,
                lock_version=meeting.lock_version,
                details=meeting_details(victim_board),
                outcomes=outcome_rows_of(meeting),
            )
        decision = OutcomeRow(kind=OutcomeKind.DECISION, summary="Prevent briefing", board=contest_board)
        with pytest.raises(ValidationError, match="Choose one of the boards this meeting feeds"):
            meeting_create(
                partnership=victim_board.partnership,
                by=cleared_officer,
                details=meeting_details(victim_board),
                outcomes=[decision],
            )
        assert list(Meeting.objects.get(pk=meeting.pk).boards.all()) == [victim_board, contest_board]

    def test_a_meeting_cannot_come_to_feed_a_board_that_would_hide_an_escalation_it_raised(
        self, cleared_officer: User, victim_board: Board, contest_board: Board
    ) -> None:
        meeting = meeting_create(
            partnership=victim_board.partnership,
            by=cleared_officer,
            details=meeting_details(victim_board),
            outcomes=[escalation_row(victim_board)],
        )

        with pytest.raises(ValidationError, match="the Victim Board's chairs could not see the escalation it raised"):
            meeting_update(
                meeting=meeting,
                by=cleared_officer,
                lock_version=meeting.lock_version,
                details=meeting_details(victim_board, contest_board),
                outcomes=outcome_rows_of(meeting),
            )
        assert list(Meeting.objects.get(pk=meeting.pk).boards.all()) == [victim_board]

    def test_a_chair_puts_agreed_actions_on_their_own_boards_plan_only(
        self, victim_chair: User, victim_board: Board, offender_board: Board, action_owner: User
    ) -> None:
        with pytest.raises(ValidationError, match="Only the Offender Board's chair or a tasking officer"):
            meeting_create(
                partnership=victim_board.partnership,
                by=victim_chair,
                details=meeting_details(victim_board, offender_board),
                outcomes=[action_row(offender_board, action_owner)],
            )
        meeting_create(
            partnership=victim_board.partnership,
            by=victim_chair,
            details=meeting_details(victim_board, offender_board),
            outcomes=[action_row(victim_board, action_owner), escalation_row(offender_board)],
        )
        assert Escalation.objects.get().board == offender_board
