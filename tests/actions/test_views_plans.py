"""The plan page: actions grouped by objective, filters and sorting in the URL, pagination, bounded
queries, versions; and the plan's life cycle through its buttons."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from actions.choices import ActionStatus, PlanStatus, Rag
from actions.models import Action, ActionPlan
from boards.models import Board
from priorities.models import Cohort, Objective
from swp.choices import PartnershipRole
from swp.models import Organisation, Place, User
from swp.pagination import PAGE_SIZE
from tests.actions.conftest import in_days
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.actions.helpers import assert_shown_again_unsaved, error_summary, field_errors
from tests.priorities.factories import ObjectiveFactory
from tests.responses import shown
from tests.swp.factories import PlaceFactory, RoleAssignmentFactory, UserFactory

SignedInClient = Callable[[User], Client]


def _titles(response: object) -> list[str]:
    return [action.title for action in shown(response, "page").object_list]  # type: ignore[attr-defined]


def _return_reason_written_as_another_approves(writer: Client, approver: Client, board: str) -> None:
    """`writer` opens the form to return version 1 of the board's plan, `approver` approves it
    meanwhile, and `writer`'s reason comes back to them unsaved, with why."""
    url = f"/boards/{board}/plan/1/"
    assert "Return the plan</button>" in writer.get(f"{url}return/").content.decode()
    approver.post(f"{url}approve/")

    returned = writer.post(f"{url}return/", {"reason": "Every action needs a lead partner."})

    assert_shown_again_unsaved(
        returned,
        why="The plan was approved while you had this page open.",
        typed="Every action needs a lead partner.</textarea>",
        button="Return the plan</button>",
    )


