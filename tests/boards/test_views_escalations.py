"""The escalation ledger, an escalation's page and answering it, and escalations on the board page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards.choices import EscalationState, MeetingKind
from boards.models import Board, Escalation, Meeting
from boards.selectors import OPEN_ESCALATIONS_SHOWN
from swp.models import User
from tests.boards.factories import EscalationEventFactory, EscalationFactory, MeetingFactory, escalation_from_meeting
from tests.responses import shown

pytestmark = pytest.mark.django_db

SignedInClient = Callable[[User], Client]


def _titles(response: Any) -> list[str]:
    return [escalation.title for escalation in shown(response, "page").object_list]


class TestLedger:
    @pytest.fixture
    def ledger(self, victim_board: Board, offender_board: Board, contest_board: Board) -> dict[str, Escalation]:
        now = timezone.now()
        return {
            "fresh": EscalationFactory(board=victim_board, title="Fresh", raised_at=now - datetime.timedelta(days=2)),
            "old": EscalationFactory(
                board=victim_board,
                title="Old",
                state=EscalationState.ACCEPTED,
                raised_at=now - datetime.timedelta(days=20),
            ),
            "offender": EscalationFactory(
                board=offender_board, title="Offender", raised_at=now - datetime.timedelta(days=9)
            ),
            "contest": EscalationFactory(board=contest_board, title="Channel referral backlog"),
        }

    def test_lists_what_the_person_may_see_latest_first_with_its_age(
        self, client_for: SignedInClient, uncleared_member: User, ledger: dict[str, Escalation]
    ) -> None:
        response = client_for(uncleared_member).get("/escalations/")
        html = response.content.decode()
        assert _titles(response) == ["Fresh", "Offender", "Old"]
        assert "Channel referral backlog" not in html
        assert "CONTEST" not in html
        assert "20 days" in html
        assert "3 escalations" in html

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("board={victim}", ["Fresh", "Old"]),
            ("state=accepted", ["Old"]),
            ("state=open&board={victim}", ["Fresh", "Old"]),
            ("older_than=7", ["Offender", "Old"]),
            ("older_than=10&board={victim}", ["Old"]),
            ("older_than=0", ["Fresh", "Offender", "Old"]),
        ],
    )
    def test_filters_by_board_state_and_age(
        self,
        client_for: SignedInClient,
        uncleared_member: User,
        ledger: dict[str, Escalation],
        victim_board: Board,
        query: str,
        expected: list[str],
    ) -> None:
        url = "/escalations/?" + query.format(victim=victim_board.pk)
        assert _titles(client_for(uncleared_member).get(url)) == expected

    def test_a_confidential_board_cannot_be_chosen_even_by_its_id(
        self, client_for: SignedInClient, uncleared_member: User, ledger: dict[str, Escalation], contest_board: Board
    ) -> None:
        client = client_for(uncleared_member)
        hidden = client.get(f"/escalations/?board={contest_board.pk}")
        missing = client.get("/escalations/?board=987654")
        assert _titles(hidden) == _titles(missing) == ["Fresh", "Offender", "Old"]
        assert b"CONTEST" not in hidden.content

    def test_the_cleared_see_confidential_escalations(
        self, client_for: SignedInClient, contest_chair: User, ledger: dict[str, Escalation], contest_board: Board
    ) -> None:
        response = client_for(contest_chair).get(f"/escalations/?board={contest_board.pk}")
        assert _titles(response) == ["Channel referral backlog"]

    def test_the_number_of_queries_does_not_grow_with_the_number_of_escalations(
        self, client_for: SignedInClient, victim_chair: User, tasking_meeting: Meeting, victim_board: Board
    ) -> None:
        client = client_for(victim_chair)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/escalations/").status_code == 200
            return len(captured)

        escalation_from_meeting(meeting=tasking_meeting, board=victim_board)
        few = queries()
        for _ in range(10):
            escalation_from_meeting(meeting=tasking_meeting, board=victim_board)
        assert queries() == few


class TestEscalationPage:
    def test_shows_its_history_who_and_when_and_its_age(
        self, client_for: SignedInClient, uncleared_member: User, victim_escalation: Escalation, victim_chair: User
    ) -> None:
        victim_escalation.raised_at = timezone.now() - datetime.timedelta(days=5)
        victim_escalation.save()
        EscalationEventFactory(escalation=victim_escalation, to_state=EscalationState.RAISED, by=None, note="")
        EscalationEventFactory(
            escalation=victim_escalation,
            from_state=EscalationState.RAISED,
            to_state=EscalationState.ACCEPTED,
            by=victim_chair,
            note="On the agenda for June",
        )

        html = client_for(uncleared_member).get(f"/escalations/{victim_escalation.pk}/").content.decode()

        assert "5 days" in html
        assert "The scheduled check" in html
        assert str(victim_chair) in html
        assert "On the agenda for June" in html
        assert victim_escalation.source_outcome is not None
        assert f'href="/meetings/{victim_escalation.source_outcome.meeting.pk}/"' in html

    def test_only_those_who_may_answer_it_get_the_form(
        self, client_for: SignedInClient, uncleared_member: User, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        url = f"/escalations/{victim_escalation.pk}/"
        assert "What do you want to do?" not in client_for(uncleared_member).get(url).content.decode()
        chair_html = client_for(victim_chair).get(url).content.decode()
        assert "What do you want to do?" in chair_html
        assert "Accept it onto the agenda" in chair_html
        assert "Mark it resolved" not in chair_html  # not from raised

    def test_a_final_escalation_offers_no_answer(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        victim_escalation.state = EscalationState.RESOLVED
        victim_escalation.save()
        html = client_for(victim_chair).get(f"/escalations/{victim_escalation.pk}/").content.decode()
        assert "What do you want to do?" not in html


class TestAnsweringAnEscalation:
    def test_the_chair_accepts_it_then_resolves_it(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        client = client_for(victim_chair)
        url = f"/escalations/{victim_escalation.pk}/respond/"

        accepted = client.post(url, {"to_state": "accepted", "note": "On the June agenda"})
        assert accepted.status_code == 302
        assert accepted["Location"] == f"/escalations/{victim_escalation.pk}/"
        resolved = client.post(url, {"to_state": "resolved", "note": ""}, follow=True)

        victim_escalation.refresh_from_db()
        assert victim_escalation.state == EscalationState.RESOLVED
        assert [(e.to_state, e.by, e.note) for e in victim_escalation.events.all()] == [
            (EscalationState.ACCEPTED, victim_chair, "On the June agenda"),
            (EscalationState.RESOLVED, victim_chair, ""),
        ]
        assert "The escalation is now resolved." in resolved.content.decode()

    def test_declining_without_a_reason_is_explained_and_changes_nothing(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        response = client_for(victim_chair).post(
            f"/escalations/{victim_escalation.pk}/respond/", {"to_state": "declined", "note": " "}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert '<a href="#id_note">Enter the reason for declining the escalation</a>' in html
        assert "<title>Error: " in html
        victim_escalation.refresh_from_db()
        assert victim_escalation.state == EscalationState.RAISED

    def test_a_step_not_open_from_here_is_refused_by_the_form(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        response = client_for(victim_chair).post(
            f"/escalations/{victim_escalation.pk}/respond/", {"to_state": "resolved"}
        )
        assert 'href="#id_to_state_1"' in response.content.decode()
        victim_escalation.refresh_from_db()
        assert victim_escalation.state == EscalationState.RAISED

    def test_a_step_no_longer_open_because_someone_answered_first_says_so(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        url = f"/escalations/{victim_escalation.pk}/respond/"
        client_for(victim_chair).post(url, {"to_state": "accepted", "note": ""})

        # Declining is offered only while it is raised: this answer comes from a page opened before.
        late = client_for(victim_chair).post(url, {"to_state": "declined", "note": "Not ours"}, follow=True)

        assert "Your answer was not saved: the escalation is already accepted." in late.content.decode()
        victim_escalation.refresh_from_db()
        assert victim_escalation.state == EscalationState.ACCEPTED

    @pytest.mark.parametrize("second", ["resolved", "declined"])
    def test_an_answer_to_an_escalation_already_closed_says_so_and_changes_nothing(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation, second: str
    ) -> None:
        client = client_for(victim_chair)
        url = f"/escalations/{victim_escalation.pk}/respond/"
        client.post(url, {"to_state": "accepted", "note": ""})
        client.post(url, {"to_state": "resolved", "note": ""})

        again = client.post(url, {"to_state": second, "note": "A second click, or a stale page"}, follow=True)

        assert again.redirect_chain == [(f"/escalations/{victim_escalation.pk}/", 302)]
        assert "Your answer was not saved: the escalation is already resolved." in again.content.decode()
        assert victim_escalation.events.count() == 2

    def test_sending_it_up_says_it_is_with_the_executive(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        response = client_for(victim_chair).post(
            f"/escalations/{victim_escalation.pk}/respond/", {"to_state": "escalated", "note": ""}, follow=True
        )
        assert "The escalation is now with the Executive." in response.content.decode()

    def test_an_answer_without_a_choice_asks_for_one(
        self, client_for: SignedInClient, victim_chair: User, victim_escalation: Escalation
    ) -> None:
        html = client_for(victim_chair).post(f"/escalations/{victim_escalation.pk}/respond/", {"note": ""}).content
        assert "Select what you want to do with the escalation" in html.decode()

    def test_once_sent_up_the_executive_answers_it(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        executive_chair: User,
        victim_escalation: Escalation,
    ) -> None:
        url = f"/escalations/{victim_escalation.pk}/respond/"
        assert client_for(victim_chair).post(url, {"to_state": "escalated"}).status_code == 302
        # The board's chair, answering from the page they had open, is told it has gone up.
        late = client_for(victim_chair).post(url, {"to_state": "accepted"}, follow=True)
        assert "Your answer was not saved: the escalation is already with the Executive." in late.content.decode()
        victim_escalation.refresh_from_db()
        assert victim_escalation.state == EscalationState.ESCALATED
        assert (
            client_for(executive_chair)
            .post(url, {"to_state": "declined", "note": "Dealt with by Safeguarding"})
            .status_code
            == 302
        )
        victim_escalation.refresh_from_db()
        assert victim_escalation.state == EscalationState.DECLINED
        assert victim_escalation.decline_reason == "Dealt with by Safeguarding"


class TestBoardPage:
    def test_shows_the_boards_open_escalations_with_their_age(
        self, client_for: SignedInClient, uncleared_member: User, victim_board: Board, offender_board: Board
    ) -> None:
        now = timezone.now()
        EscalationFactory(board=victim_board, title="Open one", raised_at=now - datetime.timedelta(days=4))
        EscalationFactory(board=victim_board, title="Closed one", state=EscalationState.RESOLVED)
        EscalationFactory(board=offender_board, title="Another board's")

        html = client_for(uncleared_member).get("/boards/victim/").content.decode()

        assert "Open one" in html
        assert "4 days" in html
        assert "Closed one" not in html
        assert "Another board&#x27;s" not in html
        assert f'href="/escalations/?board={victim_board.pk}"' in html

    def test_lists_the_oldest_open_escalations_and_links_to_all_of_them(
        self, client_for: SignedInClient, uncleared_member: User, victim_board: Board
    ) -> None:
        now = timezone.now()
        for age in range(OPEN_ESCALATIONS_SHOWN + 2):
            EscalationFactory(
                board=victim_board, title=f"Aged {age} days", raised_at=now - datetime.timedelta(days=age)
            )
        EscalationFactory(board=victim_board, title="Declined one", state=EscalationState.DECLINED)

        response = client_for(uncleared_member).get("/boards/victim/")
        html = response.content.decode()

        shown = [f"Aged {age} days" for age in range(OPEN_ESCALATIONS_SHOWN + 1, 1, -1)]
        assert [title for title in shown if title in html] == shown
        assert "Aged 1 days" not in html
        assert "Aged 0 days" not in html
        assert f"The {OPEN_ESCALATIONS_SHOWN} oldest of the {OPEN_ESCALATIONS_SHOWN + 2} open escalations" in html
        ledger = f"/escalations/?board={victim_board.pk}&amp;state=open"
        assert f'<a class="govuk-link" href="{ledger}">See all {OPEN_ESCALATIONS_SHOWN + 2} open escalations' in html
        listed = _titles(client_for(uncleared_member).get(ledger.replace("&amp;", "&")))
        assert sorted(listed) == sorted(f"Aged {age} days" for age in range(OPEN_ESCALATIONS_SHOWN + 2))

    def test_shows_recent_meetings_and_a_calendar_link_for_members_only(
        self,
        client_for: SignedInClient,
        uncleared_member: User,
        scrutiny_member: User,
        tasking_meeting: Meeting,
        contest_board: Board,
    ) -> None:
        member_html = client_for(uncleared_member).get("/boards/victim/").content.decode()
        assert tasking_meeting.title in member_html
        assert "http://testserver/boards/victim/meetings.ics?token=" in member_html

        outsider_html = client_for(scrutiny_member).get("/boards/victim/").content.decode()
        assert tasking_meeting.title in outsider_html
        assert "meetings.ics" not in outsider_html

    def test_the_boards_own_meetings_are_not_pushed_out_by_the_tasking_meetings_feeding_it(
        self, client_for: SignedInClient, uncleared_member: User, victim_board: Board
    ) -> None:
        now = timezone.now()
        MeetingFactory(
            partnership=victim_board.partnership,
            boards=[victim_board],
            kind=MeetingKind.BOARD,
            title="Victim Board, spring meeting",
            starts_at=now - datetime.timedelta(days=30),
        )
        for day in range(6):
            MeetingFactory(
                partnership=victim_board.partnership,
                boards=[victim_board],
                kind=MeetingKind.PARTNERSHIP_TASKING,
                title=f"Ward tasking {day}",
                starts_at=now - datetime.timedelta(days=day),
            )

        html = client_for(uncleared_member).get("/boards/victim/").content.decode()

        meetings = html.split('id="meetings">Meetings</h2>', 1)[1].split("All meetings of the", 1)[0]
        own, feeding = meetings.split("Latest tasking, problem-solving and workshop meetings feeding it")
        assert "Latest meetings of the board" in own
        assert "Victim Board, spring meeting" in own
        assert [f"Ward tasking {day}" in feeding for day in range(6)] == [True] * 5 + [False]

    def test_the_meetings_feeding_the_board_are_the_newest_of_every_kind_together(
        self, client_for: SignedInClient, uncleared_member: User, victim_board: Board
    ) -> None:
        now = timezone.now()
        kinds = [MeetingKind.PARTNERSHIP_TASKING, MeetingKind.PROBLEM_SOLVING, MeetingKind.WORKSHOP]
        for day in range(9):
            MeetingFactory(
                partnership=victim_board.partnership,
                boards=[victim_board],
                kind=kinds[day % 3],
                title=f"Feeding meeting {day}",
                starts_at=now - datetime.timedelta(days=day),
            )

        html = client_for(uncleared_member).get("/boards/victim/").content.decode()

        feeding = html.split("Latest tasking, problem-solving and workshop meetings feeding it", 1)[1]
        feeding = feeding.split("All meetings of the", 1)[0]
        shown = [day for day in range(9) if f"Feeding meeting {day}<" in feeding]
        assert shown == [0, 1, 2, 3, 4]
        assert [feeding.index(f"Feeding meeting {day}<") for day in shown] == sorted(
            feeding.index(f"Feeding meeting {day}<") for day in shown
        )
        assert "Latest meetings of the board" not in html

    def test_leaves_out_meetings_that_also_feed_a_board_hidden_from_the_person(
        self, client_for: SignedInClient, uncleared_member: User, victim_board: Board, contest_board: Board
    ) -> None:
        MeetingFactory(partnership=victim_board.partnership, boards=[victim_board, contest_board], title="Joint review")
        assert "Joint review" not in client_for(uncleared_member).get("/boards/victim/").content.decode()

    def test_changing_the_calendar_link_revokes_the_old_one(
        self, client_for: SignedInClient, uncleared_member: User, victim_board: Board
    ) -> None:
        client = client_for(uncleared_member)
        html = client.get("/boards/victim/").content.decode()
        old = html.split("meetings.ics?token=")[1].split('"')[0]

        response = client.post("/boards/victim/calendar-link/")

        assert response.status_code == 302
        assert response["Location"] == "/boards/victim/#calendar"
        assert Client().get(f"/boards/victim/meetings.ics?token={old}").status_code == 404
        new = client.get("/boards/victim/").content.decode().split("meetings.ics?token=")[1].split('"')[0]
        assert new != old
        assert Client().get(f"/boards/victim/meetings.ics?token={new}").status_code == 200


@pytest.mark.parametrize(
    ("url", "sent_empty", "narrowed", "mistyped", "none_yet", "none_match"),
    [
        (
            "/meetings/",
            "kind=&board=&filter=Filter+meetings",
            "kind=workshop",
            "date_from_0=31&date_from_1=2&date_from_2=2026",
            "No meetings have been recorded yet.",
            "No meetings match these filters.",
        ),
        (
            "/escalations/",
            "board=&state=&older_than=&filter=Filter+escalations",
            "state=declined",
            "older_than=soon",
            "No escalations have been raised yet.",
            "No escalations match these filters.",
        ),
    ],
)
def test_an_empty_list_says_whether_its_filters_emptied_it(
    client_for: SignedInClient,
    victim_chair: User,
    url: str,
    sent_empty: str,
    narrowed: str,
    mistyped: str,
    none_yet: str,
    none_match: str,
) -> None:
    client = client_for(victim_chair)

    for query in ("", sent_empty):
        page = client.get(f"{url}?{query}").content.decode()
        assert none_yet in page, query
        assert "Clear filters" not in page, query
    page = client.get(f"{url}?{narrowed}").content.decode()
    assert none_match in page
    assert "Clear filters" in page
    assert "Clear filters" in client.get(f"{url}?{mistyped}").content.decode()
