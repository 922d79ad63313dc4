"""Adding an action through its GOV.UK form: what a chair may enter, and how a wrong answer is
explained, beside the field and in the error summary, with nothing saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from actions.models import Action, ActionPlan
from boards.models import Board
from priorities.models import Objective
from swp.models import Organisation, User
from tests.actions.conftest import in_days
from tests.actions.factories import ActionPlanFactory
from tests.actions.helpers import action_form_data, error_summary, field_errors
from tests.priorities.factories import ObjectiveFactory
from tests.swp.factories import UserFactory

SignedInClient = Callable[[User], Client]


class TestAddAction:
    @pytest.fixture
    def chair(self, client_for: SignedInClient, victim_chair: User, victim_plan: ActionPlan) -> Client:
        return client_for(victim_chair)

    def test_the_chair_adds_an_action_with_owner_lead_date_places_and_cohorts(
        self,
        chair: Client,
        victim_objectives: list[Objective],
        action_owner: User,
        police: Organisation,
        church_street: object,
        repeat_victims: object,
    ) -> None:
        data = action_form_data(
            objective=victim_objectives[0],
            owner=action_owner,
            lead_organisation=police,
            due=in_days(90),
            places=(church_street,),  # type: ignore[arg-type]
            cohorts=(repeat_victims,),  # type: ignore[arg-type]
        )

        response = chair.post("/boards/victim/plan/1/actions/add/", data, follow=True)

        action = Action.objects.get(title="Joint home visits to repeat victims")
        assert (action.owner, action.lead_organisation, action.due_date) == (action_owner, police, in_days(90))
        assert list(action.places.all()) == [church_street]
        assert list(action.cohorts.all()) == [repeat_victims]
        assert "“Joint home visits to repeat victims” has been added to the plan." in response.content.decode()

    def test_a_board_without_objectives_adds_actions_without_choosing_one(
        self, client_for: SignedInClient, executive_chair: User, executive_board: Board, police: Organisation
    ) -> None:
        ActionPlanFactory(board=executive_board, version=1)
        chair = client_for(executive_chair)
        assert 'name="objective"' not in chair.get("/boards/executive/plan/1/actions/add/").content.decode()

        data = action_form_data(objective=None, owner=executive_chair, lead_organisation=police, due=in_days(30))
        response = chair.post("/boards/executive/plan/1/actions/add/", data, follow=True)

        assert Action.objects.get(title="Joint home visits to repeat victims").objective is None
        html = response.content.decode()
        assert "The board's actions" in html
        assert "not yet linked to an objective" not in html

    def test_a_due_date_in_the_past_is_explained_beside_the_date(
        self, chair: Client, victim_objectives: list[Objective], action_owner: User, police: Organisation
    ) -> None:
        data = action_form_data(
            objective=victim_objectives[0], owner=action_owner, lead_organisation=police, due=in_days(-1)
        )

        response = chair.post("/boards/victim/plan/1/actions/add/", data)

        message = "The due date must be today or in the future"
        assert response.status_code == 200
        assert field_errors(response, "due_date") == [message]
        assert error_summary(response) == [message]
        assert '<a href="#id_due_date_0">' in response.content.decode()
        assert response.context["page_title"].startswith("Error: ")
        assert not Action.objects.exists()

    def test_an_owner_outside_the_partner_organisations_is_explained_beside_the_owner(
        self, chair: Client, victim_objectives: list[Objective], police: Organisation
    ) -> None:
        freelancer = UserFactory(username="freelancer", organisation=None)
        data = action_form_data(
            objective=victim_objectives[0], owner=freelancer, lead_organisation=police, due=in_days(30)
        )

        response = chair.post("/boards/victim/plan/1/actions/add/", data)

        assert field_errors(response, "owner") == [
            "Choose an owner who works for one of the partnership's organisations"
        ]
        assert not Action.objects.exists()

    def test_an_objective_of_another_board_is_explained_beside_the_objective(
        self,
        chair: Client,
        victim_objectives: list[Objective],
        offender_board: Board,
        action_owner: User,
        police: Organisation,
    ) -> None:
        elsewhere = ObjectiveFactory(board=offender_board, text="Reduce reoffending.")
        data = action_form_data(objective=elsewhere, owner=action_owner, lead_organisation=police, due=in_days(30))

        response = chair.post("/boards/victim/plan/1/actions/add/", data)

        assert field_errors(response, "objective") == ["Choose one of the Victim Board's objectives"]
        assert '<a href="#id_objective_1">' in response.content.decode()
        assert not Action.objects.exists()

    def test_every_missing_answer_is_listed_and_shown_beside_its_field(
        self, chair: Client, victim_objectives: list[Objective]
    ) -> None:
        response = chair.post("/boards/victim/plan/1/actions/add/", {})

        assert error_summary(response) == [
            "Choose the objective this action serves",
            "Enter a title for the action",
            "Choose who owns the action",
            "Choose the partner organisation that leads the action",
            "Enter the due date",
        ]
        assert field_errors(response, "title") == ["Enter a title for the action"]

    def test_an_owner_on_a_confidential_board_must_be_cleared(
        self, client_for: SignedInClient, contest_chair: User, contest_action: Action, action_owner: User
    ) -> None:
        data = action_form_data(
            objective=contest_action.objective,
            owner=action_owner,
            lead_organisation=action_owner.organisation,  # type: ignore[arg-type]
            due=in_days(30),
        )

        response = client_for(contest_chair).post("/boards/contest/plan/1/actions/add/", data)

        (message,) = field_errors(response, "owner")
        assert message.endswith("and holds Counter-Terrorist Check (CTC) clearance")
        assert action_owner not in response.context["form"].fields["owner"].queryset
