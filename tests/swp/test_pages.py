"""The public pages, the partnership overview and a board's page, through the test client."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from boards.choices import BoardKind, MembershipRole
from boards.models import Board
from swp.models import User
from tests.boards.factories import BoardFactory, MembershipFactory
from tests.priorities.factories import AimFactory, ObjectiveFactory
from tests.responses import without_csrf_token
from tests.swp.factories import UserFactory

SignedInClient = Callable[[User], Client]


def _board_link(board: Board) -> str:
    return f'href="/boards/{board.slug}/"'


def _tree_of(response: object) -> list[tuple[str, list]]:
    """The board structure the home page was given, as (slug, children) pairs."""
    (section,) = [section for section in response.context["sections"] if "tree" in section.context]

    def shape(nodes: list) -> list[tuple[str, list]]:
        return [(node.board.slug, shape(node.children)) for node in nodes]

    return shape(section.context["tree"])


class TestPublicPages:
    def test_the_home_page_asks_an_anonymous_visitor_to_sign_in(self, client: Client, db: None) -> None:
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/"

    def test_a_board_page_asks_an_anonymous_visitor_to_sign_in(self, client: Client, victim_board: Board) -> None:
        response = client.get("/boards/victim/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/boards/victim/"

    def test_the_sign_in_page_is_public(self, client: Client, db: None) -> None:
        response = client.get("/accounts/login/")
        assert response.status_code == 200
        assert b'<h1 class="govuk-heading-xl">Sign in</h1>' in response.content

    def test_the_accessibility_statement_is_public(self, client: Client, db: None) -> None:
        response = client.get("/accessibility/")
        assert response.status_code == 200
        assert "Accessibility statement" in response.content.decode()

    def test_the_health_check_answers_without_a_session(self, client: Client) -> None:
        response = client.get("/health/")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


class TestHome:
    def test_the_home_page_shows_the_boards_nested_under_the_board_they_report_to(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        offender_board: Board,
        contest_board: Board,
    ) -> None:
        response = client_for(victim_chair).get("/")
        assert response.status_code == 200
        assert _tree_of(response) == [
            ("swp", [("executive", [("victim", []), ("offender", []), ("contest", [])])]),
        ]
        for name in ["Safer Westminster Partnership", "Executive Board", "Victim Board", "Offender Board"]:
            assert name in response.content.decode()

    def test_boards_nest_in_the_html_too(self, client_for: SignedInClient, victim_chair: User) -> None:
        html = client_for(victim_chair).get("/").content.decode()
        # The Victim Board's card sits in the list of children that follows the Executive's card.
        executive = html.index(_board_link(Board.objects.get(slug="executive")))
        children = html.index('class="app-board-structure__children"', executive)
        assert html.index(_board_link(Board.objects.get(slug="victim"))) > children

    def test_a_confidential_board_is_listed_but_not_linked_for_an_uncleared_member(
        self, client_for: SignedInClient, uncleared_member: User, contest_board: Board
    ) -> None:
        html = client_for(uncleared_member).get("/").content.decode()
        assert "CONTEST Board" in html
        assert _board_link(contest_board) not in html
        assert _board_link(Board.objects.get(slug="victim")) in html

    def test_a_confidential_board_is_linked_for_a_cleared_chair(
        self, client_for: SignedInClient, contest_chair: User
    ) -> None:
        html = client_for(contest_chair).get("/").content.decode()
        assert _board_link(Board.objects.get(slug="contest")) in html


class TestBoardPage:
    def test_a_board_page_shows_its_aim_and_objectives_in_order(
        self, client_for: SignedInClient, victim_chair: User, victim_board: Board
    ) -> None:
        AimFactory(board=victim_board, text="Reduce the number of repeat victims.")
        ObjectiveFactory(board=victim_board, text="Identify repeat victims early.")
        ObjectiveFactory(board=victim_board, text="Support high-risk domestic violence victims.")

        response = client_for(victim_chair).get("/boards/victim/")

        assert response.status_code == 200
        html = response.content.decode()
        assert "Reduce the number of repeat victims." in html
        assert html.index("Identify repeat victims early.") < html.index("Support high-risk domestic violence victims.")

    def test_a_board_page_leaves_out_another_boards_objectives(
        self, client_for: SignedInClient, victim_chair: User, victim_board: Board, offender_board: Board
    ) -> None:
        ObjectiveFactory(board=offender_board, text="Reduce reoffending by prolific offenders.")
        html = client_for(victim_chair).get("/boards/victim/").content.decode()
        assert "prolific offenders" not in html

    def test_members_are_listed_chairs_first_then_by_surname_each_once_with_all_their_roles(
        self, client_for: SignedInClient, victim_board: Board
    ) -> None:
        def person(first: str, last: str, *roles: MembershipRole) -> User:
            user = UserFactory(first_name=first, last_name=last)
            for role in roles:
                MembershipFactory(board=victim_board, user=user, role=role)
            return user

        person("Lucy", "Green", MembershipRole.ACTION_OWNER)
        person("Lucy", "Campbell", MembershipRole.ACTION_OWNER)
        person("Sam", "Adams", MembershipRole.ACTION_OWNER, MembershipRole.MEMBER)
        person("Vera", "Okafor", MembershipRole.CHAIR)
        vice = person("Zoe", "Brown", MembershipRole.VICE_CHAIR)
        # Someone who has left the partnership (their account deactivated) is no longer listed.
        departed = person("Dee", "Parted", MembershipRole.MEMBER)
        departed.is_active = False
        departed.save()

        html = client_for(vice).get("/boards/victim/").content.decode()

        members = html.split(">Members</h2>", 1)[1]
        rows = re.findall(r'__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>', members)
        assert rows == [
            ("Vera Okafor", "Chair"),
            ("Zoe Brown", "Vice-chair"),
            ("Sam Adams", "Member and action owner"),
            ("Lucy Campbell", "Action owner"),
            ("Lucy Green", "Action owner"),
        ]

    def test_a_linked_external_board_shows_what_it_is_and_its_contacts_but_no_plan_meetings_or_escalations(
        self, client_for: SignedInClient, victim_chair: User, swp_board: Board
    ) -> None:
        linked = BoardFactory(
            partnership=swp_board.partnership,
            slug="health-and-wellbeing",
            name="Health and Wellbeing Board",
            kind=BoardKind.EXTERNAL,
        )
        MembershipFactory(board=linked, user=victim_chair, role=MembershipRole.CHAIR)

        response = client_for(victim_chair).get("/boards/health-and-wellbeing/")

        html = response.content.decode()
        assert "is not part of the partnership: its plans, meetings and papers are kept by the board itself" in html
        assert re.findall(r'<h2 class="govuk-heading-m"[^>]*>(.*?)</h2>', html) == ["Members"]
        # The lists of meetings and escalations cannot be filtered to a linked board, so nothing links there.
        assert "?board=" not in html
        assert client_for(victim_chair).post("/boards/health-and-wellbeing/plan/start/").status_code == 403
        plan_page = client_for(victim_chair).get("/boards/health-and-wellbeing/plan/").content.decode()
        assert "it keeps its own action plan, outside this service" in plan_page
        assert "has no action plan yet" not in plan_page

    def test_a_cleared_chair_opens_the_confidential_board(
        self, client_for: SignedInClient, contest_chair: User, contest_board: Board
    ) -> None:
        response = client_for(contest_chair).get("/boards/contest/")
        assert response.status_code == 200
        assert "Confidential" in response.content.decode()


class TestHiddenBoardsLookAbsent:
    def test_a_confidential_board_gives_the_same_404_as_a_board_that_does_not_exist(
        self, client_for: SignedInClient, uncleared_member: User, contest_board: Board
    ) -> None:
        client = client_for(uncleared_member)

        hidden = client.get("/boards/contest/")
        missing = client.get("/boards/no-such-board/")

        assert hidden.status_code == missing.status_code == 404
        assert without_csrf_token(hidden.content) == without_csrf_token(missing.content)
        assert b"CONTEST" not in hidden.content

    def test_a_scrutiny_member_cannot_open_the_confidential_board_either(
        self, client_for: SignedInClient, scrutiny_member: User, contest_board: Board
    ) -> None:
        response = client_for(scrutiny_member).get("/boards/contest/")
        assert response.status_code == 404
