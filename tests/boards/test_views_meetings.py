"""The meetings list and its filters, and a meeting's page, through the test client."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards.choices import MeetingKind, OutcomeKind
from boards.models import Board, Escalation, Meeting
from swp.models import Place, User
from tests.boards.factories import MeetingAttendeeFactory, MeetingFactory, MeetingOutcomeFactory
from tests.responses import shown, without_csrf_token

pytestmark = pytest.mark.django_db

SignedInClient = Callable[[User], Client]


def _titles(response: Any) -> list[str]:
    return [meeting.title for meeting in shown(response, "page").object_list]


def _escalation_row(board: Board, summary: str = "Moped-enabled phone snatches in Marylebone") -> dict[str, Any]:
    return {"kind": OutcomeKind.ESCALATION, "summary": summary, "board": board}


class TestMeetingList:
    def test_lists_what_the_person_may_see_latest_first(
        self,
        client_for: SignedInClient,
        uncleared_member: User,
        tasking_meeting: Meeting,
        contest_meeting: Meeting,
        victim_board: Board,
    ) -> None:
        later = MeetingFactory(
            partnership=victim_board.partnership, boards=[victim_board], title="Victim Board meeting"
        )
        later.starts_at = timezone.now()
        later.save()

        response = client_for(uncleared_member).get("/meetings/")

        assert _titles(response) == ["Victim Board meeting", "Partnership tasking: Church Street"]
        assert b"CONTEST" not in response.content
        assert "2 meetings" in response.content.decode()

    def test_each_meeting_names_its_kind_wards_and_the_boards_it_feeds(
        self, client_for: SignedInClient, uncleared_member: User, tasking_meeting: Meeting, queens_park: Place
    ) -> None:
        tasking_meeting.places.add(queens_park)

        page = client_for(uncleared_member).get("/meetings/").content.decode()

        row = re.search(r"Partnership tasking: Church Street</a>(.*?)</tr>", page, re.S)
        assert row is not None
        cells = html.unescape(re.sub(r"<[^>]+>|\s+", " ", row.group(1)))
        assert "Partnership tasking: Church Street, Queen's Park" in cells
        assert "Victim Board, Offender Board" in cells

    @pytest.fixture
    def problem_solving(self, tasking_meeting: Meeting, offender_board: Board, queens_park: Place) -> Meeting:
        return MeetingFactory(
            partnership=offender_board.partnership,
            kind=MeetingKind.PROBLEM_SOLVING,
            title="Problem-solving: Queen's Park",
            boards=[offender_board],
            places=[queens_park],
            starts_at=tasking_meeting.starts_at + datetime.timedelta(days=2),
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("kind=problem_solving", ["Problem-solving: Queen's Park"]),
            ("board={offender}", ["Problem-solving: Queen's Park", "Partnership tasking: Church Street"]),
            ("ward={queens_park}", ["Problem-solving: Queen's Park"]),
            ("date_from_0={ps.day}&date_from_1={ps.month}&date_from_2={ps.year}", ["Problem-solving: Queen's Park"]),
            (
                "date_to_0={tasking.day}&date_to_1={tasking.month}&date_to_2={tasking.year}",
                ["Partnership tasking: Church Street"],
            ),
            ("board={offender}&kind=partnership_tasking", ["Partnership tasking: Church Street"]),
        ],
    )
    def test_filters_by_kind_board_ward_and_dates(
        self,
        client_for: SignedInClient,
        tasking_officer: User,
        tasking_meeting: Meeting,
        problem_solving: Meeting,
        offender_board: Board,
        queens_park: Place,
        query: str,
        expected: list[str],
    ) -> None:
        url = "/meetings/?" + query.format(
            offender=offender_board.pk,
            queens_park=queens_park.pk,
            ps=timezone.localtime(problem_solving.starts_at).date(),
            tasking=timezone.localtime(tasking_meeting.starts_at).date(),
        )
        assert _titles(client_for(tasking_officer).get(url)) == expected

    def test_a_confidential_board_is_not_a_filter_choice_and_asking_for_it_is_like_asking_for_a_missing_one(
        self, client_for: SignedInClient, uncleared_member: User, tasking_meeting: Meeting, contest_board: Board
    ) -> None:
        client = client_for(uncleared_member)
        assert b"CONTEST" not in client.get("/meetings/").content

        hidden = client.get(f"/meetings/?board={contest_board.pk}")
        missing = client.get("/meetings/?board=987654")

        assert _titles(hidden) == _titles(missing) == [tasking_meeting.title]
        assert _strip(hidden.content, contest_board.pk) == _strip(missing.content, 987654)

    def test_bad_dates_in_the_filter_are_explained_and_filter_nothing(
        self, client_for: SignedInClient, tasking_officer: User, tasking_meeting: Meeting
    ) -> None:
        response = client_for(tasking_officer).get("/meetings/?date_from_0=31&date_from_1=2&date_from_2=2026")
        assert "Enter the first date as a real date" in response.content.decode()
        assert _titles(response) == [tasking_meeting.title]

    def test_the_number_of_queries_does_not_grow_with_the_number_of_meetings(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board, church_street: Place
    ) -> None:
        client = client_for(tasking_officer)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/meetings/").status_code == 200
            return len(captured)

        MeetingFactory(partnership=victim_board.partnership, boards=[victim_board], places=[church_street])
        few = queries()
        for _ in range(10):
            MeetingFactory(partnership=victim_board.partnership, boards=[victim_board], places=[church_street])
        assert queries() == few


def _strip(content: bytes, board_id: int) -> bytes:
    content = without_csrf_token(content).replace(f"board={board_id}".encode(), b"board=")
    return content.replace(f'value="{board_id}"'.encode(), b"")


class TestMeetingDetail:
    def test_shows_who_came_and_what_was_concluded(
        self,
        client_for: SignedInClient,
        uncleared_member: User,
        tasking_meeting: Meeting,
        victim_escalation: Escalation,
        action_owner: User,
        police: Any,
    ) -> None:
        MeetingAttendeeFactory(meeting=tasking_meeting, user=action_owner, name="", organisation=police)
        MeetingOutcomeFactory(meeting=tasking_meeting, kind=OutcomeKind.DECISION, summary="Extend the dispersal zone.")

        html = client_for(uncleared_member).get(f"/meetings/{tasking_meeting.pk}/").content.decode()

        assert f"{action_owner}, Metropolitan Police Service" in html
        assert "Extend the dispersal zone." in html
        assert f'href="/escalations/{victim_escalation.pk}/"' in html
        assert "Church Street" in html
        # A member of the board may read it but not change it: no button to a form they would be refused.
        assert f'href="/meetings/{tasking_meeting.pk}/edit/"' not in html

    def test_an_editor_gets_the_edit_button(
        self, client_for: SignedInClient, tasking_officer: User, tasking_meeting: Meeting
    ) -> None:
        html = client_for(tasking_officer).get(f"/meetings/{tasking_meeting.pk}/").content.decode()
        assert f'href="/meetings/{tasking_meeting.pk}/edit/"' in html

    def test_a_board_meeting_shows_its_agenda_minutes_and_decisions(
        self, client_for: SignedInClient, victim_chair: User, victim_board: Board
    ) -> None:
        meeting = MeetingFactory(
            partnership=victim_board.partnership,
            boards=[victim_board],
            kind=MeetingKind.BOARD,
            agenda="1. Action plan refresh",
            minutes="The board reviewed its plan.",
        )
        MeetingOutcomeFactory(meeting=meeting, kind=OutcomeKind.DECISION, summary="Approve the referral pathway.")

        html = client_for(victim_chair).get(f"/meetings/{meeting.pk}/").content.decode()

        for text in ["Agenda", "1. Action plan refresh", "Minutes", "The board reviewed its plan.", "Decisions"]:
            assert text in html
        assert html.index("Decisions") < html.index("Approve the referral pathway.")
