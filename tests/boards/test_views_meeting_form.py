"""Recording and editing a meeting through its form: rows, "add another", errors and stale saves."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from boards.choices import OutcomeKind
from boards.models import Board, Escalation, Meeting, MeetingOutcome
from boards.services import STALE_MEETING_MESSAGE
from swp.models import User
from tests.boards.factories import MeetingAttendeeFactory
from tests.boards.meeting_data import meeting_edit_data, meeting_form_data
from tests.responses import shown
from tests.swp.factories import UserFactory

pytestmark = pytest.mark.django_db

SignedInClient = Callable[[User], Client]


def _titles(response: Any) -> list[str]:
    return [meeting.title for meeting in shown(response, "page").object_list]


def _escalation_row(board: Board, summary: str = "Moped-enabled phone snatches in Marylebone") -> dict[str, Any]:
    return {"kind": OutcomeKind.ESCALATION, "summary": summary, "board": board}


class TestRecordingAMeeting:
    def test_the_form_starts_with_one_empty_attendee_and_outcome(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board, contest_board: Board
    ) -> None:
        response = client_for(tasking_officer).get("/meetings/new/")
        html = response.content.decode()
        assert 'name="attendees-TOTAL_FORMS" value="1"' in html
        assert 'name="outcomes-TOTAL_FORMS" value="1"' in html
        assert "Outcome 1" in html
        assert "CONTEST" not in html  # neither a board to feed nor one to escalate to

    def test_a_good_meeting_is_saved_and_its_escalation_raised(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board, action_owner: User, police: Any
    ) -> None:
        data = meeting_form_data(
            boards=[victim_board],
            attendees=[{"user": action_owner, "organisation": police}, {"name": "Jo Bloggs"}],
            outcomes=[{"kind": OutcomeKind.DECISION, "summary": "Extend the zone."}, _escalation_row(victim_board)],
        )

        response = client_for(tasking_officer).post("/meetings/new/", data)

        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/meetings/{meeting.pk}/"
        assert meeting.created_by == tasking_officer
        assert meeting.attendees.count() == 2
        assert [o.kind for o in meeting.outcomes.all()] == [OutcomeKind.DECISION, OutcomeKind.ESCALATION]
        assert Escalation.objects.get().board == victim_board
        assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "10:00"

    def test_one_bad_outcome_row_saves_nothing_and_is_shown_on_that_row_and_in_the_summary(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board, action_owner: User
    ) -> None:
        data = meeting_form_data(
            boards=[victim_board],
            outcomes=[
                _escalation_row(victim_board),
                {
                    "kind": OutcomeKind.ACTION_AGREED,
                    "summary": "Joint patrols",
                    "board": victim_board,
                    "owner": action_owner,
                },
                {"kind": OutcomeKind.INFORMATION, "summary": "Outreach hours extended"},
            ],
        )

        response = client_for(tasking_officer).post("/meetings/new/", data)

        assert response.status_code == 200
        assert not Meeting.objects.exists()
        assert not MeetingOutcome.objects.exists()
        assert not Escalation.objects.exists()
        html = response.content.decode()
        assert "<title>Error: Record a meeting" in html
        summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
        assert '<a href="#id_outcomes-1-due_date_0">Enter the date the agreed action is due</a>' in summary
        assert summary.count("<li>") == 1
        # The message sits in the second outcome's row, not the first's or the third's.
        second_row = html[html.index('id="outcomes-1"') : html.index('id="outcomes-2"')]
        assert "Enter the date the agreed action is due" in second_row
        assert "govuk-form-group--error" in second_row
        assert "govuk-form-group--error" not in html[html.index('id="outcomes-0"') : html.index('id="outcomes-1"')]
        # What was typed comes back.
        assert "Outreach hours extended" in html

    def test_add_another_outcome_without_javascript_adds_a_row_and_saves_nothing(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board
    ) -> None:
        data = meeting_form_data(
            boards=[victim_board], title="", outcomes=[_escalation_row(victim_board, "Half typed")]
        )
        data["add"] = "outcomes"

        response = client_for(tasking_officer).post("/meetings/new/", data)

        html = response.content.decode()
        assert response.status_code == 200
        assert not Meeting.objects.exists()
        assert 'name="outcomes-TOTAL_FORMS" value="2"' in html
        assert 'id="outcomes-1"' in html
        assert "Outcome 2" in html
        assert "Half typed" in html
        # Not finished, so not judged: the empty title is not reported yet.
        assert "govuk-error-summary" not in html
        assert "govuk-error-message" not in html

    def test_add_another_attendee_works_the_same_way(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board
    ) -> None:
        data = meeting_form_data(boards=[victim_board], attendees=[{"name": "Jo Bloggs"}])
        data["add"] = "attendees"
        html = client_for(tasking_officer).post("/meetings/new/", data).content.decode()
        assert 'name="attendees-TOTAL_FORMS" value="2"' in html
        assert 'value="Jo Bloggs"' in html
        assert not Meeting.objects.exists()

    def test_a_removed_row_is_not_saved(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board
    ) -> None:
        data = meeting_form_data(
            boards=[victim_board],
            outcomes=[
                _escalation_row(victim_board),
                {"kind": OutcomeKind.INFORMATION, "summary": "Dropped", "DELETE": "on"},
            ],
        )
        assert client_for(tasking_officer).post("/meetings/new/", data).status_code == 302
        assert [o.summary for o in MeetingOutcome.objects.all()] == ["Moped-enabled phone snatches in Marylebone"]

    @pytest.mark.parametrize(
        ("changes", "message", "href"),
        [
            ({"title": ""}, "Enter the title of the meeting", "#id_title"),
            ({"start": ""}, "Enter the time the meeting started", "#id_start_time"),
            ({"start": "25:00"}, "Enter the start time like 10:00 or 14:30", "#id_start_time"),
            ({"end": "09:00"}, "The end time must be after the start time", "#id_end_time"),
            ({"boards": []}, "Select the boards the meeting feeds", "#id_boards_1"),
            ({"day": None}, "Enter the date of the meeting", "#id_date_0"),
        ],
    )
    def test_errors_in_the_meeting_itself_are_summarised_with_links_to_their_fields(
        self,
        client_for: SignedInClient,
        tasking_officer: User,
        victim_board: Board,
        changes: dict[str, Any],
        message: str,
        href: str,
    ) -> None:
        data = meeting_form_data(**{"boards": [victim_board], **changes})
        if changes.get("day", "") is None:
            data.update({"date_0": "", "date_1": "", "date_2": ""})
        html = client_for(tasking_officer).post("/meetings/new/", data).content.decode()
        assert f'<a href="{href}">{message}</a>' in html
        assert not Meeting.objects.exists()

    def test_an_outcome_without_its_kind_or_conclusion_says_which_is_missing(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board
    ) -> None:
        row = {"kind": "", "summary": "", "board": victim_board}
        html = (
            client_for(tasking_officer)
            .post("/meetings/new/", meeting_form_data(boards=[victim_board], outcomes=[row]))
            .content.decode()
        )
        assert '<a href="#id_outcomes-0-kind_1">Select the kind of outcome</a>' in html
        assert '<a href="#id_outcomes-0-summary">Enter what was concluded</a>' in html

    def test_an_escalation_must_go_to_a_board_the_meeting_feeds(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board, offender_board: Board
    ) -> None:
        data = meeting_form_data(boards=[victim_board], outcomes=[_escalation_row(offender_board)])
        html = client_for(tasking_officer).post("/meetings/new/", data).content.decode()
        assert 'href="#id_outcomes-0-board"' in html
        assert "Choose one of the boards this meeting feeds" in html
        assert not Escalation.objects.exists()

    def test_a_chair_records_meetings_only_for_a_board_they_chair(
        self, client_for: SignedInClient, victim_chair: User, victim_board: Board, offender_board: Board
    ) -> None:
        client = client_for(victim_chair)
        refused = client.post("/meetings/new/", meeting_form_data(boards=[offender_board]))
        assert "Choose at least one board you chair" in refused.content.decode()
        assert not Meeting.objects.exists()
        assert client.post("/meetings/new/", meeting_form_data(boards=[victim_board])).status_code == 302

    def test_times_are_read_as_people_write_them(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board
    ) -> None:
        client_for(tasking_officer).post(
            "/meetings/new/", meeting_form_data(boards=[victim_board], start="2:30pm", end="16.00")
        )
        meeting = Meeting.objects.get()
        assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
        assert meeting.ends_at is not None
        assert timezone.localtime(meeting.ends_at).strftime("%H:%M") == "16:00"


class TestEditingAMeeting:
    @pytest.fixture
    def recorded(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board, action_owner: User
    ) -> Meeting:
        data = meeting_form_data(
            boards=[victim_board],
            attendees=[{"name": "Jo Bloggs"}],
            outcomes=[
                _escalation_row(victim_board),
                {
                    "kind": OutcomeKind.ACTION_AGREED,
                    "summary": "Joint patrols",
                    "board": victim_board,
                    "owner": action_owner,
                    "due_date": timezone.localdate() + datetime.timedelta(days=20),
                },
            ],
        )
        assert client_for(tasking_officer).post("/meetings/new/", data).status_code == 302
        return Meeting.objects.get()

    def test_the_edit_form_shows_what_was_recorded(
        self, client_for: SignedInClient, tasking_officer: User, recorded: Meeting
    ) -> None:
        html = client_for(tasking_officer).get(f"/meetings/{recorded.pk}/edit/").content.decode()
        assert 'name="outcomes-TOTAL_FORMS" value="2"' in html
        assert 'value="Jo Bloggs"' in html
        assert "Joint patrols" in html
        assert f'name="lock_version" value="{recorded.lock_version}"' in html

    def test_saving_it_again_duplicates_nothing(
        self, client_for: SignedInClient, tasking_officer: User, recorded: Meeting, agreed: list[MeetingOutcome]
    ) -> None:
        agreed.clear()  # whatever recording it announced; only the edits count here
        client = client_for(tasking_officer)
        for title in ["Renamed once", "Renamed twice"]:
            recorded.refresh_from_db()
            response = client.post(f"/meetings/{recorded.pk}/edit/", meeting_edit_data(recorded, title=title))
            assert response.status_code == 302

        recorded.refresh_from_db()
        assert recorded.title == "Renamed twice"
        assert recorded.outcomes.count() == 2
        assert recorded.attendees.count() == 1
        assert Escalation.objects.count() == 1
        assert agreed == []

    def test_someone_who_attended_and_has_left_since_stays_on_the_record_when_it_is_saved_again(
        self, client_for: SignedInClient, tasking_officer: User, recorded: Meeting
    ) -> None:
        departed = UserFactory(username="departed", first_name="Dee", last_name="Parted")
        MeetingAttendeeFactory(meeting=recorded, user=departed, name="")
        departed.is_active = False
        departed.save()
        client = client_for(tasking_officer)
        edit_page = client.get(f"/meetings/{recorded.pk}/edit/").content.decode()
        assert re.search(rf'<option value="{departed.pk}" selected>Dee Parted', edit_page)

        response = client.post(f"/meetings/{recorded.pk}/edit/", meeting_edit_data(recorded, title="Renamed"))

        assert response.status_code == 302
        assert departed in [attendee.user for attendee in recorded.attendees.all()]
        # Nobody who has left is offered for a new row.
        assert "Dee Parted" not in client.get("/meetings/new/").content.decode()

    def test_every_link_in_the_error_summary_leads_to_something_on_the_page(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board
    ) -> None:
        # A form whose rows' bookkeeping went missing on the way: an error about the rows as a whole.
        data = {
            key: value
            for key, value in meeting_form_data(boards=[victim_board]).items()
            if not key.startswith("outcomes-")
        }

        page = client_for(tasking_officer).post("/meetings/new/", data).content.decode()

        summary = page.split('class="govuk-error-summary', 1)[1].split('class="govuk-grid', 1)[0]
        targets = re.findall(r'href="#([^"]+)"', summary)
        assert "outcomes" in targets
        for target in targets:
            assert f'id="{target}"' in page, target

    def test_an_impossible_due_date_is_one_error_not_two(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board, action_owner: User
    ) -> None:
        row = {"kind": "action_agreed", "summary": "Joint patrols", "board": victim_board, "owner": action_owner}
        data = meeting_form_data(boards=[victim_board], outcomes=[row])
        data.update({"outcomes-0-due_date_0": "30", "outcomes-0-due_date_1": "2", "outcomes-0-due_date_2": "2026"})

        response = client_for(tasking_officer).post("/meetings/new/", data)

        assert response.context["forms"].outcomes.forms[0].errors["due_date"] == [
            "Enter the due date as a real date, for example 27 3 2026"
        ]

    def test_a_time_the_clocks_skip_is_refused_and_one_in_summer_time_kept_as_typed(
        self, client_for: SignedInClient, tasking_officer: User, victim_board: Board
    ) -> None:
        client = client_for(tasking_officer)
        spring_forward = datetime.date(2026, 3, 29)

        skipped = client.post(
            "/meetings/new/", meeting_form_data(boards=[victim_board], day=spring_forward, start="01:30")
        )
        assert "The clocks go forward an hour that night, so that time never comes" in skipped.content.decode()
        assert not Meeting.objects.exists()

        client.post("/meetings/new/", meeting_form_data(boards=[victim_board], day=spring_forward, start="02:30"))
        kept = timezone.localtime(Meeting.objects.get().starts_at)
        assert (kept.date(), kept.time()) == (spring_forward, datetime.time(2, 30))

    def test_a_stale_form_is_refused_with_an_explanation(
        self, client_for: SignedInClient, tasking_officer: User, victim_chair: User, recorded: Meeting
    ) -> None:
        opened = meeting_edit_data(recorded, title="The officer's change")
        client_for(victim_chair).post(
            f"/meetings/{recorded.pk}/edit/", meeting_edit_data(recorded, title="The chair's change")
        )

        response = client_for(tasking_officer).post(f"/meetings/{recorded.pk}/edit/", opened)

        assert response.status_code == 200
        assert [message for _, message in response.context["errors"]] == [STALE_MEETING_MESSAGE]
        recorded.refresh_from_db()
        assert recorded.title == "The chair's change"

    def test_removing_an_outcome_that_raised_an_escalation_is_refused_on_its_row(
        self, client_for: SignedInClient, tasking_officer: User, recorded: Meeting
    ) -> None:
        data = meeting_edit_data(recorded)
        data["outcomes-0-DELETE"] = "on"

        html = client_for(tasking_officer).post(f"/meetings/{recorded.pk}/edit/", data).content.decode()

        assert '<a href="#id_outcomes-0-DELETE">Outcome 1: This outcome raised an escalation' in html
        assert recorded.outcomes.count() == 2


def test_a_summer_meeting_time_is_london_time(
    client_for: SignedInClient, tasking_officer: User, victim_board: Board
) -> None:
    midsummer = datetime.date(2026, 7, 1)
    client_for(tasking_officer).post(
        "/meetings/new/", meeting_form_data(boards=[victim_board], day=midsummer, start="10:00")
    )
    assert Meeting.objects.get().starts_at == datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)