class TestPlanPage:
    def test_actions_are_grouped_under_their_objectives_in_order(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
    ) -> None:
        second, first = victim_objectives[1], victim_objectives[0]
        ActionFactory(plan=victim_plan, objective=second, title="Case review", order=1)
        ActionFactory(plan=victim_plan, objective=first, title="Referral pathway", order=2)
        ActionFactory(plan=victim_plan, objective=first, title="Helpline", order=3)

        response = client_for(victim_chair).get("/boards/victim/plan/")

        assert response.status_code == 200
        groups = [(objective.text, [a.title for a in actions]) for objective, actions in shown(response, "groups")]
        assert groups == [
            ("Identify repeat victims early.", ["Referral pathway", "Helpline"]),
            ("Support high-risk domestic violence victims.", ["Case review"]),
        ]
        html = response.content.decode()
        assert html.index("Identify repeat victims early.") < html.index("Referral pathway") < html.index("Case review")

    def test_each_action_names_its_places_and_cohorts(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
        church_street: Place,
        repeat_victims: Cohort,
    ) -> None:
        action = ActionFactory(plan=victim_plan, objective=victim_objectives[0], title="Referral pathway")
        action.places.add(church_street, PlaceFactory(partnership=church_street.partnership, name="Abbey Road"))
        action.cohorts.add(repeat_victims)
        ActionFactory(plan=victim_plan, objective=victim_objectives[0], title="Helpline")

        page = client_for(victim_chair).get("/boards/victim/plan/").content.decode()

        items = {match[0]: match[1] for match in re.findall(r">([^<]+)</a></h4>(.*?)</li>", page, re.S)}
        assert "Places: Abbey Road, Church Street." in items["Referral pathway"]
        assert "Cohorts: Repeat victims." in items["Referral pathway"]
        assert "Places:" not in items["Helpline"]

    def test_off_track_or_overdue_shows_actions_that_are_either(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
    ) -> None:
        objective = victim_objectives[0]
        ActionFactory(plan=victim_plan, objective=objective, title="Red", rag=Rag.RED, due_date=in_days(10))
        ActionFactory(plan=victim_plan, objective=objective, title="Overdue", rag=Rag.GREEN, due_date=in_days(-1))
        ActionFactory(plan=victim_plan, objective=objective, title="Fine", rag=Rag.GREEN, due_date=in_days(10))
        ActionFactory(
            plan=victim_plan,
            objective=objective,
            title="Done late",
            rag=Rag.GREEN,
            due_date=in_days(-5),
            status=ActionStatus.COMPLETED,
        )

        response = client_for(victim_chair).get("/boards/victim/plan/?progress=red&progress=overdue")

        assert sorted(_titles(response)) == ["Overdue", "Red"]

    def test_a_rating_picks_the_open_actions_the_summary_counts_not_closed_ones_last_rated_so(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
    ) -> None:
        objective = victim_objectives[0]
        ActionFactory(plan=victim_plan, objective=objective, title="Red, open", rag=Rag.RED)
        ActionFactory(plan=victim_plan, objective=objective, title="Unrated, open", rag="")
        for status in (ActionStatus.COMPLETED, ActionStatus.CANCELLED):
            ActionFactory(plan=victim_plan, objective=objective, title=f"Red, {status}", rag=Rag.RED, status=status)
            ActionFactory(plan=victim_plan, objective=objective, title=f"Unrated, {status}", rag="", status=status)
        client = client_for(victim_chair)

        red = client.get("/boards/victim/plan/?progress=red")
        unrated = client.get("/boards/victim/plan/?progress=unrated")

        assert _titles(red) == ["Red, open"]
        assert shown(red, "summary").red == 1
        assert _titles(unrated) == ["Unrated, open"]
        assert shown(unrated, "summary").unrated == 1
        assert _titles(client.get("/boards/victim/plan/?status=completed")) == ["Red, completed", "Unrated, completed"]

    def test_filters_combine_across_groups(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        owned_action: Action,
        action_owner: User,
        police: Organisation,
    ) -> None:
        ActionFactory(plan=owned_action.plan, objective=owned_action.objective, title="Someone else's", rag=Rag.RED)
        ActionFactory(
            plan=owned_action.plan,
            objective=owned_action.objective,
            title="Owner's, done",
            owner=action_owner,
            status=ActionStatus.COMPLETED,
        )

        query = f"?owner={action_owner.pk}&status=in_progress&lead_organisation={police.pk}"
        response = client_for(victim_chair).get(f"/boards/victim/plan/{query}")

        assert _titles(response) == ["MARAC case review"]

    def test_filter_choices_come_from_this_plan_and_board_only(
        self,
        client_for: SignedInClient,
        uncleared_member: User,
        owned_action: Action,
        action_owner: User,
        contest_action: Action,
        offender_board: Board,
    ) -> None:
        ObjectiveFactory(board=offender_board, text="Reduce reoffending.")
        UserFactory(username="not-an-owner")

        response = client_for(uncleared_member).get("/boards/victim/plan/")

        form = shown(response, "filter").form
        assert list(form.fields["owner"].queryset) == [action_owner]
        assert {o.board_id for o in form.fields["objective"].queryset} == {owned_action.plan.board_id}
        html = response.content.decode()
        assert "Reduce reoffending." not in html
        assert contest_action.title not in html
        assert str(contest_action.owner) not in html

    def test_sorting_orders_the_whole_plan_not_each_objective_in_turn(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
    ) -> None:
        first, second = victim_objectives
        ActionFactory(plan=victim_plan, objective=second, title="B soonest", due_date=in_days(2), order=1)
        ActionFactory(plan=victim_plan, objective=first, title="A later", due_date=in_days(30), order=2)
        ActionFactory(plan=victim_plan, objective=first, title="A sooner", due_date=in_days(3), order=3)
        client = client_for(victim_chair)

        in_plan_order = client.get("/boards/victim/plan/")
        soonest_first = client.get("/boards/victim/plan/?sort=due_date")

        assert _titles(in_plan_order) == ["A later", "A sooner", "B soonest"]
        assert _titles(soonest_first) == ["B soonest", "A sooner", "A later"]
        html = soonest_first.content.decode()
        assert "All objectives, sorted by: Due date, soonest first" in html
        # Each action says which objective it serves, as the objective headings no longer do.
        assert f"Objective {second.order}: {second.text}" in html.split("B soonest", 1)[1].split("A sooner", 1)[0]

    def test_an_unknown_sort_is_explained_not_obeyed(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        response = client_for(victim_chair).get("/boards/victim/plan/?sort=owner__password")

        assert response.status_code == 200
        assert _titles(response) == ["MARAC case review"]
        assert error_summary(response) == [
            "Select a valid choice. owner__password is not one of the available choices."
        ]

    def test_pages_of_25_keep_the_filters_in_their_links(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
    ) -> None:
        ActionFactory.create_batch(30, plan=victim_plan, objective=victim_objectives[0], rag=Rag.RED)
        client = client_for(victim_chair)

        first = client.get("/boards/victim/plan/?progress=red")
        second = client.get("/boards/victim/plan/?progress=red&page=2")

        assert len(_titles(first)) == 25
        assert len(_titles(second)) == 5
        assert 'href="?progress=red&amp;page=2"' in first.content.decode()
        assert "Showing 26 to 30 of 30 actions that match the filters." in second.content.decode()

    def test_the_query_count_does_not_grow_with_the_number_of_actions(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
        action_owner: User,
        police: Organisation,
        django_assert_max_num_queries: Callable[[int], DjangoAssertNumQueries],
    ) -> None:
        client = client_for(victim_chair)

        def make(count: int) -> None:
            for index in range(count):
                ActionFactory(
                    plan=victim_plan,
                    objective=victim_objectives[index % 2],
                    owner=action_owner,
                    lead_organisation=police,
                )

        make(5)
        with django_assert_max_num_queries(1000) as five:
            client.get("/boards/victim/plan/")
        make(45)
        with django_assert_max_num_queries(len(five.captured_queries)):
            response = client.get("/boards/victim/plan/")
        assert len(_titles(response)) == 25
        # A draft: the chair's Move buttons are on the page, and cost no query per action either.
        assert response.content.decode().count(">Move down<") == 25

    def test_beside_a_mistyped_filter_the_page_describes_the_list_by_the_filters_it_applied(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
    ) -> None:
        ActionFactory(plan=victim_plan, objective=victim_objectives[0], title="Red", rag=Rag.RED)

        nothing = client_for(victim_chair).get("/boards/victim/plan/?status=completed&due_before=x")
        sorted_ = client_for(victim_chair).get("/boards/victim/plan/?sort=title&due_before=x")

        assert "No actions match the filters." in nothing.content.decode()
        assert "All objectives, sorted by: Title, A to Z" in sorted_.content.decode()
        assert shown(sorted_, "groups") == []

    @pytest.mark.parametrize("version", ["abc", "7", "-1", "²"])
    def test_a_version_that_is_not_there_is_a_404(
        self, client_for: SignedInClient, victim_chair: User, victim_plan: ActionPlan, version: str
    ) -> None:
        assert client_for(victim_chair).get(f"/boards/victim/plan/?version={version}").status_code == 404


class TestVersions:
    def test_the_newest_version_links_to_the_one_in_force(
        self, client_for: SignedInClient, executive_chair: User, approved_plan: ActionPlan
    ) -> None:
        ActionPlanFactory(board=approved_plan.board, status=PlanStatus.DRAFT, revised_from=approved_plan)

        html = client_for(executive_chair).get("/boards/executive/plan/").content.decode()

        assert "Version 2" in html
        assert "Version 1 is the plan in force" in html
        assert 'href="/boards/executive/plan/?version=1"' in html

    def test_an_earlier_version_says_so_and_keeps_its_version_when_filtered(
        self, client_for: SignedInClient, executive_chair: User, approved_plan: ActionPlan
    ) -> None:
        ActionPlanFactory(board=approved_plan.board, status=PlanStatus.DRAFT, revised_from=approved_plan)

        response = client_for(executive_chair).get("/boards/executive/plan/?version=1")

        assert response.context["plan"] == approved_plan
        html = response.content.decode()
        assert "This is an earlier version." in html
        assert '<input type="hidden" name="version" value="1">' in html

    def test_a_replaced_version_says_it_was_replaced_not_that_it_awaits_approval(
        self, client_for: SignedInClient, executive_chair: User, approved_plan: ActionPlan
    ) -> None:
        ActionPlan.objects.filter(pk=approved_plan.pk).update(status=PlanStatus.SUPERSEDED)
        ActionPlanFactory(board=approved_plan.board, status=PlanStatus.APPROVED, revised_from=approved_plan)

        html = client_for(executive_chair).get("/boards/executive/plan/?version=1").content.decode()

        assert "This version has been replaced: version 2 is the plan in force." in html
        assert "until this version is approved" not in html


class TestLifeCycleButtons:
    def test_the_chair_of_a_draft_sees_add_and_submit(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        html = client_for(victim_chair).get("/boards/victim/plan/").content.decode()
        assert "Add an action" in html
        assert "Submit for approval" in html
        assert "Approve the plan" not in html

    def test_a_member_sees_no_buttons(
        self, client_for: SignedInClient, uncleared_member: User, owned_action: Action
    ) -> None:
        html = client_for(uncleared_member).get("/boards/victim/plan/").content.decode()
        for button in ["Add an action", "Submit for approval", "Approve the plan", "Start a revision"]:
            assert button not in html

    def test_an_approved_plan_offers_its_chair_a_revision_only(
        self, client_for: SignedInClient, executive_chair: User, approved_plan: ActionPlan
    ) -> None:
        html = client_for(executive_chair).get("/boards/executive/plan/").content.decode()
        assert "Start a revision" in html
        assert "Add an action" not in html
        assert "An approved plan cannot be changed." in html

    def test_the_chair_submits_and_the_approver_returns_it_with_a_reason(
        self, client_for: SignedInClient, victim_chair: User, swp_chair: User, owned_action: Action
    ) -> None:
        chair, approver = client_for(victim_chair), client_for(swp_chair)

        submitted = chair.post("/boards/victim/plan/1/submit/", follow=True)
        assert "submitted to the partnership for approval" in submitted.content.decode()
        assert "Approve the plan" in approver.get("/boards/victim/plan/").content.decode()

        refused = approver.post("/boards/victim/plan/1/return/", {"reason": ""})
        assert field_errors(refused, "reason") == ["Enter why the plan is being returned"]
        approver.post("/boards/victim/plan/1/return/", {"reason": "Every action needs a lead organisation."})

        html = chair.get("/boards/victim/plan/").content.decode()
        assert "Returned" in html
        assert "Every action needs a lead organisation." in html
        assert "Submit for approval" in html

    @pytest.fixture
    def approving_chair(self, client_for: SignedInClient, victim_chair: User, owned_action: Action) -> Client:
        """The Victim Board's chair, an SWP approver too, who has just submitted its plan."""
        RoleAssignmentFactory(user=victim_chair, role=PartnershipRole.SWP_APPROVER)
        chair = client_for(victim_chair)
        chair.post("/boards/victim/plan/1/submit/")
        return chair

    def test_an_approver_who_chairs_the_board_leaves_approving_what_they_submitted_to_another(
        self, client_for: SignedInClient, approving_chair: Client, swp_chair: User, owned_action: Action
    ) -> None:
        chair = approving_chair
        page = chair.get("/boards/victim/plan/").content.decode()
        assert "Approve the plan" not in page
        assert "You submitted this version, so another approver must approve it." in page
        assert chair.post("/boards/victim/plan/1/approve/").status_code == 403

        client_for(swp_chair).post("/boards/victim/plan/1/approve/")
        owned_action.plan.refresh_from_db()
        assert owned_action.plan.status == PlanStatus.APPROVED

    def test_a_second_approver_writing_a_return_reason_meanwhile_keeps_it_and_is_told_why(
        self,
        client_for: SignedInClient,
        swp_chair: User,
        executive_chair: User,
        offender_chair: User,
        submitted_plan: ActionPlan,
    ) -> None:
        RoleAssignmentFactory(user=executive_chair, role=PartnershipRole.SWP_APPROVER)
        first, second = client_for(swp_chair), client_for(executive_chair)

        _return_reason_written_as_another_approves(second, first, "offender")

        submitted_plan.refresh_from_db()
        assert submitted_plan.status == PlanStatus.APPROVED
        # Approving it too is answered the same way, on the plan's page.
        approved_again = second.post("/boards/offender/plan/1/approve/", follow=True)
        assert "The plan was approved while you had this page open. Nothing has been changed." in (
            approved_again.content.decode()
        )
        # Someone who may not decide on plans at all is still refused.
        assert client_for(offender_chair).post("/boards/offender/plan/1/return/", {"reason": "No"}).status_code == 403

    def test_an_approver_who_submitted_it_and_was_writing_a_return_reason_keeps_it_too(
        self, client_for: SignedInClient, approving_chair: Client, swp_chair: User
    ) -> None:
        _return_reason_written_as_another_approves(approving_chair, client_for(swp_chair), "victim")

    def test_submitting_twice_says_the_plan_is_already_submitted(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        chair = client_for(victim_chair)
        chair.post("/boards/victim/plan/1/submit/")

        again = chair.post("/boards/victim/plan/1/submit/", follow=True)

        assert again.status_code == 200
        assert "The plan was submitted for approval while you had this page open." in again.content.decode()

    def test_the_approver_approves_and_the_plan_is_read_only(
        self, client_for: SignedInClient, swp_chair: User, offender_chair: User, submitted_plan: ActionPlan
    ) -> None:
        response = client_for(swp_chair).post("/boards/offender/plan/1/approve/", follow=True)

        assert "Version 1 of the Offender Board action plan is approved." in response.content.decode()
        submitted_plan.refresh_from_db()
        assert submitted_plan.status == PlanStatus.APPROVED
        assert "Add an action" not in client_for(offender_chair).get("/boards/offender/plan/").content.decode()

    def test_submitting_an_empty_plan_says_what_to_do(
        self, client_for: SignedInClient, victim_chair: User, victim_plan: ActionPlan
    ) -> None:
        response = client_for(victim_chair).post("/boards/victim/plan/1/submit/", follow=True)
        assert "Add at least one action before submitting the plan." in response.content.decode()
        victim_plan.refresh_from_db()
        assert victim_plan.status == PlanStatus.DRAFT

    def test_starting_a_revision_opens_the_new_draft(
        self, client_for: SignedInClient, executive_chair: User, approved_plan: ActionPlan
    ) -> None:
        response = client_for(executive_chair).post("/boards/executive/plan/1/revise/", follow=True)

        assert response.redirect_chain[-1][0] == "/boards/executive/plan/"
        assert response.context["plan"].version == 2
        assert _titles(response) == ["Cross-board performance review"]

    def test_a_board_without_a_plan_lets_its_chair_start_one(
        self, client_for: SignedInClient, swp_chair: User, uncleared_member: User, swp_board: Board
    ) -> None:
        assert "Start the action plan" not in client_for(uncleared_member).get("/boards/swp/plan/").content.decode()
        chair = client_for(swp_chair)
        assert "Start the action plan" in chair.get("/boards/swp/plan/").content.decode()

        response = chair.post("/boards/swp/plan/start/", follow=True)

        assert response.context["plan"].status == PlanStatus.DRAFT
        assert "Add an action" in response.content.decode()


class TestActionsAgreedAtMeetings:
    def test_they_come_first_in_their_own_group_until_linked_to_an_objective(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        owned_action: Action,
        victim_objectives: list[Objective],
    ) -> None:
        ActionFactory(plan=owned_action.plan, objective=None, title="Joint patrols", order=99)

        response = client_for(victim_chair).get("/boards/victim/plan/")

        groups = [(objective, [a.title for a in actions]) for objective, actions in shown(response, "groups")]
        assert groups == [(None, ["Joint patrols"]), (victim_objectives[1], ["MARAC case review"])]
        html = response.content.decode()
        assert html.index("Agreed at meetings, not yet linked to an objective") < html.index("Joint patrols")
        assert html.index("Joint patrols") < html.index("MARAC case review")

    def test_the_objective_filter_finds_them(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        ActionFactory(plan=owned_action.plan, objective=None, title="Joint patrols")

        response = client_for(victim_chair).get("/boards/victim/plan/?objective=null")

        assert _titles(response) == ["Joint patrols"]
        assert "Not linked to an objective yet" in response.content.decode()

    def test_sorted_they_take_their_place_and_say_they_are_not_linked(
        self, client_for: SignedInClient, victim_chair: User, owned_action: Action
    ) -> None:
        ActionFactory(plan=owned_action.plan, objective=None, title="Zebra crossing patrols")

        response = client_for(victim_chair).get("/boards/victim/plan/?sort=title")

        assert _titles(response) == ["MARAC case review", "Zebra crossing patrols"]
        assert "Not linked to an objective yet" in response.content.decode().split("Zebra crossing patrols", 1)[1]


class TestReordering:
    @pytest.fixture
    def three(self, victim_plan: ActionPlan, victim_objectives: list[Objective]) -> list[Action]:
        objective = victim_objectives[0]
        # Orders as a plan built over time has them: gaps, and two the same.
        return [
            ActionFactory(plan=victim_plan, objective=objective, title="Referral pathway", order=4),
            ActionFactory(plan=victim_plan, objective=objective, title="Helpline", order=9),
            ActionFactory(plan=victim_plan, objective=objective, title="Peer support", order=9),
        ]

    def _order(self, client: Client) -> list[str]:
        groups = shown(client.get("/boards/victim/plan/"), "groups")
        return [action.title for _, actions in groups for action in actions]

    def test_the_chair_moves_an_action_up_and_down_among_its_objectives_actions(
        self, client_for: SignedInClient, victim_chair: User, three: list[Action]
    ) -> None:
        client = client_for(victim_chair)
        peer_support = three[2]

        response = client.post(f"/actions/{peer_support.pk}/move/", {"direction": "up"})

        assert response.status_code == 302
        assert response["Location"] == f"/boards/victim/plan/?version=1&page=1#action-{peer_support.pk}"
        assert self._order(client) == ["Referral pathway", "Peer support", "Helpline"]
        client.post(f"/actions/{peer_support.pk}/move/", {"direction": "up"})
        assert self._order(client) == ["Peer support", "Referral pathway", "Helpline"]
        client.post(f"/actions/{three[0].pk}/move/", {"direction": "down"})
        assert self._order(client) == ["Peer support", "Helpline", "Referral pathway"]
        record = peer_support.history.first()
        assert (record.history_user, record.history_change_reason) == (victim_chair, "Moved up the plan.")
        peer_support.refresh_from_db()
        assert peer_support.lock_version == 0

    def test_the_first_cannot_go_higher_and_the_buttons_say_so_by_their_absence(
        self, client_for: SignedInClient, victim_chair: User, three: list[Action]
    ) -> None:
        client = client_for(victim_chair)

        response = client.post(f"/actions/{three[0].pk}/move/", {"direction": "up"}, follow=True)

        assert "“Referral pathway” is already first under its objective." in response.content.decode()
        assert client.post(f"/actions/{three[1].pk}/move/", {"direction": "sideways"}).status_code == 400
        assert self._order(client) == ["Referral pathway", "Helpline", "Peer support"]
        html = client.get("/boards/victim/plan/").content.decode()
        assert html.count(">Move up<") == 2
        assert html.count(">Move down<") == 2
        assert 'Move up<span class="govuk-visually-hidden">: Helpline</span>' in html

    def test_an_action_moves_across_a_page_break_and_the_move_is_announced(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        victim_plan: ActionPlan,
        victim_objectives: list[Objective],
    ) -> None:
        actions = [
            ActionFactory(plan=victim_plan, objective=victim_objectives[0], title=f"Action {number:02}", order=number)
            for number in range(1, PAGE_SIZE + 3)
        ]
        client = client_for(victim_chair)
        last_on_first_page, first_on_second_page = actions[PAGE_SIZE - 1], actions[PAGE_SIZE]

        first_page = client.get("/boards/victim/plan/").content.decode()
        second_page = client.get("/boards/victim/plan/?page=2").content.decode()

        assert f'Move down<span class="govuk-visually-hidden">: {last_on_first_page.title}</span>' in first_page
        assert f'Move up<span class="govuk-visually-hidden">: {first_on_second_page.title}</span>' in second_page
        moved = client.post(f"/actions/{first_on_second_page.pk}/move/", {"direction": "up"})
        # Back on the first page, where the action now is, at the action.
        assert moved["Location"] == f"/boards/victim/plan/?version=1&page=1#action-{first_on_second_page.pk}"
        first_page_again = client.get(moved["Location"])
        assert f"“{first_on_second_page.title}” has been moved up." in first_page_again.content.decode()
        titles = [action.title for _, group in shown(first_page_again, "groups") for action in group]
        assert titles[PAGE_SIZE - 1] == first_on_second_page.title
        moved_down = client.post(f"/actions/{first_on_second_page.pk}/move/", {"direction": "down"})
        assert moved_down["Location"] == f"/boards/victim/plan/?version=1&page=2#action-{first_on_second_page.pk}"

    def test_no_moving_on_an_approved_plan_or_a_filtered_list_or_for_an_owner(
        self,
        client_for: SignedInClient,
        victim_chair: User,
        action_owner: User,
        victim_plan: ActionPlan,
        three: list[Action],
    ) -> None:
        assert (
            ">Move up<" not in client_for(victim_chair).get("/boards/victim/plan/?status=not_started").content.decode()
        )
        assert ">Move up<" not in client_for(action_owner).get("/boards/victim/plan/").content.decode()
        assert client_for(action_owner).post(f"/actions/{three[1].pk}/move/", {"direction": "up"}).status_code == 403
        ActionPlan.objects.filter(pk=victim_plan.pk).update(status=PlanStatus.APPROVED)
        client = client_for(victim_chair)
        assert ">Move up<" not in client.get("/boards/victim/plan/").content.decode()
        assert client.post(f"/actions/{three[1].pk}/move/", {"direction": "up"}).status_code == 403
        assert self._order(client) == ["Referral pathway", "Helpline", "Peer support"]
