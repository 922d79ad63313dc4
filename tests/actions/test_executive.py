"""The Executive's view across the boards: what it shows, what it counts changes from, what the
uncleared never see of CONTEST, who may open it, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from actions import services
from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan, ProgressUpdate
from actions.selectors.executive import EXECUTIVE_CHANGES_SHOWN, EXECUTIVE_OVERDUE_SHOWN, ExecutiveOverview
from boards.choices import EscalationState, MeetingKind, MembershipRole, OutcomeKind
from boards.models import Board, Escalation, Meeting
from boards.services import escalation_escalate, meeting_create
from priorities.models import Objective
from swp import sections
from swp.choices import Clearance, PartnershipRole
from swp.models import Partnership, User
from tests.actions.conftest import in_days
from tests.actions.factories import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.boards.factories import (
    BoardFactory,
    EscalationFactory,
    MeetingFactory,
    MeetingOutcomeFactory,
    MembershipFactory,
)
from tests.boards.meeting_data import escalation_row, meeting_details
from tests.responses import section_context
from tests.swp.factories import RoleAssignmentFactory, UserFactory

SignedInClient = Callable[[User], Client]


def _overview(response: Any) -> ExecutiveOverview:
    assert response.status_code == 200
    return section_context(response, "actions/sections/executive_overview.html")["overview"]


def _row(overview: ExecutiveOverview, slug: str) -> Any:
    return next(row for row in overview.boards if row.board.slug == slug)


def _escalation_raised_at(meeting: Meeting, board: Board, title: str) -> Escalation:
    outcome = MeetingOutcomeFactory(meeting=meeting, kind=OutcomeKind.ESCALATION, board=board, summary=title)
    return EscalationFactory(board=board, source_outcome=outcome, title=title)


def _fields(objective: Objective, title: str, **overrides: object) -> services.ActionFields:
    values: dict[str, object] = {
        "objective": objective,
        "title": title,
        "description": "",
        "owner": None,
        "lead_organisation": None,
        "due_date": in_days(30),
        "places": [],
        "cohorts": [],
    }
    values.update(overrides)
    return services.ActionFields(**values)  # type: ignore[arg-type]


@pytest.fixture
def now() -> Iterator[datetime.datetime]:
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        yield moment


class TestWhatItShows:
    @pytest.fixture
    def since_last_meeting(
        self,
        now: datetime.datetime,
        executive_board: Board,
        offender_board: Board,
        victim_objectives: list[Objective],
        victim_chair: User,
        tasking_officer: User,
        action_owner: User,
    ) -> dict[str, Any]:
        """Three weeks ago the plan and an escalation; ten days ago the Executive met; today, changes."""
        board = victim_objectives[0].board
        with time_machine.travel(now - datetime.timedelta(days=21), tick=False):
            plan = ActionPlanFactory(board=board)
            old = services.action_create(plan=plan, by=victim_chair, fields=_fields(victim_objectives[0], "Old"))
            overdue = ActionFactory(
                plan=plan, objective=victim_objectives[0], title="Late one", due_date=in_days(14), owner=action_owner
            )
            old_meeting = meeting_create(
                partnership=board.partnership,
                by=tasking_officer,
                details=meeting_details(board),
                outcomes=[escalation_row(board, "Phone snatches")],
            )
        executive_meeting = MeetingFactory(
            partnership=board.partnership,
            kind=MeetingKind.BOARD,
            title="Executive Board: June",
            starts_at=now - datetime.timedelta(days=10),
            boards=[executive_board],
        )
        MeetingFactory(
            partnership=board.partnership,
            kind=MeetingKind.BOARD,
            title="Executive Board: next month",
            starts_at=now + datetime.timedelta(days=20),
            boards=[executive_board],
        )
        new = services.action_create(plan=plan, by=victim_chair, fields=_fields(victim_objectives[1], "New"))
        services.action_update(
            action=old,
            by=victim_chair,
            opened_version=0,
            fields=_fields(victim_objectives[0], "Old, renamed"),
            status=ActionStatus.IN_PROGRESS,
        )
        services.progress_update_create(action=old, by=victim_chair, rag=Rag.RED, narrative="Stalled.")
        raised_now = meeting_create(
            partnership=board.partnership,
            by=tasking_officer,
            details=meeting_details(board),
            outcomes=[escalation_row(board, "Street drinking")],
        )
        escalation_escalate(escalation=Escalation.objects.get(title="Phone snatches"), by=None)
        return {
            "meeting": executive_meeting,
            "old": old,
            "new": new,
            "overdue": overdue,
            "old_escalation": old_meeting.outcomes.get().escalation,
            "new_escalation": raised_now.outcomes.get().escalation,
        }

    def test_every_board_thematic_first_with_its_newest_plan_and_rag_counts(
        self, client_for: SignedInClient, executive_chair: User, since_last_meeting: dict[str, Any]
    ) -> None:
        overview = _overview(client_for(executive_chair).get("/executive/"))

        assert [row.board.slug for row in overview.boards] == ["victim", "offender", "swp", "executive"]
        victim = _row(overview, "victim")
        assert victim.plan.status == PlanStatus.DRAFT
        assert (victim.summary.red, victim.summary.amber, victim.summary.green, victim.summary.unrated) == (1, 0, 0, 2)
        assert _row(overview, "offender").plan is None

    def test_overdue_actions_and_open_escalations_with_their_age(
        self,
        client_for: SignedInClient,
        executive_chair: User,
        since_last_meeting: dict[str, Any],
    ) -> None:
        response = client_for(executive_chair).get("/executive/")
        victim = _row(_overview(response), "victim")

        assert [(item.action, item.days_overdue) for item in victim.overdue] == [(since_last_meeting["overdue"], 7)]
        assert [(e.title, e.age_in_days()) for e in victim.escalations.oldest] == [
            ("Phone snatches", 21),
            ("Street drinking", 0),
        ]
        html = response.content.decode()
        assert "21 days" in html
        assert "7 days" in html

    def test_what_changed_since_the_last_executive_meeting(
        self,
        client_for: SignedInClient,
        executive_chair: User,
        victim_chair: User,
        since_last_meeting: dict[str, Any],
    ) -> None:
        response = client_for(executive_chair).get("/executive/")
        overview = _overview(response)
        changes = _row(overview, "victim").changes

        assert overview.last_meeting == since_last_meeting["meeting"]
        assert overview.since == since_last_meeting["meeting"].starts_at
        assert [change.title for change in changes.new_actions] == ["New"]
        assert [change.title for change in changes.changed_actions] == ["Old, renamed"]
        assert [change.by for change in changes.new_actions + changes.changed_actions] == [victim_chair, victim_chair]
        assert [update.narrative for update in changes.progress_updates] == ["Stalled."]
        # Newest first, as every list of latest changes runs.
        assert [(event.to_state, event.escalation.title) for event in changes.escalation_events] == [
            (EscalationState.ESCALATED, "Phone snatches"),
            (EscalationState.RAISED, "Street drinking"),
        ]
        assert _row(overview, "offender").changes.is_empty
        html = response.content.decode()
        assert "Executive Board: June" in html
        assert f'href="/actions/{since_last_meeting["new"].pk}/">New</a>' in html

    def test_without_an_executive_meeting_it_counts_the_last_30_days_and_says_so(
        self, client_for: SignedInClient, executive_chair: User, now: datetime.datetime, victim_plan: ActionPlan
    ) -> None:
        with time_machine.travel(now - datetime.timedelta(days=31), tick=False):
            ActionFactory(plan=victim_plan, title="Too old to count")
        ActionFactory(plan=victim_plan, title="Recent")

        response = client_for(executive_chair).get("/executive/")

        overview = _overview(response)
        assert overview.last_meeting is None
        assert overview.since == now - datetime.timedelta(days=30)
        assert [change.title for change in _row(overview, "victim").changes.new_actions] == ["Recent"]
        assert "No Executive meeting has taken place yet" in response.content.decode()

    def test_a_revisions_copies_are_not_new_actions(
        self, client_for: SignedInClient, executive_chair: User, executive_board: Board, now: datetime.datetime
    ) -> None:
        with time_machine.travel(now - datetime.timedelta(days=60), tick=False):
            approved = ActionPlanFactory(board=executive_board, status=PlanStatus.APPROVED)
            ActionFactory(plan=approved, title="Carried")
        services.plan_revise(plan=approved, by=executive_chair)

        overview = _overview(client_for(executive_chair).get("/executive/"))

        executive = _row(overview, "executive")
        assert executive.plan == approved  # the revision is still a draft
        assert executive.changes.new_actions == []

    def test_later_layers_add_their_sections_for_the_partnership(
        self,
        client_for: SignedInClient,
        executive_chair: User,
        victim_board: Board,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        seen: list[Partnership] = []

        def trends(*, request: Any, partnership: Partnership) -> dict[str, Any]:
            seen.append(partnership)
            return {"board": victim_board, "escalations": []}

        registry = {"executive": list(sections._sections["executive"])}
        monkeypatch.setattr(sections, "_sections", registry)
        sections.sections_register([("executive", sections.Section("boards/sections/board_escalations.html", trends))])

        page = client_for(executive_chair).get("/executive/").content.decode()

        assert seen == [victim_board.partnership]
        assert page.index("Boards side by side") < page.index("All escalations to the Victim Board")


class TestConfidentiality:
    @pytest.fixture
    def contest_work(
        self,
        contest_action: Action,
        contest_meeting_escalations: tuple[Escalation, Escalation],
    ) -> Action:
        Action.objects.filter(pk=contest_action.pk).update(due_date=in_days(-3))
        ProgressUpdateFactory(action=contest_action, narrative="Referrals reviewed.")
        return contest_action

    @pytest.fixture
    def contest_meeting_escalations(self, contest_board: Board, victim_board: Board) -> tuple[Escalation, Escalation]:
        """One to CONTEST, and one to the Victim Board raised at a meeting that also fed CONTEST."""
        meeting = MeetingFactory(
            partnership=contest_board.partnership, title="Channel panel", boards=[contest_board, victim_board]
        )
        return (
            _escalation_raised_at(meeting, contest_board, "Radicalisation concern"),
            _escalation_raised_at(meeting, victim_board, "Victim of a Channel case"),
        )

    def test_the_uncleared_see_nothing_of_contest_not_even_its_counts(
        self, client_for: SignedInClient, executive_chair: User, victim_plan: ActionPlan, contest_work: Action
    ) -> None:
        response = client_for(executive_chair).get("/executive/")

        overview = _overview(response)
        assert "contest" not in [row.board.slug for row in overview.boards]
        assert _row(overview, "victim").escalations.oldest == []
        html = response.content.decode()
        for secret in (
            "CONTEST",
            contest_work.title,
            "Radicalisation concern",
            "Victim of a Channel case",
            "Referrals",
        ):
            assert secret not in html
        assert f"/actions/{contest_work.pk}/" not in html

    def test_a_cleared_executive_member_sees_it(
        self, client_for: SignedInClient, executive_board: Board, victim_plan: ActionPlan, contest_work: Action
    ) -> None:
        cleared = UserFactory(username="cleared-executive", clearance=Clearance.CTC)
        MembershipFactory(board=executive_board, user=cleared, role=MembershipRole.MEMBER)

        response = client_for(cleared).get("/executive/")

        contest = _row(_overview(response), "contest")
        assert [item.action for item in contest.overdue] == [contest_work]
        assert [escalation.title for escalation in contest.escalations.oldest] == ["Radicalisation concern"]
        assert "Victim of a Channel case" in response.content.decode()


class TestWhoMayOpenIt:
    @pytest.mark.parametrize("persona", ["executive_chair", "swp_chair", "admin_user"])
    def test_the_executive_the_swp_approvers_and_administrators(
        self, request: pytest.FixtureRequest, client_for: SignedInClient, persona: str
    ) -> None:
        response = client_for(request.getfixturevalue(persona)).get("/executive/")

        assert response.status_code == 200
        assert '<a class="govuk-service-navigation__link" href="/executive/"' in response.content.decode()

    def test_members_of_the_executive_board_and_partnership_executive_members(
        self, client_for: SignedInClient, executive_board: Board
    ) -> None:
        member = UserFactory(username="executive-member")
        MembershipFactory(board=executive_board, user=member, role=MembershipRole.MEMBER)
        role_holder = UserFactory(username="executive-role")
        RoleAssignmentFactory(user=role_holder, role=PartnershipRole.EXECUTIVE)

        assert client_for(member).get("/executive/").status_code == 200
        assert client_for(role_holder).get("/executive/").status_code == 200

    def test_a_thematic_chair_who_does_not_sit_on_it_is_refused_and_not_shown_the_link(
        self, client_for: SignedInClient, victim_chair: User
    ) -> None:
        client = client_for(victim_chair)

        assert client.get("/executive/").status_code == 403
        assert 'href="/executive/"' not in client.get("/my/actions/").content.decode()


def test_the_query_count_does_not_grow_with_boards_and_actions(
    client_for: SignedInClient,
    executive_chair: User,
    tasking_officer: User,
    action_owner: User,
    django_assert_max_num_queries: Callable[[int], DjangoAssertNumQueries],
) -> None:
    executive = Board.objects.get(slug="executive")
    partnership = executive.partnership
    MeetingFactory(
        partnership=partnership,
        kind=MeetingKind.BOARD,
        starts_at=timezone.now() - datetime.timedelta(days=5),
        boards=[executive],
    )
    client = client_for(executive_chair)

    def make(boards: int, actions: int) -> None:
        for _ in range(boards):
            board = BoardFactory(partnership=partnership, parent=executive)
            plan = ActionPlanFactory(board=board, status=PlanStatus.APPROVED)
            for index in range(actions):
                action = ActionFactory(
                    plan=plan, owner=action_owner, due_date=in_days(-1 if index % 3 == 0 else 10), rag=Rag.AMBER
                )
                ProgressUpdateFactory(action=action, recorded_by=action_owner)
            services.plan_revise(plan=plan, by=executive_chair)
            EscalationFactory(board=board, raised_at=timezone.now() - datetime.timedelta(days=3))
            escalation = EscalationFactory(board=board)
            escalation_escalate(escalation=escalation, by=None)

    make(2, 5)
    with django_assert_max_num_queries(1000) as small:
        client.get("/executive/")
    make(4, 50)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get("/executive/")

    assert len(large.captured_queries) == len(small.captured_queries)
    overview = _overview(response)
    assert len(overview.boards) == 6 + 3  # and the Victim Board, the SWP and the Executive of the personas
    # Every third action is overdue, counted once on each board's plan in force (not on its revision,
    # still a draft); the page lists only the longest overdue of each board and links to the plan for the rest.
    assert sum(row.summary.overdue for row in overview.boards) == 2 * 2 + 4 * 17
    assert sum(len(row.overdue) for row in overview.boards) == 2 * 2 + 4 * EXECUTIVE_OVERDUE_SHOWN
    assert response.content.decode().count("?version=1&amp;progress=overdue") == 4
    # "What changed" counts every progress update but lists only the latest few, newest first.
    big = [row for row in overview.boards if row.summary.overdue == 17]
    assert [row.changes.progress_updates_count for row in big] == [50] * 4
    for row in big:
        on_board = ProgressUpdate.objects.filter(action__plan__board=row.board).order_by("-recorded_at", "-pk")
        assert row.changes.progress_updates == list(on_board[:EXECUTIVE_CHANGES_SHOWN])
    assert "50 in all; the latest 5:" in response.content.decode()


def test_a_revision_still_in_draft_is_not_the_boards_performance(
    client_for: SignedInClient, executive_chair: User, victim_chair: User, action_owner: User
) -> None:
    board = Board.objects.get(slug="victim")
    plan = ActionPlanFactory(board=board, status=PlanStatus.APPROVED)
    late = ActionFactory(plan=plan, owner=action_owner, title="Late one", due_date=in_days(-3), rag=Rag.RED)
    revision = services.plan_revise(plan=plan, by=victim_chair)
    # In the draft the chair marks it done; nobody has approved that yet.
    Action.objects.filter(plan=revision, carried_from=late).update(status=ActionStatus.COMPLETED)

    page = client_for(executive_chair).get("/executive/")
    victim = _row(_overview(page), "victim")

    assert victim.plan == plan
    assert (victim.summary.overdue, victim.summary.red) == (1, 1)
    assert [item.action.title for item in victim.overdue] == ["Late one"]
    # Its link opens the version counted, not the draft.
    assert f'href="/boards/victim/plan/?version={plan.version}">Action plan' in page.content.decode()
