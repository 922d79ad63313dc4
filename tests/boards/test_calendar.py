"""A board's meetings as an iCalendar feed: valid RFC 5545, and only what the token's person may see."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from boards.ical import meetings_calendar
from boards.models import Board, Meeting
from boards.selectors import calendar_feed_token
from swp.models import User
from tests.boards.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _unfold(body: str) -> list[str]:
    """Content lines as RFC 5545 section 3.1 defines them: CRLF-ended, continuations joined."""
    assert body.endswith("\r\n")
    physical = body[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _events(lines: list[str]) -> list[dict[str, str]]:
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def _feed(client: Client, path: str) -> list[dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = _unfold(response.content.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    return _events(lines)


class TestFeed:
    def test_a_members_link_lists_the_boards_meetings_as_valid_events(
        self, victim_board: Board, uncleared_member: User, tasking_meeting: Meeting
    ) -> None:
        tasking_meeting.location = "Council House, Room 3; Marylebone Road"
        tasking_meeting.ends_at = tasking_meeting.starts_at + datetime.timedelta(hours=2)
        tasking_meeting.save()
        token = calendar_feed_token(user=uncleared_member)

        (event,) = _feed(Client(), f"/boards/victim/meetings.ics?token={token}")

        assert event["UID"] == f"meeting-{tasking_meeting.pk}@testserver"
        assert event["DTSTART"] == tasking_meeting.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        assert event["DTEND"] == tasking_meeting.ends_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert event["SUMMARY"] == "Partnership tasking: Church Street"
        assert event["LOCATION"] == "Council House\\, Room 3\\; Marylebone Road"
        assert event["URL"] == f"http://testserver/meetings/{tasking_meeting.pk}/"

    def test_the_uncleared_tokens_feed_leaves_out_meetings_that_also_feed_a_confidential_board(
        self, victim_board: Board, contest_board: Board, uncleared_member: User, contest_chair: User
    ) -> None:
        MeetingFactory(partnership=victim_board.partnership, boards=[victim_board], title="Victim Board")
        MeetingFactory(
            partnership=victim_board.partnership, boards=[victim_board, contest_board], title="Joint Prevent"
        )

        uncleared = _feed(Client(), f"/boards/victim/meetings.ics?token={calendar_feed_token(user=uncleared_member)}")
        cleared = _feed(Client(), f"/boards/victim/meetings.ics?token={calendar_feed_token(user=contest_chair)}")

        assert [event["SUMMARY"] for event in uncleared] == ["Victim Board"]
        assert sorted(event["SUMMARY"] for event in cleared) == ["Joint Prevent", "Victim Board"]

    def test_the_confidential_boards_feed_is_there_for_the_cleared_token_only(
        self, contest_meeting: Meeting, contest_chair: User, uncleared_member: User
    ) -> None:
        (event,) = _feed(Client(), f"/boards/contest/meetings.ics?token={calendar_feed_token(user=contest_chair)}")
        assert event["SUMMARY"] == contest_meeting.title
        refused = Client().get(f"/boards/contest/meetings.ics?token={calendar_feed_token(user=uncleared_member)}")
        assert refused.status_code == 404

    def test_a_signed_in_person_can_open_the_feed_without_a_token(
        self, client_for: Callable[[User], Client], victim_chair: User, tasking_meeting: Meeting
    ) -> None:
        assert len(_feed(client_for(victim_chair), "/boards/victim/meetings.ics")) == 1

    def test_an_old_meeting_drops_out_after_a_year(self, victim_board: Board, victim_chair: User) -> None:
        MeetingFactory(
            partnership=victim_board.partnership,
            boards=[victim_board],
            starts_at=timezone.now() - datetime.timedelta(days=400),
        )
        token = calendar_feed_token(user=victim_chair)
        assert _feed(Client(), f"/boards/victim/meetings.ics?token={token}") == []

    def test_a_token_of_someone_who_has_left_stops_working(self, victim_board: Board, uncleared_member: User) -> None:
        token = calendar_feed_token(user=uncleared_member)
        uncleared_member.is_active = False
        uncleared_member.save()
        assert Client().get(f"/boards/victim/meetings.ics?token={token}").status_code == 404


# Two- and three-byte characters (é, the curly apostrophe and the dash) so that folding at 75
# octets would split one if it counted characters rather than bytes.
TITLE_WITH_MULTIBYTE_CHARACTERS = "Queen\u2019s Park \u2014 " + "\u00e9" * 80 + " ward walkabout, with partners"


class TestCalendarText:
    def test_long_lines_fold_at_75_octets_without_splitting_a_character(self, victim_board: Board) -> None:
        meeting = MeetingFactory(
            partnership=victim_board.partnership,
            boards=[victim_board],
            title=TITLE_WITH_MULTIBYTE_CHARACTERS,
        )
        body = meetings_calendar(name="Test", meetings=[meeting], host="example.org", url_for=lambda m: "https://x/")
        (event,) = _events(_unfold(body))
        assert event["SUMMARY"] == TITLE_WITH_MULTIBYTE_CHARACTERS.replace(",", "\\,")

    def test_text_is_escaped_as_the_rfc_says(self, victim_board: Board) -> None:
        meeting = MeetingFactory(
            partnership=victim_board.partnership, boards=[victim_board], title="A; B, C \\ D\nE", location=""
        )
        body = meetings_calendar(name="Test", meetings=[meeting], host="example.org", url_for=lambda m: "https://x/")
        (event,) = _events(_unfold(body))
        assert event["SUMMARY"] == "A\\; B\\, C \\\\ D\\nE"
        assert "LOCATION" not in event
        assert "DTEND" not in event
